import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { lookupHasher, type LookupHash, type LookupKey } from './lookup-hash';
import { SigningWorker } from './signing-worker';

/** The keys file: Ed25519 signing keys (newest last, the active one) and the secret for receipt links. */
export interface KeyFile {
  keys: (JWK & { kid: string; created: string })[];
  /** base64url, 32 bytes: derives each receipt's access secret (HMAC), so replays get the same one. */
  receiptSecretKey: string;
  /** Lookup-hash keys added by rotation (`assent keys rotate-lookup`), newest last; absent: `k1` only. */
  lookupKeys?: LookupKey[];
}

export class KeyFileError extends Error {}

/** Makes a new key file, or adds a new active key to an existing one (rotation keeps the old keys). */
export async function generateKey(existing: KeyFile | undefined, now: Date): Promise<KeyFile> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return {
    ...existing,
    keys: [...(existing?.keys ?? []), { ...jwk, kid, alg: 'EdDSA', use: 'sig', created: now.toISOString() }],
    receiptSecretKey: existing?.receiptSecretKey ?? randomBytes(32).toString('base64url'),
  };
}

export function parseKeyFile(text: string, where: string): KeyFile {
  let data: KeyFile;
  try {
    data = JSON.parse(text);
  } catch {
    throw new KeyFileError(`${where}: not valid JSON`);
  }
  if (!Array.isArray(data?.keys) || !data.keys.length)
    throw new KeyFileError(`${where}: "keys" must list at least one key (run: npx assent keys generate)`);
  data.keys.forEach((k, i) => {
    if (k?.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string' || typeof k.kid !== 'string')
      throw new KeyFileError(`${where}: keys[${i}] is not an Ed25519 JWK with a kid`);
  });
  if (typeof data.receiptSecretKey !== 'string' || Buffer.from(data.receiptSecretKey, 'base64url').length < 32)
    throw new KeyFileError(`${where}: "receiptSecretKey" must be 32 bytes, base64url`);
  if (data.lookupKeys !== undefined && !Array.isArray(data.lookupKeys))
    throw new KeyFileError(`${where}: "lookupKeys" must be a list (run: npx assent keys rotate-lookup)`);
  data.lookupKeys?.forEach((k, i) => {
    if (
      !/^k([2-9]|[1-9]\d+)$/.test(k?.version ?? '') ||
      (data.lookupKeys ?? []).findIndex((o) => o.version === k.version) !== i
    )
      throw new KeyFileError(`${where}: lookupKeys[${i}].version must be k2, k3 … and unique`);
    if (typeof k.secret !== 'string' || Buffer.from(k.secret, 'base64url').length < 32)
      throw new KeyFileError(`${where}: lookupKeys[${i}].secret must be 32 bytes, base64url`);
  });
  return data;
}

/** Adds a new lookup-hash key (`k2`, then `k3` …): new contact hashes use it, searches try every key in the file. */
export function rotateLookupKey(file: KeyFile, now: Date): KeyFile {
  const last = file.lookupKeys?.at(-1)?.version ?? 'k1';
  const version = `k${Number(last.slice(1)) + 1}`;
  const key = { version, secret: randomBytes(32).toString('base64url'), created: now.toISOString() };
  return { ...file, lookupKeys: [...(file.lookupKeys ?? []), key] };
}

/** Public JWKs only: what `/.well-known/jwks.json` publishes and what verification needs. */
export function publicJwks(file: Pick<KeyFile, 'keys'>): { keys: JWK[] } {
  return {
    keys: file.keys.map(({ kty, crv, x, kid, alg, use }) => ({
      kty,
      crv,
      x,
      kid,
      alg: alg ?? 'EdDSA',
      use: use ?? 'sig',
    })),
  };
}

/** The active (newest) key of a key file, the one that signs: its id and its private JWK. */
export function signingKey(file: Pick<KeyFile, 'keys'>) {
  const active = file.keys[file.keys.length - 1]!;
  if (!active.d) throw new KeyFileError(`the active key ${active.kid} has no private part`);
  return { kid: active.kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: active.x!, d: active.d } };
}
export type SigningKey = ReturnType<typeof signingKey>;

const jwsHeader = (kid: string) => Buffer.from(JSON.stringify({ alg: 'EdDSA', kid })).toString('base64url');
const signingInput = (header: string, payload: string) => `${header}.${Buffer.from(payload).toString('base64url')}`;

/** The detached JWS `KeyRing` makes, with one key and nothing else (the SQLite writer thread gets only this key). */
export function detachedSigner({ kid, jwk }: SigningKey) {
  const header = jwsHeader(kid);
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const signSync = (payload: string) =>
    `${header}..${sign(null, Buffer.from(signingInput(header, payload)), key).toString('base64url')}`;
  return { sign: async (payload: string) => signSync(payload), signSync };
}

/**
 * Signs with the active (newest) key; verification (jose) accepts any key of the set. Detached JWS (RFC 7515
 * App. F). Signing uses node:crypto directly: the same EdDSA JWS, ≈ 41 µs instead of jose's 200 µs (bench:stages),
 * and it runs once per receipt on the collector's hot path — on a worker thread under load when `load` is asked for
 * one (ASSENT_SIGNING_THREAD=1), so the event loop keeps serving requests meanwhile.
 */
export class KeyRing {
  readonly #header: string;
  readonly #signInline = (input: string) => sign(null, Buffer.from(input), this.privateKey).toString('base64url');
  #worker: SigningWorker | undefined;

  private constructor(
    readonly kid: string,
    private readonly privateKey: KeyObject,
    readonly jwks: { keys: JWK[] },
    readonly receiptSecretKey: Buffer,
    private readonly lookupKeys: readonly LookupKey[] = [],
  ) {
    this.#header = jwsHeader(kid);
  }

  static async load(
    file: KeyFile,
    {
      signingThread = false,
      onThreadFailure,
    }: { signingThread?: boolean; onThreadFailure?: (error: Error) => void } = {},
  ): Promise<KeyRing> {
    const { kid, jwk } = signingKey(file);
    const ring = new KeyRing(
      kid,
      createPrivateKey({ key: jwk, format: 'jwk' }),
      publicJwks(file),
      Buffer.from(file.receiptSecretKey, 'base64url'),
      file.lookupKeys,
    );
    if (signingThread) ring.#worker = new SigningWorker(jwk, ring.#signInline, onThreadFailure);
    return ring;
  }

  /** `<protected>..<signature>`: the payload is left out and rebuilt from the receipt when verifying. */
  async signDetached(payload: string): Promise<string> {
    const input = signingInput(this.#header, payload);
    return `${this.#header}..${this.#worker ? await this.#worker.sign(input) : this.#signInline(input)}`;
  }

  /** The same JWS, made here and now: for signing inside a transaction. */
  signDetachedSync(payload: string): string {
    return `${this.#header}..${this.#signInline(signingInput(this.#header, payload))}`;
  }

  /** Keyed hashes of subjects and search terms for the logs (lookup-hash.ts). */
  #lookup: ReturnType<typeof lookupHasher> | undefined;
  readonly lookupHash: LookupHash = (site, value) =>
    (this.#lookup ??= lookupHasher(this.receiptSecretKey, this.lookupKeys)).hash(site, value);
  /** The same value's hash under every lookup key still in the file, newest first: what a search looks for. */
  readonly lookupHashes = (site: string, value: string): string[] =>
    (this.#lookup ??= lookupHasher(this.receiptSecretKey, this.lookupKeys)).all(site, value);

  /** What the store signs its logs with. */
  readonly signer = {
    sign: (payload: string) => this.signDetached(payload),
    signSync: (payload: string) => this.signDetachedSync(payload),
  };

  /** Stops the signing thread (what it still had is signed here first). */
  async close() {
    await this.#worker?.close();
    this.#worker = undefined;
  }
}

// Imported keys by JWK set and kid: `assent verify` checks a million signatures with a handful of keys.
const imported = new WeakMap<object, Map<string, Promise<Awaited<ReturnType<typeof importJWK>>>>>();
const keyFor = (jwks: { keys: JWK[] }, jwk: JWK) => {
  let keys = imported.get(jwks);
  if (!keys) imported.set(jwks, (keys = new Map()));
  let key = keys.get(jwk.kid!);
  if (!key) keys.set(jwk.kid!, (key = importJWK(jwk, 'EdDSA')));
  return key;
};

/** Checks a detached JWS over `payload` against a JWK set; names the key, or says why it fails. */
export async function verifyDetached(
  jws: string,
  payload: string,
  jwks: { keys: JWK[] },
): Promise<{ ok: true; kid: string } | { ok: false; reason: string }> {
  if (typeof jws !== 'string') return { ok: false, reason: 'not signed' };
  const [header, empty, signature] = jws.split('.');
  if (!header || empty !== '' || !signature) return { ok: false, reason: 'malformed signature' };
  // base64url has room for unused bits in its last character: only the canonical spelling is accepted, so an edited
  // signature column never "verifies" by decoding to the same bytes.
  if (
    Buffer.from(header, 'base64url').toString('base64url') !== header ||
    Buffer.from(signature, 'base64url').toString('base64url') !== signature
  )
    return { ok: false, reason: 'malformed signature (not canonical base64url)' };
  let kid: string | undefined;
  try {
    kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
  } catch {
    return { ok: false, reason: 'malformed signature header' };
  }
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) return { ok: false, reason: `unknown key ${kid}` };
  try {
    await compactVerify(
      `${header}.${Buffer.from(payload).toString('base64url')}.${signature}`,
      await keyFor(jwks, jwk),
    );
    return { ok: true, kid: kid! };
  } catch {
    return { ok: false, reason: 'signature does not match the content' };
  }
}
