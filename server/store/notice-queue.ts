import type { Kysely, Selectable } from 'kysely';
import { sha256 } from '../proof/hash-chain';
import type { Database } from './database-schema';
import { appendEntryIn } from './entry-log';
import { exclusive } from './exclusive';
import type { LogSigner } from './receipt-store';

const LOCK = 'result-notices:deliver';
/** Longer than delivering a claimed chunk can take (100 notices × 10 s timeout). */
const CLAIM_LEASE_MS = 30 * 60_000;

export type QueuedNotice = Selectable<Database['result_notices']>;

/**
 * The result notices' delivery queue. The notices are written with their receipts (receipt-batch.ts) and derived
 * again by `assent verify`; a delivery is an entry of the signed `deliveries` log carrying the notice's hash.
 * Attempts, next attempt and last error are bookkeeping, not proof.
 */
export function noticeQueue(db: Kysely<Database>, signer: LogSigner) {
  return {
    /** Claims up to 100 due notices of `sites` with a lease (their next attempt moves ahead), so no other node sends them too. */
    async claimDue(sites: readonly string[], now: Date): Promise<QueuedNotice[]> {
      if (!sites.length) return [];
      const lease = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
      return db.transaction().execute(async (trx) => {
        await exclusive(trx, LOCK);
        const rows = await trx
          .selectFrom('result_notices')
          .selectAll()
          .where('site', 'in', sites)
          .where('delivered_at', 'is', null)
          .where('next_attempt_at', '<=', now.toISOString())
          .orderBy('created_at')
          .limit(100)
          .execute();
        if (rows.length)
          await trx
            .updateTable('result_notices')
            .set({ next_attempt_at: lease })
            .where(
              'receipt_id',
              'in',
              rows.map((r) => r.receipt_id),
            )
            .execute();
        return rows;
      });
    },

    /**
     * Records a delivery: the queue row and a signed entry of the `deliveries` log, in one transaction. `via` is
     * `webhook`, or `other:<means>` with the staff member who says they gave it (phone, letter …).
     */
    async delivered(notice: QueuedNotice, via: string, now: Date, by?: { staffId: string; tokenId: string }) {
      const at = now.toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('result_notices')
          .set({ delivered_at: at, delivered_via: via, attempts: notice.attempts + (by ? 0 : 1), last_error: null })
          .where('receipt_id', '=', notice.receipt_id)
          .execute();
        await appendEntryIn(trx, signer, 'deliveries', {
          at,
          site: notice.site,
          body: { receipt: notice.receipt_id, via, notice: sha256(notice.record), ...(by ? { by } : {}) },
        });
      });
    },

    /** One notice of the queue, delivered or not. */
    find: (receiptId: string) =>
      db.selectFrom('result_notices').selectAll().where('receipt_id', '=', receiptId).executeTakeFirst(),

    async failed(notice: QueuedNotice, error: string, nextAttempt: Date) {
      await db
        .updateTable('result_notices')
        .set({ attempts: notice.attempts + 1, last_error: error, next_attempt_at: nextAttempt.toISOString() })
        .where('receipt_id', '=', notice.receipt_id)
        .execute();
    },
  };
}
export type NoticeQueue = ReturnType<typeof noticeQueue>;
