import type { JWK } from 'jose';
import type { StoredReceipt } from '../../protocol';
import { checkpointBody, type Checkpoint } from '../store/checkpoints';
import { linkHash } from './hash-chain';
import { verifyDetached } from './key-ring';
import { receiptCommitment } from './receipt-commitment';

/** What `GET /v1/log/receipts/:seq/path` answers: the receipt's link, the links after it, and the checkpoint they reach. */
export interface LogPath {
  receipt: { seq: number; id: string; prev: string; commitment: string; hash: string };
  links: { seq: number; id: string; commitment: string }[];
  checkpoint: Checkpoint;
}

/**
 * Checks, with the public keys only, that a receipt a visitor holds is in the collector's log where its signature
 * says (same place, same record before it) and that the chain from there reaches a signed checkpoint. The salt in
 * the receipt lets the visitor compute its commitment; an erasure at the collector keeps the commitment, so an
 * erased receipt still checks. Compare the checkpoint with one saved or witnessed elsewhere to rule out a rewrite.
 */
export async function checkInclusion(
  receipt: StoredReceipt,
  path: LogPath,
  jwks: { keys: JWK[] },
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { log } = receipt;
  if (!log) return { ok: false, reason: 'the receipt names no place in the log' };
  const mine = receiptCommitment(receipt);
  if (path.receipt.id !== receipt.id)
    return { ok: false, reason: `the log has receipt ${path.receipt.id} at seq ${log.seq}, not this one` };
  if (path.receipt.prev !== log.prev)
    return {
      ok: false,
      reason: `the record before seq ${log.seq} is not the one this receipt was signed after — the log before it was rewritten`,
    };
  if (path.receipt.commitment !== mine)
    return { ok: false, reason: `the log's record at seq ${log.seq} is not this receipt's content — changed` };
  let seq = log.seq;
  let hash = linkHash(log.prev, seq, receipt.id, mine);
  for (const link of path.links) {
    if (link.seq !== seq + 1) return { ok: false, reason: `the path skips from seq ${seq} to ${link.seq}` };
    seq = link.seq;
    hash = linkHash(hash, seq, link.id, link.commitment);
  }
  const head = path.checkpoint.heads?.receipts;
  if (!head || head.seq !== seq || head.hash !== hash)
    return { ok: false, reason: `the chain does not reach checkpoint ${path.checkpoint.seq}'s head` };
  const signature = await verifyDetached(path.checkpoint.signature, checkpointBody(path.checkpoint), jwks);
  return signature.ok ? { ok: true } : { ok: false, reason: `checkpoint ${path.checkpoint.seq}: ${signature.reason}` };
}
