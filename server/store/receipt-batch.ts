import type { StoredReceipt, UnsignedReceipt } from '../../protocol';
import { linkHash } from '../proof/hash-chain';
import { personalDigest, receiptCommitment } from '../proof/receipt-commitment';
import { signedContent } from '../proof/receipt-proof';
import type { Database } from './database-schema';
import type { AppendResult } from './receipt-store';

/** A receipt waiting for its batch, with the hash of its request (the idempotency check). */
export type PendingReceipt = { receipt: UnsignedReceipt; hash: string };
export type ChainHead = { seq: number; hash: string };
type Stored = { request_hash: string; record: string };
export type ReceiptRow = Omit<Database['receipts'], 'seq' | 'erased_at' | 'erasure'> & { seq: number };

type Outcome = { kind: 'new' | 'again'; row: number } | { kind: 'existing'; receipt: StoredReceipt } | { kind: 'conflict' };
type Placed = { receipt: Omit<StoredReceipt, 'signature'>; requestHash: string; digest: string; personal: string; prev: string; hash: string };

/** A batch laid out on the chain: the new receipts with their places and links, and what each request gets. */
export interface BatchPlan {
  head: ChainHead;
  placed: Placed[];
  outcomes: Outcome[];
  /** What each new receipt's signature covers (its place in the log included). */
  inputs: string[];
}

/**
 * Lays a batch out after `head`: each new receipt gets the next sequence number and the hash of the record
 * before it (both signed with it, so its signature vouches for everything before it in the log), its salted
 * personal digest and its chain link. A receipt already stored, or earlier in the same batch, is `existing`
 * (same request) or `conflict`. Dialect-neutral: each store's writer brings `lookup` and the SQL.
 */
export function planBatch(head: ChainHead, batch: readonly PendingReceipt[], lookup: (id: string) => Stored | undefined): BatchPlan {
  const placed: Placed[] = [];
  const inBatch = new Map<string, { hash: string; row: number }>();
  let h = head;
  const outcomes = batch.map((pending): Outcome => {
    const { id } = pending.receipt;
    const stored = lookup(id);
    if (stored) return stored.request_hash === pending.hash ? { kind: 'existing', receipt: JSON.parse(stored.record) } : { kind: 'conflict' };
    const earlier = inBatch.get(id);
    if (earlier) return earlier.hash === pending.hash ? { kind: 'again', row: earlier.row } : { kind: 'conflict' };
    const seq = h.seq + 1;
    const receipt = { ...pending.receipt, log: { seq, prev: h.hash } };
    const digest = receiptCommitment(receipt as StoredReceipt);
    const hash = linkHash(h.hash, seq, id, digest);
    placed.push({ receipt, requestHash: pending.hash, digest, personal: personalDigest(receipt), prev: h.hash, hash });
    inBatch.set(id, { hash: pending.hash, row: placed.length - 1 });
    h = { seq, hash };
    return { kind: 'new', row: placed.length - 1 };
  });
  return { head, placed, outcomes, inputs: placed.map((p) => signedContent(p.receipt as StoredReceipt)) };
}

/** The signed receipts and the rows to insert, once `signatures[i]` is there for `plan.placed[i]`. */
export function rowsOf(plan: BatchPlan, signatures: readonly string[]): { rows: ReceiptRow[]; receipts: StoredReceipt[] } {
  const receipts = plan.placed.map((p, i) => ({ ...p.receipt, signature: signatures[i]! }) as StoredReceipt);
  const rows = plan.placed.map((p, i) => {
    const r = receipts[i]!;
    return {
      seq: r.log.seq,
      id: r.id,
      site: r.site,
      subject: r.subject,
      member: r.member ?? null,
      policy: r.policy,
      action: r.action,
      method: r.method,
      received_at: r.receivedAt,
      request_hash: p.requestHash,
      notice_hash: r.notice.hash,
      record: JSON.stringify(r),
      record_digest: p.digest,
      personal_digest: p.personal,
      prev_hash: p.prev,
      hash: p.hash,
    };
  });
  return { rows, receipts };
}

/** What each request of the batch is answered with. */
export function resultsOf(plan: BatchPlan, receipts: readonly StoredReceipt[]): AppendResult[] {
  return plan.outcomes.map((o) => {
    if (o.kind === 'conflict') return { status: 'conflict' };
    if (o.kind === 'existing') return { status: 'existing', receipt: o.receipt };
    return { status: o.kind === 'new' ? 'created' : 'existing', receipt: receipts[o.row]! };
  });
}
