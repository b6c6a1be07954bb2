import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { sha256 } from '../proof/hash-chain';

/** True when the database is PostgreSQL (several collector nodes may share it). */
export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** A stable 63-bit advisory-lock key per name, so every node computes the same one. */
export const lockKey = (name: string) =>
  BigInt.asIntN(64, BigInt(`0x${sha256(`assent:${name}`).slice(0, 16)}`)).toString();

/**
 * Call first inside a transaction that extends a chain (receipts, access log) or claims shared work: on
 * PostgreSQL it waits for the same lock on every node, held until the transaction ends, so chains never fork.
 * SQLite serialises writers on the file: one collector process runs these one at a time on its connection, and
 * a second process (the CLI) that collides fails fast with "database is locked" and is retried. Waiting for the
 * lock instead would block that process's event loop (better-sqlite3 waits synchronously).
 */
export async function exclusive(trx: Kysely<any>, name: string): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${lockKey(name)}::bigint)`.execute(trx);
}
