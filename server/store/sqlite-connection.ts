import BetterSqlite3 from 'better-sqlite3';

/**
 * A connection to the collector's SQLite file as every part of it opens one: WAL mode with synchronous=FULL, so a
 * commit returns only once fsync'd; `secure_delete`, so what is deleted or overwritten is zeroed; 64 MiB of page
 * cache (the default is 2), so the indexes a receipt touches stay in memory under load.
 */
export function openSqliteConnection(path: string, { busyTimeoutMs = 5000, fileMustExist = false } = {}) {
  const sqlite = new BetterSqlite3(path, { fileMustExist });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

// Errors that say "not now" rather than "bug": locked, busy, disk full, I/O, read-only, cannot open.
const TRANSIENT = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/;

export const isSqliteTransient = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' && TRANSIENT.test((error as { code: string }).code);
