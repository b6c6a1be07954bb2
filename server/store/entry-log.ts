import type { Kysely } from 'kysely';
import { canonicalJson } from '../../protocol';
import { GENESIS, linkHash, sha256 } from '../proof/hash-chain';
import type { Database } from './database-schema';
import { exclusive } from './exclusive';
import type { LogSigner } from './receipt-store';

/** The signed, chained logs besides the receipts, all in `log_entries`. */
export const ENTRY_LOGS = ['access', 'erasures', 'deliveries', 'revisions', 'requests'] as const;
/** Logs added after the first checkpoints were signed: a checkpoint from before one names no head for it (empty then). */
export const LATER_LOGS: readonly EntryLogName[] = ['requests'];
export type EntryLogName = (typeof ENTRY_LOGS)[number];

/** An entry as signed: its own fields plus its log, place and the hash of the entry before it. */
export type LogEntry<T = Record<string, unknown>> = T & {
  log: EntryLogName;
  seq: number;
  prev: string;
  at: string;
  site?: string;
};

export const entryHash = (prev: string, seq: number, log: string, record: string) =>
  linkHash(prev, seq, log, sha256(record));

/** The newest entry of one log (its place and hash), if it has any. */
export const entryLogHead = (db: Kysely<Database>, log: EntryLogName) =>
  db
    .selectFrom('log_entries')
    .select(['seq', 'hash'])
    .where('log', '=', log)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();

/**
 * Appends one entry inside the caller's transaction: takes the log's lock (PostgreSQL; SQLite has one writer),
 * reads the head, and writes the entry signed together with its place, so a forged or moved entry fails on its
 * signature and a removed one breaks the chain. The same link function as the receipts (proof/hash-chain.ts).
 */
export async function appendEntryIn(
  trx: Kysely<Database>,
  signer: LogSigner,
  log: EntryLogName,
  entry: { at: string; site?: string; body: Record<string, unknown> },
): Promise<{ seq: number; hash: string }> {
  await exclusive(trx, `log:${log}`);
  const head = await entryLogHead(trx, log);
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? GENESIS;
  const record = canonicalJson({ ...entry.body, log, seq, prev, at: entry.at, site: entry.site });
  const hash = entryHash(prev, seq, log, record);
  await trx
    .insertInto('log_entries')
    .values({ log, seq, site: entry.site ?? null, at: entry.at, record, signature: signer.signSync(record), hash })
    .execute();
  return { seq, hash };
}

/** Appends entries in their own transactions, one at a time per log in this process (across nodes: the lock). */
export function entryLog(db: Kysely<Database>, signer: LogSigner) {
  const tails = new Map<EntryLogName, Promise<unknown>>();
  return {
    append(log: EntryLogName, entry: { at: string; site?: string; body: Record<string, unknown> }) {
      const write = (tails.get(log) ?? Promise.resolve()).then(() =>
        db.transaction().execute((trx) => appendEntryIn(trx, signer, log, entry)),
      );
      tails.set(
        log,
        write.catch(() => {}),
      );
      return write;
    },
  };
}
export type EntryLog = ReturnType<typeof entryLog>;
