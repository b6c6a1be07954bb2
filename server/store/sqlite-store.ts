import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database-schema';
import { KyselyReceiptStore } from './kysely-receipt-store';
import { migrateToLatest } from './migrate';

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
  return new KyselyReceiptStore(db, isSqliteTransient);
}
