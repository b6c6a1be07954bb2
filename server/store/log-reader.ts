import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database-schema';
import type { EntryLogName } from './entry-log';

export type ReceiptRowRead = Selectable<Database['receipts']>;
export type EntryRowRead = Selectable<Database['log_entries']>;
export type CheckpointRowRead = Selectable<Database['log_checkpoints']>;
export type NoticeTextRow = Selectable<Database['notice_texts']>;
export type ResultNoticeRow = Selectable<Database['result_notices']>;

const PAGE = 1000;

/** Rows in key order, a page at a time (keyset pagination works the same on SQLite and PostgreSQL). */
async function* inPages<R, K>(page: (after: K | undefined) => Promise<R[]>, key: (row: R) => K): AsyncIterable<R> {
  // The first page has no lower bound: a row inserted below the first real one must be read too.
  for (let after: K | undefined; ;) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = key(rows[rows.length - 1]!);
  }
}

/** Rows after `after` by `column`, or all of them. */
const from = <Q extends { where: (...args: any[]) => Q }>(q: Q, column: string, after: unknown): Q =>
  after === undefined ? q : q.where(column, '>', after);

/** Everything `assent verify` reads, every column as stored, in log order: the verifier holds no SQL of its own. */
export function logReader(db: Kysely<Database>) {
  return {
    receipts: () =>
      inPages(
        (after: number | undefined) =>
          from(db.selectFrom('receipts').selectAll(), 'seq', after).orderBy('seq').limit(PAGE).execute(),
        (r) => r.seq,
      ),
    entries: (log: EntryLogName) =>
      inPages(
        (after: number | undefined) =>
          from(db.selectFrom('log_entries').selectAll().where('log', '=', log), 'seq', after)
            .orderBy('seq')
            .limit(PAGE)
            .execute(),
        (r) => r.seq,
      ),
    /** Rows of `log_entries` whose log is none of the known ones (an insertion under a made-up name). */
    strayEntries: (known: readonly string[]) =>
      db.selectFrom('log_entries').select(['log', 'seq']).where('log', 'not in', known).limit(10).execute(),
    checkpoints: () =>
      inPages(
        (after: number | undefined) =>
          from(db.selectFrom('log_checkpoints').selectAll(), 'seq', after).orderBy('seq').limit(PAGE).execute(),
        (r) => r.seq,
      ),
    noticeTexts: () =>
      inPages(
        (after: string | undefined) =>
          from(db.selectFrom('notice_texts').selectAll(), 'hash', after).orderBy('hash').limit(PAGE).execute(),
        (r) => r.hash,
      ),
    resultNotices: () =>
      inPages(
        (after: string | undefined) =>
          from(db.selectFrom('result_notices').selectAll(), 'receipt_id', after)
            .orderBy('receipt_id')
            .limit(PAGE)
            .execute(),
        (r) => r.receipt_id,
      ),
    /** Every row of `channel_consents` (offset pages: its key has three columns). */
    channelConsents: async function* () {
      for (let offset = 0; ; offset += PAGE) {
        const rows = await db
          .selectFrom('channel_consents')
          .selectAll()
          .orderBy('site')
          .orderBy('subject')
          .orderBy('channel')
          .limit(PAGE)
          .offset(offset)
          .execute();
        yield* rows;
        if (rows.length < PAGE) return;
      }
    },
    /** Every row of `subject_contacts` (offset pages: its key has three columns). */
    subjectContacts: async function* () {
      for (let offset = 0; ; offset += PAGE) {
        const rows = await db
          .selectFrom('subject_contacts')
          .selectAll()
          .orderBy('site')
          .orderBy('contact_key')
          .orderBy('subject')
          .limit(PAGE)
          .offset(offset)
          .execute();
        yield* rows;
        if (rows.length < PAGE) return;
      }
    },
    /** Every row of `decision_counts` (offset pages: its key has seven columns). */
    decisionCounts: async function* () {
      for (let offset = 0; ; offset += PAGE) {
        const rows = await db
          .selectFrom('decision_counts')
          .selectAll()
          .orderBy('site')
          .orderBy('hour')
          .orderBy('policy')
          .orderBy('action')
          .orderBy('method')
          .orderBy('first')
          .orderBy('choices')
          .limit(PAGE)
          .offset(offset)
          .execute();
        yield* rows;
        if (rows.length < PAGE) return;
      }
    },
    rightsRequests: () =>
      inPages(
        (after: string | undefined) =>
          from(db.selectFrom('rights_requests').selectAll(), 'id', after).orderBy('id').limit(PAGE).execute(),
        (r) => r.id,
      ),
    /** The banner views a receipt answered (offset pages). */
    viewAnswers: async function* () {
      for (let offset = 0; ; offset += PAGE) {
        const rows = await db
          .selectFrom('banner_view_ids')
          .select(['site', 'view_id', 'answered_by'])
          .where('answered_by', 'is not', null)
          .orderBy('site')
          .orderBy('view_id')
          .limit(PAGE)
          .offset(offset)
          .execute();
        yield* rows;
        if (rows.length < PAGE) return;
      }
    },
    receiptById: (id: string) => db.selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirst(),
    receiptAt: (seq: number) => db.selectFrom('receipts').selectAll().where('seq', '=', seq).executeTakeFirst(),
    entryAt: (log: EntryLogName, seq: number) =>
      db.selectFrom('log_entries').selectAll().where('log', '=', log).where('seq', '=', seq).executeTakeFirst(),
    checkpointAt: (seq: number) =>
      db.selectFrom('log_checkpoints').selectAll().where('seq', '=', seq).executeTakeFirst(),
    /** The chain from just after `seq` to `through`, both receipts' places: what a visitor needs to reach a checkpoint. */
    receiptLinks: (seq: number, through: number) =>
      db
        .selectFrom('receipts')
        .select(['seq', 'id', 'record_digest', 'hash'])
        .where('seq', '>', seq)
        .where('seq', '<=', through)
        .orderBy('seq')
        .execute(),
    /** Checkpoints after `seq`, oldest first. */
    checkpointsAfter: (seq: number, limit: number) =>
      db
        .selectFrom('log_checkpoints')
        .select(['body', 'signature'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute(),
    /** The first checkpoint whose receipts head is at or after `seq` (by index: a public route asks this). */
    firstCheckpointCovering: (seq: number) =>
      db
        .selectFrom('log_checkpoints')
        .selectAll()
        .where('receipts_head', '>=', seq)
        .orderBy('receipts_head')
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst(),
  };
}
export type LogReader = ReturnType<typeof logReader>;
