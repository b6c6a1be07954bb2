import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSetting } from '../env';
import type { KyselyReceiptStore } from './kysely-receipt-store';
import { openPostgresDatabase, openPostgresStore } from './postgres-store';
import type { NoticeRule } from './receipt-batch';
import type { LogSigner } from './receipt-store';
import { openSqliteDatabase, openSqliteStore, type WriterThreadOptions } from './sqlite-store';

/**
 * The receipt store DATABASE_URL names: an SQLite file (created if missing) or a PostgreSQL database. It signs with
 * `signer` and writes the result notice `notice` says each receipt calls for, in the receipt's own transaction.
 * `writerThread` (SQLite): receipts are written by a thread of their own (sqlite-store.ts).
 */
export async function openStore(
  database: DatabaseSetting,
  signer: LogSigner,
  notice: NoticeRule,
  { writerThread }: { writerThread?: WriterThreadOptions } = {},
): Promise<KyselyReceiptStore> {
  if (database.kind === 'postgres')
    return openPostgresStore(database.url, signer, { poolSize: database.poolSize, notice });
  mkdirSync(dirname(database.path), { recursive: true });
  return openSqliteStore(database.path, signer, { notice, writerThread });
}

/** The database alone, migrated, for the CLI; `create: false` refuses to make a new, empty SQLite file. */
export async function openDatabase(database: DatabaseSetting, { create = true } = {}) {
  if (database.kind === 'postgres') return (await openPostgresDatabase(database.url, { poolSize: 2 })).db;
  return (await openSqliteDatabase(database.path, { create })).db;
}

/** Where the data is, for logs and messages; never the password. */
export const describeDatabase = (database: DatabaseSetting) =>
  database.kind === 'sqlite' ? database.path : database.url.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, '//$1@');
