import { createHmac } from 'node:crypto';

/** A lookup key added by `assent keys rotate-lookup`: its version (`k2`, `k3` …) and 32 secret bytes (base64url). */
export interface LookupKey {
  version: string;
  secret: string;
  created: string;
}

/**
 * Keyed hashes of what identifies a person (a subject id, a search term, a patient's phone number or email):
 * HMAC-SHA256 with a key per site, derived from a secret of the key file, so the logs and the contact index can
 * say *which* person without keeping who it is — someone with the database alone cannot test guesses against
 * them. Each hash starts with its key's version: `k1` derives from `receiptSecretKey`, later versions from the
 * `lookupKeys` a rotation adds. New hashes use the newest version; a search tries every version still in the file,
 * so what was hashed before a rotation stays findable until its secret is removed from the file.
 */
export function lookupHasher(receiptSecret: Buffer, rotated: readonly LookupKey[] = []) {
  const versions = [
    { version: 'k1', secret: receiptSecret },
    ...rotated.map((k) => ({ version: k.version, secret: Buffer.from(k.secret, 'base64url') })),
  ];
  const keys = new Map<string, Buffer>();
  const keyOf = (version: string, secret: Buffer, site: string) => {
    const id = `${version}\n${site}`;
    let key = keys.get(id);
    if (!key) keys.set(id, (key = createHmac('sha256', secret).update(`assent:lookup:v1:${site}`).digest()));
    return key;
  };
  const hashWith = ({ version, secret }: (typeof versions)[number], site: string, value: string) =>
    `${version}:${createHmac('sha256', keyOf(version, secret, site))
      .update(value)
      .digest('base64url')
      .slice(0, 27)}`;
  const active = versions[versions.length - 1]!;
  return {
    /** The newest version's hash: what is written from now on. */
    hash: (site: string, value: string) => hashWith(active, site, value),
    /** Every version's hash, newest first: what a search looks for. */
    all: (site: string, value: string) => [...versions].reverse().map((k) => hashWith(k, site, value)),
  };
}
export type LookupHash = (site: string, value: string) => string;
