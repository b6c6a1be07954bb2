import { PERSONAL_FIELDS, canonicalJson, type StoredReceipt } from '../../protocol';
import { sha256 } from './hash-chain';

// `secret` is never stored: the collector adds it to its answer, so a visitor's downloaded file has it.
const HIDDEN = new Set<string>([...PERSONAL_FIELDS, 'salt', 'signature', 'secret']);

/**
 * The receipt without what an erasure removes (nor the access secret of a downloaded copy): what every row, erased
 * or not, still proves.
 */
export function publicPart(receipt: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(receipt).filter(([k]) => !HIDDEN.has(k)));
}

/** sha256 over the salt and the personal fields: without the salt (gone with an erasure) it cannot be guessed back. */
export function personalDigest(receipt: Pick<StoredReceipt, 'salt' | (typeof PERSONAL_FIELDS)[number]>): string {
  const personal = Object.fromEntries(PERSONAL_FIELDS.map((k) => [k, receipt[k]]));
  return sha256(`${receipt.salt}\n${canonicalJson(personal)}`);
}

/**
 * What the chain links for a receipt: its public part and the digest of its personal fields. An erasure keeps
 * both, so the erased row still proves it is the row that was there, and only the personal fields are gone.
 */
export const commitment = (publicFields: object, personal: string) =>
  sha256(canonicalJson({ public: publicFields, personal }));

export const receiptCommitment = (receipt: StoredReceipt) => commitment(publicPart(receipt), personalDigest(receipt));

/**
 * A receipt's canonical JSON (what is signed and stored), its commitment and its personal digest, from one
 * serialisation of its fields: the public part is the same text less the hidden fields, so the bytes hashed are
 * those `receiptCommitment` hashes (a test holds the two to each other).
 */
export function committedReceipt(receipt: StoredReceipt | Omit<StoredReceipt, 'signature'>) {
  const fields = receipt as unknown as Record<string, unknown>;
  const personal = personalDigest(receipt);
  let payload = '{';
  let open = '{';
  for (const key of Object.keys(fields).sort()) {
    if (fields[key] === undefined) continue;
    const part = `${JSON.stringify(key)}:${canonicalJson(fields[key])}`;
    payload += payload.length > 1 ? `,${part}` : part;
    if (!HIDDEN.has(key)) open += open.length > 1 ? `,${part}` : part;
  }
  return {
    payload: `${payload}}`,
    personal,
    digest: sha256(`{"personal":${JSON.stringify(personal)},"public":${open}}}`),
  };
}
