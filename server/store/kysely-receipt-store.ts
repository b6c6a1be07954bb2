import type { Kysely } from 'kysely';
import type { ErasedReceipt, StoredReceipt, UnsignedReceipt } from '../../protocol';
import type { NoticeText } from '../sites/site-registry';
import { latestCheckpoint, writeCheckpoint } from './checkpoints';
import type { Database } from './database-schema';
import { entryLog, type EntryLog } from './entry-log';
import { GroupCommit } from './group-commit';
import { logReader, type LogReader } from './log-reader';
import { noticeQueue, type NoticeQueue } from './notice-queue';
import { stateOf, type PendingReceipt } from './receipt-batch';
import { guardianChecks, type GuardianChecks } from './guardian-checks';
import { staffQueries, listed, type StaffQueries } from './staff-queries';
import { StoreUnavailableError, type AppendResult, type LogSigner, type ReceiptStore } from './receipt-store';

/** Commits one batch of receipts in one transaction, giving each its place in the chain, and says what happened to each. */
export type BatchWriter = (batch: PendingReceipt[]) => Promise<AppendResult[]>;

export interface DialectParts {
  /** Tells a passing fault (locked, full, connection lost) from a bug. */
  isTransient: (error: unknown) => boolean;
  /** Writes a batch in one transaction, extending the hash chain. */
  writeBatch: BatchWriter;
  /** Batches `writeBatch` may be given at once (default one: the next is gathered while one is written). */
  batchesInFlight?: number | (() => number);
  /** Runs after the last batch is committed and before the database closes (e.g. stop helper threads). */
  beforeClose?: () => Promise<void>;
  /** After an erasure: makes the database files forget the erased values (WAL truncation, vacuum). */
  scrub?: () => Promise<boolean>;
}

/** Receipts in one transaction at most. */
const MAX_BATCH = 1000;

/** Reads go through Kysely (one query for SQLite and PostgreSQL); each dialect brings its own batch writer. */
export class KyselyReceiptStore implements ReceiptStore {
  readonly #writer: GroupCommit<PendingReceipt, AppendResult>;
  #closed = false;
  /** The staff API's queries over the same database. */
  readonly staff: StaffQueries;
  /** The signed, chained logs besides receipts (access, erasures, deliveries, revisions). */
  readonly entries: EntryLog;
  /** Everything `assent verify` reads, in log order. */
  readonly reader: LogReader;
  /** The result notices' work queue. */
  readonly notices: NoticeQueue;
  /** Children's receipts waiting for their guardian's verification. */
  readonly guardians: GuardianChecks;

  constructor(
    /** For background jobs (result notices) that work on the same database. */
    readonly db: Kysely<Database>,
    private readonly signer: LogSigner,
    private readonly parts: DialectParts,
  ) {
    this.#writer = new GroupCommit(
      async (batch) => {
        const start = performance.now();
        const results = await this.#guard(() => parts.writeBatch(batch));
        this.onCommit?.((performance.now() - start) / 1000, batch.length);
        return results;
      },
      MAX_BATCH,
      parts.batchesInFlight,
    );
    this.entries = entryLog(db, signer);
    const queries = staffQueries(db, this.entries, signer);
    this.staff = guardAll(queries, (e) => this.#unavailable(e));
    this.reader = logReader(db);
    this.notices = guardAll(noticeQueue(db, signer), (e) => this.#unavailable(e));
    this.guardians = guardAll(guardianChecks(db), (e) => this.#unavailable(e));
  }

  /** Told of each committed batch: seconds it took, receipts in it (the metrics, when enabled). */
  onCommit?: (seconds: number, receipts: number) => void;

  /** Receipts waiting for the next batch commit. */
  get waiting(): number {
    return this.#writer.waiting;
  }

  append(receipt: UnsignedReceipt, requestHash: string): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('the store is shutting down'));
    return this.#writer.add({ receipt, hash: requestHash });
  }

  async get(id: string): Promise<StoredReceipt | ErasedReceipt | undefined> {
    const row = await this.#guard(() =>
      this.db
        .selectFrom('receipts')
        .leftJoin('log_entries as e', (j) => j.on('e.log', '=', 'erasures').onRef('e.seq', '=', 'receipts.erasure'))
        .select([
          'receipts.record',
          'receipts.signature',
          'receipts.erased_at',
          (eb) => eb.ref('e.record').as('erasure'),
        ])
        .where('receipts.id', '=', id)
        .executeTakeFirst(),
    );
    return row ? listed({ ...row, reason: row.erasure ? JSON.parse(row.erasure).reason : null }) : undefined;
  }

  current(site: string, subject: string) {
    return this.staff.currentReceipt(site, subject);
  }

  async channels(site: string, subject: string) {
    return stateOf(
      await this.db
        .selectFrom('channel_consents')
        .selectAll()
        .where('site', '=', site)
        .where('subject', '=', subject)
        .execute(),
    );
  }

  async saveNoticeTexts(texts: readonly NoticeText[]): Promise<void> {
    if (!texts.length) return;
    const unique = [...new Map(texts.map((t) => [t.hash, t])).values()];
    await this.#guard(() =>
      this.db
        .insertInto('notice_texts')
        .values(unique.map(({ hash, site, policy, language, text }) => ({ hash, site, policy, language, text })))
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute(),
    );
  }

  async getNoticeText(hash: string): Promise<NoticeText | undefined> {
    return this.#guard(() =>
      this.db.selectFrom('notice_texts').selectAll().where('hash', '=', hash).executeTakeFirst(),
    );
  }

  async checkpoint(now: Date) {
    await this.#writer.flush(); // everything acknowledged so far is covered
    return this.#guard(() => writeCheckpoint(this.db, this.signer, now));
  }

  latestCheckpoint() {
    return this.#guard(() => latestCheckpoint(this.db));
  }

  async ping(): Promise<void> {
    await this.#guard(() => this.db.selectFrom('receipts').select('seq').limit(1).execute());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.flush();
    await this.parts.beforeClose?.().catch(() => {});
    await this.db.destroy();
  }

  /**
   * After an erasure: makes the database files forget the erased values. True when they are gone from the files;
   * false when it waits (SQLite: a reader in another process holds an old snapshot; PostgreSQL: VACUUM runs in the
   * background) — the store keeps at it.
   */
  scrub(): Promise<boolean> {
    return this.parts.scrub?.() ?? Promise.resolve(true);
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.#unavailable(error);
    }
  }

  #unavailable(error: unknown) {
    return this.parts.isTransient(error)
      ? new StoreUnavailableError('the database is unavailable', { cause: error })
      : error;
  }
}

/** Every query of `target` (promises and async iterables alike) with passing faults turned into StoreUnavailableError (503). */
function guardAll<T extends object>(target: T, map: (error: unknown) => unknown): T {
  const wrap =
    (fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
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
  return Object.fromEntries(
    Object.entries(target).map(([k, fn]) => [k, wrap(fn as (...args: unknown[]) => unknown)]),
  ) as T;
}
