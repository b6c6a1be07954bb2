import { createHmac } from 'node:crypto';
import { canonicalJson, type StoredReceipt } from '../../protocol';
import { verifyDetached, type KeyRing } from './key-ring';
import type { JWK } from 'jose';

/**
 * What is signed: the canonical JSON of the receipt without its signature, and without the access `secret` the
 * collector adds to its answer (a receipt file a visitor downloaded carries it).
 */
export const signedContent = (receipt: StoredReceipt & { secret?: string }) => {
  const { signature: _sig, secret: _secret, ...rest } = receipt;
  return canonicalJson(rest);
};

export async function signReceipt(receipt: StoredReceipt, keys: KeyRing): Promise<StoredReceipt> {
  return { ...receipt, signature: await keys.signDetached(signedContent(receipt)) };
}

export async function verifyReceipt(receipt: StoredReceipt, jwks: { keys: JWK[] }) {
  if (!receipt.signature) return { ok: false as const, reason: 'not signed' };
  return verifyDetached(receipt.signature, signedContent(receipt), jwks);
}

/**
 * The visitor's key to their own receipt: an HMAC of its id, so it is the same on every replay, needs no
 * storage, and cannot be guessed from the id.
 */
export const receiptSecret = (keys: Pick<KeyRing, 'receiptSecretKey'>, id: string) =>
  createHmac('sha256', keys.receiptSecretKey).update(id).digest('base64url').slice(0, 32);
