import type { Kysely } from 'kysely';
import type { StoredReceipt } from '../../protocol';
import type { NoticeText } from '../sites/site-registry';
import type { Database } from './database-schema';
import { GroupCommit } from './group-commit';
import { StoreUnavailableError, type AppendResult, type ReceiptStore } from './receipt-store';

export type PendingReceipt = { receipt: StoredReceipt; hash: string };
type Pending = PendingReceipt;
type Row = Database['receipts'];
/** Commits one batch of receipts in one transaction and says, for each, what happened. */
export type BatchWriter = (batch: PendingReceipt[]) => Promise<AppendResult[]>;

// SQLite allows 32,766 bound parameters per statement; 11 columns × 500 rows stays well below.
const ROWS_PER_STATEMENT = 500;

/** The store over any Kysely dialect; SQLite and PostgreSQL differ only in how they are opened. */
export class KyselyReceiptStore implements ReceiptStore {
  readonly #writer: GroupCommit<Pending, AppendResult>;
  #closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** Tells a passing fault (locked, full, connection lost) from a bug. */
    private readonly isTransient: (error: unknown) => boolean,
    /** A dialect may write batches its own faster way; by default, multi-row INSERT … RETURNING through Kysely. */
    writeBatch?: BatchWriter,
  ) {
    const write = writeBatch ?? ((batch: Pending[]) => this.#commit(batch));
    this.#writer = new GroupCommit((batch) => this.#guard(() => write(batch)));
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

  async ping(): Promise<void> {
    await this.#guard(() => this.db.selectFrom('receipts').select('seq').limit(1).execute());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.flush();
    await this.db.destroy();
  }

  async #commit(batch: Pending[]): Promise<AppendResult[]> {
    // The first occurrence of an id in a batch is written; later ones are answered from it.
    const leaders = new Map<string, Pending>();
    for (const p of batch) if (!leaders.has(p.receipt.id)) leaders.set(p.receipt.id, p);
    const rows = [...leaders.values()].map(toRow);

    return this.db.transaction().execute(async (trx) => {
      const inserted = new Set<string>();
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const done = await trx
          .insertInto('receipts')
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        done.forEach((r) => inserted.add(r.id));
      }
      const earlier = new Map<string, { request_hash: string; record: string }>();
      const missing = rows.filter((r) => !inserted.has(r.id)).map((r) => r.id);
      for (let i = 0; i < missing.length; i += ROWS_PER_STATEMENT) {
        const found = await trx
          .selectFrom('receipts')
          .select(['id', 'request_hash', 'record'])
          .where('id', 'in', missing.slice(i, i + ROWS_PER_STATEMENT))
          .execute();
        found.forEach((r) => earlier.set(r.id, r));
      }
      return batch.map((p): AppendResult => {
        const leader = leaders.get(p.receipt.id)!;
        if (inserted.has(p.receipt.id)) {
          if (leader === p) return { status: 'created', receipt: p.receipt };
          return leader.hash === p.hash ? { status: 'existing', receipt: leader.receipt } : { status: 'conflict' };
        }
        const stored = earlier.get(p.receipt.id);
        if (!stored) throw new Error(`receipt ${p.receipt.id} was neither inserted nor found`);
        return stored.request_hash === p.hash ? { status: 'existing', receipt: JSON.parse(stored.record) } : { status: 'conflict' };
      });
    });
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (this.isTransient(error)) throw new StoreUnavailableError('the database is unavailable', { cause: error });
      throw error;
    }
  }
}

export function toRow({ receipt, hash }: Pending): Omit<Row, 'seq'> {
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
