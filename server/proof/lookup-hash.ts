import { createHmac } from 'node:crypto';

/**
 * Keyed hashes of what identifies a person (a subject id, a search term): HMAC-SHA256 with a key per site,
 * derived from the key file's secret, so the access log and the erasure log can say *which* person without
 * keeping who it is — someone with the database alone cannot test guesses against them. Prefixed with the key's
 * version, so a rotation can tell old hashes from new ones.
 */
export function lookupHasher(secret: Buffer) {
  const keys = new Map<string, Buffer>();
  const keyOf = (site: string) => {
    let key = keys.get(site);
    if (!key) keys.set(site, (key = createHmac('sha256', secret).update(`assent:lookup:v1:${site}`).digest()));
    return key;
  };
  return (site: string, value: string) =>
    `k1:${createHmac('sha256', keyOf(site)).update(value).digest('base64url').slice(0, 27)}`;
}
export type LookupHash = ReturnType<typeof lookupHasher>;
