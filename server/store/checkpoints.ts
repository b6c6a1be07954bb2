import type { Kysely } from 'kysely';
import { canonicalJson } from '../../protocol';
import { GENESIS, sha256 } from '../proof/hash-chain';
import type { Database } from './database-schema';
import { ENTRY_LOGS, entryLogHead, type EntryLogName } from './entry-log';
import { exclusive } from './exclusive';
import type { LogSigner } from './receipt-store';

export type LogName = 'receipts' | EntryLogName;
export type Head = { seq: number; hash: string };

/**
 * A signed statement of every log's head at one time, linked to the checkpoint before it (`prev`: sha256 of its
 * canonical body). Published at `/.well-known/assent-checkpoint` and pushed to witnesses; a saved one proves
 * later that nothing it covers was removed or changed, even by someone holding the server's key.
 */
export interface CheckpointBody {
  v: 2;
  seq: number;
  createdAt: string;
  prev: string;
  heads: Record<LogName, Head>;
}
export type Checkpoint = CheckpointBody & { signature: string };

const EMPTY: Head = { seq: 0, hash: GENESIS };

/** The current head of every log. A committed head is a prefix: writers commit batches in lock order. */
export async function readHeads(db: Kysely<Database>): Promise<Record<LogName, Head>> {
  const receipts = await db
    .selectFrom('receipts')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const heads = { receipts: receipts ? { seq: receipts.seq, hash: receipts.hash ?? '' } : EMPTY } as Record<
    LogName,
    Head
  >;
  for (const log of ENTRY_LOGS) {
    heads[log] = (await entryLogHead(db, log)) ?? EMPTY;
  }
  return heads;
}

export const checkpointOf = (row: { body: string; signature: string }): Checkpoint => ({
  ...(JSON.parse(row.body) as CheckpointBody),
  signature: row.signature,
});

/** The canonical text a checkpoint's signature covers. */
export const checkpointBody = ({ signature: _s, ...body }: Checkpoint | (CheckpointBody & { signature?: string })) =>
  canonicalJson(body);

/** Writes a checkpoint if any head moved since the last one; returns it, or undefined. One writer at a time. */
export async function writeCheckpoint(
  db: Kysely<Database>,
  signer: LogSigner,
  now: Date,
): Promise<Checkpoint | undefined> {
  return db.transaction().execute(async (trx) => {
    await exclusive(trx, 'checkpoints');
    const heads = await readHeads(trx);
    const last = await trx.selectFrom('log_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (last && canonicalJson(checkpointOf(last).heads) === canonicalJson(heads)) return undefined;
    const body: CheckpointBody = {
      v: 2,
      seq: (last?.seq ?? 0) + 1,
      createdAt: now.toISOString(),
      prev: last ? sha256(last.body) : GENESIS,
      heads,
    };
    const text = canonicalJson(body);
    const signature = signer.signSync(text);
    await trx
      .insertInto('log_checkpoints')
      .values({ seq: body.seq, created_at: body.createdAt, body: text, signature, receipts_head: heads.receipts.seq })
      .execute();
    return { ...body, signature };
  });
}

export async function latestCheckpoint(db: Kysely<Database>): Promise<Checkpoint | undefined> {
  const row = await db
    .selectFrom('log_checkpoints')
    .select(['body', 'signature'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? checkpointOf(row) : undefined;
}
