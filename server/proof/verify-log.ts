import type { Kysely } from 'kysely';
import type { JWK } from 'jose';
import { canonicalJson, type StoredReceipt } from '../../protocol';
import type { Database } from '../store/database-schema';
import { GENESIS, linkHash, sha256 } from './hash-chain';
import { verifyDetached } from './key-ring';
import { verifyReceipt } from './receipt-proof';

export interface VerifyReport {
  ok: boolean;
  receipts: number;
  checkpoints: number;
  accessEntries?: number;
  /** The first problem found, naming the record. */
  problem?: string;
}

/**
 * Walks the receipt log in order and checks: each link follows the previous one (no deletion, insertion or
 * reordering), each record matches its digest and its columns (no edit), each receipt's signature, and that every
 * signed checkpoint's head is in the log as signed (no records cut off the end). Stops at the first problem.
 */
export async function verifyLog(db: Kysely<Database>, jwks: { keys: JWK[] }): Promise<VerifyReport> {
  let prev = GENESIS;
  let count = 0;
  const heads = new Map<number, string>();
  const fail = (problem: string, checkpoints = 0): VerifyReport => ({ ok: false, receipts: count, checkpoints, problem });

  for await (const row of inPages((after) => db.selectFrom('receipts').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE).execute())) {
    const where = `receipt ${row.id} (seq ${row.seq})`;
    if (row.hash === null) {
      if (prev !== GENESIS) return fail(`${where}: has no chain link after linked records`);
      continue; // written before the log existed (migration 0002)
    }
    count++;
    if (row.prev_hash !== prev) return fail(`${where}: does not follow the record before it — a record was deleted, inserted or reordered here`);
    if (row.hash !== linkHash(prev, row.seq, row.id, row.record_digest ?? '')) return fail(`${where}: its chain link does not match its content — edited`);
    if (!row.erased_at) {
      if (sha256(row.record) !== row.record_digest) return fail(`${where}: its content does not match the digest in the chain — edited`);
      let receipt: StoredReceipt;
      try {
        receipt = JSON.parse(row.record);
      } catch {
        return fail(`${where}: its content is not JSON — edited`);
      }
      const columns = { id: receipt.id, site: receipt.site, subject: receipt.subject, policy: receipt.policy, action: receipt.action, method: receipt.method, received_at: receipt.receivedAt };
      for (const [k, v] of Object.entries(columns)) if ((row as Record<string, unknown>)[k] !== v) return fail(`${where}: column ${k} differs from the signed receipt — edited`);
      const sig = await verifyReceipt(receipt, jwks);
      if (!sig.ok) return fail(`${where}: ${sig.reason}`);
    }
    heads.set(row.seq, row.hash);
    prev = row.hash;
  }

  const checkpoints = await db.selectFrom('checkpoints').selectAll().where('log', '=', 'receipts').orderBy('seq').execute();
  for (const cp of checkpoints) {
    const sig = await verifyDetached(cp.signature, canonicalJson({ log: cp.log, headSeq: cp.head_seq, headHash: cp.head_hash, createdAt: cp.created_at }), jwks);
    if (!sig.ok) return fail(`checkpoint ${cp.seq}: ${sig.reason}`, checkpoints.length);
    if (heads.get(cp.head_seq) !== cp.head_hash) return fail(`checkpoint ${cp.seq} (signed ${cp.created_at}) vouches for receipt seq ${cp.head_seq}, which is missing or altered — records were removed or rewritten`, checkpoints.length);
  }
  // The staff access log is chained the same way; its entries are not signed one by one.
  let prevAccess = GENESIS;
  let entries = 0;
  for await (const row of inPages((after) => db.selectFrom('access_log').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE).execute())) {
    const where = `access log entry ${row.seq} (${row.at})`;
    if (row.prev_hash !== prevAccess) return fail(`${where}: does not follow the entry before it — an entry was deleted, inserted or reordered`, checkpoints.length);
    if (row.hash !== linkHash(prevAccess, row.seq, row.token_id, sha256(row.record))) return fail(`${where}: does not match its chain link — edited`, checkpoints.length);
    prevAccess = row.hash;
    entries++;
  }
  return { ok: true, receipts: count, checkpoints: checkpoints.length, accessEntries: entries };
}

const PAGE = 1000;

/** Rows in `seq` order, a page at a time (keyset pagination works the same on SQLite and PostgreSQL). */
async function* inPages<R extends { seq: number }>(page: (afterSeq: number) => Promise<R[]>): AsyncIterable<R> {
  for (let after = 0; ; ) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.seq;
  }
}
