import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database-schema';
import { KyselyReceiptStore, toRow, type BatchWriter } from './kysely-receipt-store';
import { migrateToLatest } from './migrate';
import type { AppendResult } from './receipt-store';

// Errors that say "not now" rather than "bug": locked, busy, disk full, I/O, read-only, cannot open.
const TRANSIENT = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/;

export const isSqliteTransient = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' && TRANSIENT.test((error as { code: string }).code);

/**
 * Opens (creating if needed) the SQLite file, in WAL mode with synchronous=FULL so that every commit is fsync'd
 * before `append` resolves, and runs the migrations.
 */
export async function openSqliteStore(path: string, { busyTimeoutMs = 5000 } = {}): Promise<KyselyReceiptStore> {
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyReceiptStore(db, isSqliteTransient, sqliteBatchWriter(sqlite));
}

/**
 * The hot path, written against better-sqlite3 directly: prepared once, one synchronous transaction per batch.
 * Through Kysely each batch paid for compiling and preparing a new multi-row statement, half the write cost.
 */
function sqliteBatchWriter(sqlite: BetterSqlite3.Database): BatchWriter {
  const insert = sqlite.prepare(
    `insert into receipts (id, site, subject, member, policy, action, method, received_at, request_hash, notice_hash, record)
     values (@id, @site, @subject, @member, @policy, @action, @method, @received_at, @request_hash, @notice_hash, @record)
     on conflict (id) do nothing`,
  );
  const find = sqlite.prepare<[string], { request_hash: string; record: string }>('select request_hash, record from receipts where id = ?');
  const commit = sqlite.transaction((batch: Parameters<BatchWriter>[0]) =>
    batch.map((pending): AppendResult => {
      if (insert.run(toRow(pending)).changes === 1) return { status: 'created', receipt: pending.receipt };
      // Stored before, or earlier in this same batch: both are visible inside the transaction.
      const stored = find.get(pending.receipt.id)!;
      return stored.request_hash === pending.hash ? { status: 'existing', receipt: JSON.parse(stored.record) } : { status: 'conflict' };
    }),
  );
  return async (batch) => commit.immediate(batch);
}
