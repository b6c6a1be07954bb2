import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { GENESIS, linkHash, sha256 } from '../proof/hash-chain';
import type { Database } from './database-schema';
import { KyselyReceiptStore, toRow, type BatchWriter } from './kysely-receipt-store';
import { migrateToLatest } from './migrate';
import { startWalCheckpointer } from './wal-checkpointer';
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
  const { db, sqlite } = await openSqliteDatabase(path, { busyTimeoutMs, create: true });
  // Checkpoints move to a worker thread (see wal-checkpointer.ts); on close, one last one empties the WAL.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startWalCheckpointer(path, { onFailure: () => sqlite.open && sqlite.pragma('wal_autocheckpoint = 1000') });
  const beforeClose = async () => {
    await checkpointer.stop();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  };
  return new KyselyReceiptStore(db, isSqliteTransient, sqliteBatchWriter(sqlite), beforeClose);
}

/** The database alone (migrated), for the CLI; `create: false` refuses to make a new, empty file. */
export async function openSqliteDatabase(path: string, { busyTimeoutMs = 5000, create = true } = {}) {
  const sqlite = new BetterSqlite3(path, { fileMustExist: !create });
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
  return { db, sqlite };
}

/**
 * The hot path, written against better-sqlite3 directly: prepared once, one synchronous transaction per batch.
 * (Through Kysely each batch paid for compiling and preparing a new statement, half the write cost.) Each batch
 * reads the chain's head inside its IMMEDIATE transaction (one indexed row, a few microseconds), so even a second
 * process writing to the same file by mistake extends the chain instead of forking it.
 */
function sqliteBatchWriter(sqlite: BetterSqlite3.Database): BatchWriter {
  const insert = sqlite.prepare(
    `insert into receipts (seq, id, site, subject, member, policy, action, method, received_at, request_hash, notice_hash, record, record_digest, prev_hash, hash)
     values (@seq, @id, @site, @subject, @member, @policy, @action, @method, @received_at, @request_hash, @notice_hash, @record, @record_digest, @prev_hash, @hash)
     on conflict (id) do nothing`,
  );
  const find = sqlite.prepare<[string], { request_hash: string; record: string }>('select request_hash, record from receipts where id = ?');
  const last = sqlite.prepare<[], { seq: number; hash: string | null }>('select seq, hash from receipts order by seq desc limit 1');
  const commit = sqlite.transaction((batch: Parameters<BatchWriter>[0]) => {
    const row = last.get();
    let h = row ? { seq: row.seq, hash: row.hash ?? GENESIS } : { seq: 0, hash: GENESIS };
    return batch.map((pending): AppendResult => {
      const row = toRow(pending);
      const seq = h.seq + 1;
      const digest = sha256(row.record);
      const hash = linkHash(h.hash, seq, row.id, digest);
      if (insert.run({ ...row, seq, record_digest: digest, prev_hash: h.hash, hash }).changes === 1) {
        h = { seq, hash };
        return { status: 'created', receipt: pending.receipt };
      }
      // Stored before, or earlier in this same batch: both are visible inside the transaction.
      const stored = find.get(pending.receipt.id)!;
      return stored.request_hash === pending.hash ? { status: 'existing', receipt: JSON.parse(stored.record) } : { status: 'conflict' };
    });
  });
  return async (batch) => {
    // Kysely shares this connection, and its transactions (access log, result notices, erasure) stay open across
    // awaits. A batch started inside one would become a mere savepoint — "committed" and acknowledged, yet lost
    // if the process died before the outer transaction's COMMIT. So the batch waits until no transaction is
    // open; from there it runs synchronously, so none can start inside it.
    while (sqlite.inTransaction) await new Promise((r) => setImmediate(r));
    return commit.immediate(batch);
  };
}
