import type { Kysely, Selectable } from 'kysely';
import type { StoredReceipt } from '../../protocol';
import type { ResultNotice } from '../notices/result-notice';
import type { Database } from './database-schema';
import { appendEntryIn } from './entry-log';
import { exclusive } from './exclusive';
import { ERASED_SUBJECT } from './redaction';
import type { LogSigner } from './receipt-store';

const CURSOR = 'result-notices';
/** Longer than delivering a claimed chunk can take (100 notices × 10 s timeout). */
const CLAIM_LEASE_MS = 30 * 60_000;

export type QueuedNotice = Selectable<Database['result_notices']>;
type Previous = { id: string; choices: StoredReceipt['choices'] } | undefined;

/**
 * The result notices' work queue: which receipts have been looked at, the notices made, their delivery attempts.
 * The notices themselves are derived from the receipts, and `assent verify` derives them again; a delivery is an
 * entry of the signed `deliveries` log. Attempts, next attempt and last error are bookkeeping, not proof.
 */
export function noticeQueue(db: Kysely<Database>, signer: LogSigner) {
  return {
    /**
     * One scan transaction: up to `chunk` receipts after the cursor, each with the same subject's receipt before
     * it (possibly earlier in the same chunk); `make` says which notice each calls for; all go in one insert.
     */
    async scanChunk(chunk: number, now: Date, make: (receipt: StoredReceipt, previous: Previous) => ResultNotice | undefined) {
      return db.transaction().execute(async (trx) => {
        await exclusive(trx, CURSOR); // one node at a time moves the cursor
        const cursor = (await trx.selectFrom('job_cursors').select('seq').where('name', '=', CURSOR).executeTakeFirst())?.seq ?? 0;
        const rows = await trx
          .selectFrom('receipts as r')
          .select((eb) => [
            'r.seq',
            'r.subject',
            'r.record',
            eb.selectFrom('receipts as p').select('p.record').whereRef('p.site', '=', 'r.site').whereRef('p.subject', '=', 'r.subject').whereRef('p.seq', '<', 'r.seq').orderBy('p.seq', 'desc').limit(1).as('previous'),
          ])
          .where('r.seq', '>', cursor)
          .orderBy('r.seq')
          .limit(chunk)
          .execute();
        const at = now.toISOString();
        const notices = rows.flatMap((row) => {
          if (row.subject === ERASED_SUBJECT) return [];
          const previous = row.previous ? (JSON.parse(row.previous) as StoredReceipt) : undefined;
          const notice = make(JSON.parse(row.record), previous && { id: previous.id, choices: previous.choices });
          return notice ? [{ receipt_id: notice.receipt, site: notice.site, subject: notice.subject, record: JSON.stringify(notice), created_at: at, next_attempt_at: at }] : [];
        });
        if (notices.length) await trx.insertInto('result_notices').values(notices).onConflict((oc) => oc.column('receipt_id').doNothing()).execute();
        if (rows.length) {
          const seq = rows[rows.length - 1]!.seq;
          await trx.insertInto('job_cursors').values({ name: CURSOR, seq }).onConflict((oc) => oc.column('name').doUpdateSet({ seq })).execute();
        }
        return { rows: rows.length, notices: notices.length };
      });
    },

    /** Claims up to 100 due notices of `sites` with a lease (their next attempt moves ahead), so no other node sends them too. */
    async claimDue(sites: readonly string[], now: Date): Promise<QueuedNotice[]> {
      if (!sites.length) return [];
      const lease = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
      return db.transaction().execute(async (trx) => {
        await exclusive(trx, `${CURSOR}:deliver`);
        const rows = await trx.selectFrom('result_notices').selectAll().where('site', 'in', sites).where('delivered_at', 'is', null).where('next_attempt_at', '<=', now.toISOString()).orderBy('created_at').limit(100).execute();
        if (rows.length) await trx.updateTable('result_notices').set({ next_attempt_at: lease }).where('receipt_id', 'in', rows.map((r) => r.receipt_id)).execute();
        return rows;
      });
    },

    /** Records a delivery: the queue row and a signed entry of the `deliveries` log, in one transaction. */
    async delivered(notice: QueuedNotice, via: 'webhook', now: Date) {
      const at = now.toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('result_notices').set({ delivered_at: at, attempts: notice.attempts + 1, last_error: null }).where('receipt_id', '=', notice.receipt_id).execute();
        await appendEntryIn(trx, signer, 'deliveries', { at, site: notice.site, body: { receipt: notice.receipt_id, via } });
      });
    },

    async failed(notice: QueuedNotice, error: string, nextAttempt: Date) {
      await db.updateTable('result_notices').set({ attempts: notice.attempts + 1, last_error: error, next_attempt_at: nextAttempt.toISOString() }).where('receipt_id', '=', notice.receipt_id).execute();
    },
  };
}
export type NoticeQueue = ReturnType<typeof noticeQueue>;
