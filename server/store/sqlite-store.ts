import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { GENESIS } from '../proof/hash-chain';
import type { Database } from './database-schema';
import { KyselyReceiptStore, type BatchWriter } from './kysely-receipt-store';
import { migrateToLatest } from './migrate';
import {
  CONSENT_COLUMNS,
  CONTACT_COLUMNS,
  NOTICE_COLUMNS,
  RECEIPT_COLUMNS,
  planBatch,
  stateOf,
  resultsOf,
  rowsOf,
  type BatchPlan,
  type BatchSource,
  type ChainHead,
  type ConsentRow,
  type NoticeRule,
  type PendingReceipt,
  type ViewAnswer,
  VIEW_ANSWER_COLUMNS,
} from './receipt-batch';
import { DECISION_COUNT_COLUMNS } from '../stats/decision-counts';
import type { LogSigner } from './receipt-store';
import { startWalCheckpointer } from './wal-checkpointer';

// Errors that say "not now" rather than "bug": locked, busy, disk full, I/O, read-only, cannot open.
const TRANSIENT = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/;

export const isSqliteTransient = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' && TRANSIENT.test((error as { code: string }).code);

/**
 * Opens (creating if needed) the SQLite file, in WAL mode with synchronous=FULL so that every commit is fsync'd
 * before `append` resolves, and runs the migrations. `secure_delete` zeroes what is deleted or overwritten, and
 * after an erasure the WAL is checkpointed and truncated, so an erased value is gone from the files.
 */
export async function openSqliteStore(
  path: string,
  signer: LogSigner,
  { busyTimeoutMs = 5000, notice }: { busyTimeoutMs?: number; notice: NoticeRule },
): Promise<KyselyReceiptStore> {
  const { db, sqlite } = await openSqliteDatabase(path, { busyTimeoutMs, create: true });
  // Checkpoints move to a worker thread (see wal-checkpointer.ts); on close, one last one empties the WAL.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startWalCheckpointer(path, {
    onFailure: () => sqlite.open && sqlite.pragma('wal_autocheckpoint = 1000'),
  });
  const beforeClose = async () => {
    await checkpointer.stop();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  };
  // After an erasure the WAL is emptied and truncated, so the old page images that held erased values are gone
  // from it too (secure_delete has already zeroed them in the pages); the worker does it without holding the loop.
  const scrub = () => checkpointer.truncate();
  return new KyselyReceiptStore(db, signer, {
    isTransient: isSqliteTransient,
    writeBatch: sqliteBatchWriter(sqlite, signer, notice),
    beforeClose,
    scrub,
  });
}

/** The database alone (migrated), for the CLI; `create: false` refuses to make a new, empty file. */
export async function openSqliteDatabase(path: string, { busyTimeoutMs = 5000, create = true } = {}) {
  const sqlite = new BetterSqlite3(path, { fileMustExist: !create });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // 64 MiB of page cache (the default is 2): the indexes a receipt touches stay in memory under load.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, sqlite };
}

/**
 * The hot path, written against better-sqlite3 directly: prepared once, one synchronous transaction per batch.
 * The batch is laid out on the chain and signed first, outside the transaction (so signing may run on a worker
 * thread), from the head this process committed last; the IMMEDIATE transaction then checks that the head is
 * still there. If another process wrote meanwhile (the CLI, a second collector on the file by mistake), the batch
 * is laid out again and signed inside the transaction, so the chain never forks. Result notices go in the same
 * transaction as the receipts that call for them.
 */
function sqliteBatchWriter(sqlite: BetterSqlite3.Database, signer: LogSigner, notice: NoticeRule): BatchWriter {
  const insert = sqlite.prepare(`${namedInsert('receipts', RECEIPT_COLUMNS)} on conflict (id) do nothing`);
  const insertNotice = sqlite.prepare(
    `${namedInsert('result_notices', NOTICE_COLUMNS)} on conflict (receipt_id) do nothing`,
  );
  const upsertConsent = sqlite.prepare(
    `${namedInsert('channel_consents', CONSENT_COLUMNS)} on conflict (site, subject, channel) do update set ` +
      'granted = excluded.granted, consented_at = excluded.consented_at, confirmed_at = excluded.confirmed_at, ' +
      'receipt_id = excluded.receipt_id',
  );
  const insertContact = sqlite.prepare(`${namedInsert('subject_contacts', CONTACT_COLUMNS)} on conflict do nothing`);
  const upsertCount = sqlite.prepare(
    `${namedInsert('decision_counts', DECISION_COUNT_COLUMNS)} on conflict (${DECISION_COUNT_COLUMNS.slice(0, -1).join(', ')}) ` +
      'do update set count = decision_counts.count + excluded.count',
  );
  const answerView = viewAnswerer(sqlite);
  const consentsOf = sqlite.prepare<[string, string], ConsentRow>(
    'select * from channel_consents where site = ? and subject = ?',
  );
  const find = sqlite.prepare<[string], { request_hash: string; record: string; signature: string | null }>(
    'select request_hash, record, signature from receipts where id = ?',
  );
  const latest = sqlite.prepare<[string, string], { id: string; record: string }>(
    'select id, record from receipts where site = ? and subject = ? order by seq desc limit 1',
  );
  const last = sqlite.prepare<[], { seq: number; hash: string | null }>(
    'select seq, hash from receipts order by seq desc limit 1',
  );
  const head = (): ChainHead => {
    const row = last.get();
    return row ? { seq: row.seq, hash: row.hash ?? '' } : { seq: 0, hash: GENESIS };
  };
  const source: BatchSource = {
    stored: (id) => find.get(id),
    latest: (site, subject) => latest.get(site, subject),
    channels: (site, subject) => stateOf(consentsOf.all(site, subject)),
  };
  const write = (plan: BatchPlan, signatures: readonly string[]) => {
    const { rows, receipts, notices, consents, contacts, counts, views } = rowsOf(plan, signatures);
    for (const row of rows) if (insert.run(row).changes !== 1) throw new Moved();
    for (const n of notices) insertNotice.run(n);
    for (const c of consents) upsertConsent.run(c);
    for (const c of contacts) insertContact.run(c);
    for (const c of counts) upsertCount.run(c);
    for (const v of views) answerView(v);
    return resultsOf(plan, receipts);
  };
  const commitPlanned = sqlite.transaction((plan: BatchPlan, signatures: string[]) => {
    const now = head();
    if (now.seq !== plan.head.seq || now.hash !== plan.head.hash) throw new Moved();
    // An erasure does not move the head but can empty a subject's history (and consents) after the plan read
    // them: each subject's first receipt in the batch must still follow the subject's latest stored one.
    const seen = new Set<string>();
    for (const { receipt: r } of plan.placed) {
      const key = `${r.site}\n${r.subject}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if ((latest.get(r.site, r.subject)?.id ?? null) !== r.previous) throw new Moved();
    }
    return write(plan, signatures);
  });
  const commitInline = sqlite.transaction((batch: PendingReceipt[]) => {
    const plan = planBatch(head(), batch, source, notice);
    return write(
      plan,
      plan.inputs.map((input) => signer.signSync(input)),
    );
  });
  return async (batch) => {
    const plan = planBatch(head(), batch, source, notice);
    const signatures = await Promise.all(plan.inputs.map((input) => signer.sign(input)));
    // Kysely shares this connection, and its transactions (access log, erasure) stay open across awaits. A batch
    // started inside one would become a mere savepoint — "committed" and acknowledged, yet lost if the process
    // died before the outer transaction's COMMIT. So the batch waits until no transaction is open; from there it
    // runs synchronously, so none can start inside it.
    while (sqlite.inTransaction) await new Promise((r) => setImmediate(r));
    try {
      return commitPlanned.immediate(plan, signatures);
    } catch (error) {
      if (!(error instanceof Moved)) throw error;
      return commitInline.immediate(batch);
    }
  };
}

/**
 * Marks a banner view answered by a receipt, once: a view whose own report has not arrived (lost, or still in the
 * counter's buffer) is recorded by its answer, so `answered` never exceeds `count` in any hour.
 */
function viewAnswerer(sqlite: BetterSqlite3.Database) {
  const insertId = sqlite.prepare(`${namedInsert('banner_view_ids', VIEW_ANSWER_COLUMNS)} on conflict do nothing`);
  const answer = sqlite.prepare<[string, string, string], { hour: string; policy: string }>(
    'update banner_view_ids set answered_by = ? where site = ? and view_id = ? and answered_by is null returning hour, policy',
  );
  const count = sqlite.prepare(
    'insert into banner_views (site, hour, policy, count, answered) values (?, ?, ?, ?, 1) ' +
      'on conflict (site, hour, policy) do update set count = banner_views.count + excluded.count, answered = banner_views.answered + 1',
  );
  return (v: ViewAnswer) => {
    if (insertId.run(v).changes === 1) return count.run(v.site, v.hour, v.policy, 1);
    const row = answer.get(v.answered_by, v.site, v.view_id);
    if (row) count.run(v.site, row.hour, row.policy, 0);
  };
}

/** An insert with a named parameter (`@column`) per column. */
const namedInsert = (table: string, columns: readonly string[]) =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`;

/** The chain's head moved (or an id appeared) between laying a batch out and committing it. */
class Moved extends Error {}
