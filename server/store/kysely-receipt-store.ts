import type { Kysely } from 'kysely';
import { canonicalJson, type StoredReceipt } from '../../protocol';
import type { NoticeText } from '../sites/site-registry';
import type { Database } from './database-schema';
import { exclusive } from './exclusive';
import { GroupCommit } from './group-commit';
import { staffQueries, type StaffQueries } from './staff-queries';
import { StoreUnavailableError, type AppendResult, type ReceiptStore } from './receipt-store';

export type PendingReceipt = { receipt: StoredReceipt; hash: string };
type Row = Database['receipts'];
/** Commits one batch of receipts in one transaction and says, for each, what happened. */
export type BatchWriter = (batch: PendingReceipt[]) => Promise<AppendResult[]>;

/** Reads go through Kysely (one query for SQLite and PostgreSQL); each dialect brings its own batch writer. */
export class KyselyReceiptStore implements ReceiptStore {
  readonly #writer: GroupCommit<PendingReceipt, AppendResult>;
  #closed = false;
  /** The staff API's queries over the same database. */
  readonly staff: StaffQueries;

  constructor(
    /** For background jobs (result notices) that work on the same database. */
    readonly db: Kysely<Database>,
    /** Tells a passing fault (locked, full, connection lost) from a bug. */
    private readonly isTransient: (error: unknown) => boolean,
    /** Writes a batch in one transaction, extending the hash chain. */
    writeBatch: BatchWriter,
    /** Runs after the last batch is committed and before the database closes (e.g. stop helper threads). */
    private readonly beforeClose: () => Promise<void> = async () => {},
  ) {
    this.#writer = new GroupCommit((batch) => this.#guard(() => writeBatch(batch)));
    this.staff = guardAll(staffQueries(db), (e) => this.#unavailable(e));
  }

  append(receipt: StoredReceipt, hash: string): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('the store is shutting down'));
    return this.#writer.add({ receipt, hash });
  }

  async get(id: string): Promise<StoredReceipt | undefined> {
    const row = await this.#guard(() => this.db.selectFrom('receipts').select('record').where('id', '=', id).executeTakeFirst());
    return row ? (JSON.parse(row.record) as StoredReceipt) : undefined;
  }

  async saveNoticeTexts(texts: readonly NoticeText[]): Promise<void> {
    if (!texts.length) return;
    await this.#guard(() =>
      this.db
        .insertInto('notice_texts')
        .values(texts.map(({ hash, site, policy, language, text }) => ({ hash, site, policy, language, text })))
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute(),
    );
  }

  async getNoticeText(hash: string): Promise<NoticeText | undefined> {
    return this.#guard(() => this.db.selectFrom('notice_texts').selectAll().where('hash', '=', hash).executeTakeFirst());
  }

  async checkpoint(sign: (payload: string) => Promise<string>, now: Date) {
    await this.#writer.flush();
    return this.#guard(() =>
      this.db.transaction().execute(async (trx) => {
        await exclusive(trx, 'receipts'); // on PostgreSQL, no node extends the chain while the head is read
        const head = await trx.selectFrom('receipts').select(['seq', 'hash']).where('hash', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        if (!head) return undefined;
        const last = await trx.selectFrom('checkpoints').select('head_seq').where('log', '=', 'receipts').orderBy('seq', 'desc').limit(1).executeTakeFirst();
        if (last?.head_seq === head.seq) return undefined;
        const entry = { log: 'receipts', headSeq: head.seq, headHash: head.hash!, createdAt: now.toISOString() };
        const signature = await sign(canonicalJson(entry));
        await trx.insertInto('checkpoints').values({ log: entry.log, head_seq: entry.headSeq, head_hash: entry.headHash, created_at: entry.createdAt, signature }).execute();
        return { headSeq: head.seq };
      }),
    );
  }

  async ping(): Promise<void> {
    await this.#guard(() => this.db.selectFrom('receipts').select('seq').limit(1).execute());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.flush();
    await this.beforeClose().catch(() => {});
    await this.db.destroy();
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  #unavailable(error: unknown) {
    return this.isTransient(error) ? new StoreUnavailableError('the database is unavailable', { cause: error }) : error;
  }
}

/** Every query of `target` (promises and async iterables alike) with passing faults turned into StoreUnavailableError (503). */
function guardAll<T extends object>(target: T, map: (error: unknown) => unknown): T {
  const wrap = (fn: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    const out = fn(...args) as Promise<unknown> | AsyncIterable<unknown>;
    if (out instanceof Promise) return out.catch((e) => Promise.reject(map(e)));
    return (async function* () {
      try {
        yield* out;
      } catch (e) {
        throw map(e);
      }
    })();
  };
  return Object.fromEntries(Object.entries(target).map(([k, fn]) => [k, wrap(fn as (...args: unknown[]) => unknown)])) as T;
}

export function toRow({ receipt, hash }: PendingReceipt): Omit<Row, 'seq' | 'record_digest' | 'prev_hash' | 'hash' | 'erased_at'> {
  return {
    id: receipt.id,
    site: receipt.site,
    subject: receipt.subject,
    member: receipt.member ?? null,
    policy: receipt.policy,
    action: receipt.action,
    method: receipt.method,
    received_at: receipt.receivedAt,
    request_hash: hash,
    notice_hash: receipt.notice.hash,
    record: JSON.stringify(receipt),
  };
}
