import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { GENESIS } from '../proof/hash-chain';
import type { Database } from './database-schema';
import { lockKey } from './exclusive';
import { KyselyReceiptStore, type BatchWriter } from './kysely-receipt-store';
import { migrateToLatest } from './migrate';
import {
  CONSENT_COLUMNS,
  CONTACT_COLUMNS,
  NOTICE_COLUMNS,
  RECEIPT_COLUMNS,
  planBatch,
  resultsOf,
  rowsOf,
  stateOf,
  type ConsentRow,
  type NoticeRule,
  VIEW_ANSWER_COLUMNS,
} from './receipt-batch';
import { DECISION_COUNT_COLUMNS } from '../stats/decision-counts';
import { DatabaseOpenError, type LogSigner } from './receipt-store';

export interface PostgresOptions {
  /** Connections per collector node. */
  poolSize?: number;
  /** How long a request waits for a connection before it gets a 503. */
  connectTimeoutMs?: number;
}

// SQLSTATE classes that mean "not now": connection exception (08), insufficient resources such as disk full
// (53), operator intervention such as shutdown or failover (57P), a statement timed out (57014), serialisation
// failure and deadlock (40).
const TRANSIENT_SQLSTATE = /^(08|53|57P|57014|40001|40P01|55P03)/;
const TRANSIENT_NODE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// pg reports a dropped socket and a pool timeout by message only.
const TRANSIENT_MESSAGE = new RegExp(
  [
    'Connection terminated',
    'Query read timeout',
    'connection error',
    'timeout exceeded when trying to connect',
    'Client was closed',
    'not queryable',
    'the database system is (starting up|shutting down)',
  ].join('|'),
  'i',
);

export function isPgTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE.has(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isPgTransient);
  return error instanceof Error && TRANSIENT_MESSAGE.test(error.message);
}

/** What went wrong with the first connection, in the operator's terms, without the password. */
function explainConnectError(error: unknown, url: string): string {
  const { hostname, port, pathname, username } = new URL(url);
  const where = `PostgreSQL at ${hostname}:${port || 5432}`;
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === '28P01' || code === '28000')
    return `${where} refused the login of user "${decodeURIComponent(username)}" (${message}); check DATABASE_URL`;
  if (code === '3D000')
    return `${where} has no database "${pathname.slice(1)}"; create it first (createdb ${pathname.slice(1)})`;
  return `cannot reach ${where} (${code ?? message}); is it running, and is DATABASE_URL right?`;
}

/** The pool and Kysely over it (migrated), for the store and the CLI. */
export async function openPostgresDatabase(
  url: string,
  { poolSize = 10, connectTimeoutMs = 5000 }: PostgresOptions = {},
) {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // A server that stops answering without closing the connection (a network partition) must not hold requests
    // forever: the server gives up on a statement after 10 s, the client after 15 s; both become a 503.
    statement_timeout: 10_000,
    query_timeout: 15_000,
    keepAlive: true,
    // bigint (int8) columns are sequence numbers and counts, far below 2^53: numbers, like SQLite gives.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A connection dropped by the server (restart, failover) must not crash the process. Idle ones report on the
  // pool, which discards them; busy ones report on the client (an unhandled 'error' event would kill the
  // process) while their query fails with the same error and becomes a 503. New connections are made on demand.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await pool.query('select 1').catch((error) => {
      throw new DatabaseOpenError(explainConnectError(error, url), { cause: error });
    });
    await migrateToLatest(db); // Kysely's migrator takes a lock, so nodes starting together migrate once
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, pool };
}

/**
 * PostgreSQL with any number of collector nodes: each node group-commits its receipts, and every batch
 * transaction first takes one advisory lock, reads the chain's head, lays the batch out after it and signs each
 * receipt with its place, so the log stays one verifiable chain whichever node wrote a receipt. A commit returns
 * once the WAL is flushed (the default `synchronous_commit = on`).
 */
export async function openPostgresStore(
  url: string,
  signer: LogSigner,
  options: PostgresOptions & { notice: NoticeRule },
): Promise<KyselyReceiptStore> {
  const { db, pool } = await openPostgresDatabase(url, options);
  // VACUUM drops the dead row versions an erasure leaves behind, in the background (it may take a while on a large
  // table); what PostgreSQL does and does not promise about the bytes is in docs/proof.md.
  const scrub = async () => {
    void pool.query('vacuum receipts, result_notices').catch(() => {});
    return false;
  };
  return new KyselyReceiptStore(db, signer, {
    isTransient: isPgTransient,
    writeBatch: postgresBatchWriter(pool, signer, options.notice),
    scrub,
  });
}

/** One insert of many rows: a parameter per column, each an array (`unnest` turns them into rows). */
const unnestInsert = (table: string, columns: readonly string[], type: (column: string) => string) =>
  `insert into ${table} (${columns.join(', ')}) ` +
  `select * from unnest(${columns.map((c, i) => `$${i + 1}::${type(c)}[]`).join(', ')})`;
const INSERT = unnestInsert('receipts', RECEIPT_COLUMNS, (c) => (c === 'seq' ? 'bigint' : 'text'));
const INSERT_NOTICES = `${unnestInsert('result_notices', NOTICE_COLUMNS, () => 'text')} on conflict (receipt_id) do nothing`;
const LATEST = [
  'select distinct on (site, subject) site, subject, id, record from receipts',
  'where (site, subject) in (select * from unnest($1::text[], $2::text[]))',
  'order by site, subject, seq desc',
].join(' ');
const INSERT_CONSENTS =
  `${unnestInsert('channel_consents', CONSENT_COLUMNS, (c) => (c === 'granted' ? 'integer' : 'text'))} ` +
  'on conflict (site, subject, channel) do update set granted = excluded.granted, ' +
  'consented_at = excluded.consented_at, confirmed_at = excluded.confirmed_at, receipt_id = excluded.receipt_id';
const INSERT_CONTACTS = `${unnestInsert('subject_contacts', CONTACT_COLUMNS, () => 'text')} on conflict do nothing`;
const CONSENTS = [
  'select * from channel_consents',
  'where (site, subject) in (select * from unnest($1::text[], $2::text[]))',
].join(' ');
const INSERT_COUNTS =
  `${unnestInsert('decision_counts', DECISION_COUNT_COLUMNS, (c) => (c === 'first' || c === 'count' ? 'integer' : 'text'))} ` +
  `on conflict (${DECISION_COUNT_COLUMNS.slice(0, -1).join(', ')}) ` +
  'do update set count = decision_counts.count + excluded.count';
const INSERT_VIEW_ID =
  'insert into banner_view_ids (site, view_id, hour, policy, answered_by) values ($1, $2, $3, $4, $5) ' +
  'on conflict do nothing returning hour';
const ANSWER_VIEW =
  'update banner_view_ids set answered_by = $1 where site = $2 and view_id = $3 and answered_by is null returning hour, policy';
const COUNT_VIEW =
  'insert into banner_views (site, hour, policy, count, answered) values ($1, $2, $3, $4, 1) ' +
  'on conflict (site, hour, policy) do update set count = banner_views.count + excluded.count, answered = banner_views.answered + 1';
const LOG_LOCK = lockKey('receipts');

function postgresBatchWriter(pool: pg.Pool, signer: LogSigner, notice: NoticeRule): BatchWriter {
  return async (batch) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1::bigint)', [LOG_LOCK]);
      const ids = batch.map((p) => p.receipt.id);
      const stored = new Map(
        (
          await client.query<{ id: string; request_hash: string; record: string; signature: string | null }>(
            'select id, request_hash, record, signature from receipts where id = any($1::text[])',
            [ids],
          )
        ).rows.map((r) => [r.id, r]),
      );
      // Each subject's latest receipt, for its `previous` and its result notice.
      const latest = new Map(
        (
          await client.query<{ site: string; subject: string; id: string; record: string }>(LATEST, [
            batch.map((p) => p.receipt.site),
            batch.map((p) => p.receipt.subject),
          ])
        ).rows.map((r) => [`${r.site}\n${r.subject}`, r]),
      );
      const consents = new Map<string, ConsentRow[]>();
      for (const r of (
        await client.query<ConsentRow>(CONSENTS, [
          batch.map((p) => p.receipt.site),
          batch.map((p) => p.receipt.subject),
        ])
      ).rows) {
        const key = `${r.site}\n${r.subject}`;
        consents.set(key, [...(consents.get(key) ?? []), r]);
      }
      const head = (
        await client.query<{ seq: number; hash: string | null }>(
          'select seq, hash from receipts order by seq desc limit 1',
        )
      ).rows[0];
      const source = {
        stored: (id: string) => stored.get(id),
        latest: (site: string, subject: string) => latest.get(`${site}\n${subject}`),
        channels: (site: string, subject: string) => stateOf(consents.get(`${site}\n${subject}`) ?? []),
      };
      const plan = planBatch(
        head ? { seq: head.seq, hash: head.hash ?? '' } : { seq: 0, hash: GENESIS },
        batch,
        source,
        notice,
      );
      const signatures = await Promise.all(plan.inputs.map((input) => signer.sign(input)));
      const { rows, receipts, notices, consents: changed, contacts, counts, views } = rowsOf(plan, signatures);
      if (rows.length)
        await client.query(
          INSERT,
          RECEIPT_COLUMNS.map((c) => rows.map((r) => r[c])),
        );
      if (notices.length)
        await client.query(
          INSERT_NOTICES,
          NOTICE_COLUMNS.map((c) => notices.map((n) => n[c])),
        );
      if (changed.length)
        await client.query(
          INSERT_CONSENTS,
          CONSENT_COLUMNS.map((c) => changed.map((n) => n[c])),
        );
      if (contacts.length)
        await client.query(
          INSERT_CONTACTS,
          CONTACT_COLUMNS.map((c) => contacts.map((n) => n[c])),
        );
      if (counts.length)
        await client.query(
          INSERT_COUNTS,
          DECISION_COUNT_COLUMNS.map((c) => counts.map((n) => n[c])),
        );
      // A view is answered once, by its first decision; one its report never reached is recorded by the answer.
      for (const v of views) {
        if (
          (
            await client.query(
              INSERT_VIEW_ID,
              VIEW_ANSWER_COLUMNS.map((c) => v[c]),
            )
          ).rowCount === 1
        )
          await client.query(COUNT_VIEW, [v.site, v.hour, v.policy, 1]);
        else {
          const row = (
            await client.query<{ hour: string; policy: string }>(ANSWER_VIEW, [v.answered_by, v.site, v.view_id])
          ).rows[0];
          if (row) await client.query(COUNT_VIEW, [v.site, row.hour, row.policy, 0]);
        }
      }
      await client.query('commit');
      return resultsOf(plan, receipts, signatures);
    } catch (error) {
      broken = error as Error;
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      // A connection that failed mid-transaction is thrown away rather than reused.
      client.release(broken && isPgTransient(broken) ? broken : undefined);
    }
  };
}
