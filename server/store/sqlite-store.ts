import type BetterSqlite3 from 'better-sqlite3';
import { Mutex } from 'async-mutex';
import { Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import type { NoticeConfig } from '../notices/result-notice';
import type { KeyFile } from '../proof/key-ring';
import type { Database } from './database-schema';
import { KyselyReceiptStore, type BatchWriter } from './kysely-receipt-store';
import { migrateToLatest } from './migrate';
import type { NoticeRule } from './receipt-batch';
import type { LogSigner } from './receipt-store';
import { Moved, sqliteBatchStatements } from './sqlite-batch-writer';
import { isSqliteTransient, openSqliteConnection } from './sqlite-connection';
import { holding, SHARED_TURNS, Turns } from './turns';
import { checkpointPast, startWalCheckpointer, WAL_REWIND_PAGES } from './wal-checkpointer';
import { WriterThread } from './writer-thread-client';

/** What the writer thread needs besides the file: the signing key and each revision's result-notice config. */
export type WriterThreadOptions = {
  keys: KeyFile;
  noticeConfig: (site: string, revision: string) => NoticeConfig | undefined;
  onFailure: (error: Error) => void;
};

/**
 * Opens (creating if needed) the SQLite file, in WAL mode with synchronous=FULL so that every commit is fsync'd
 * before `append` resolves, and runs the migrations. `secure_delete` zeroes what is deleted or overwritten, and
 * after an erasure the WAL is checkpointed and truncated, so an erased value is gone from the files.
 * With `writerThread`, receipt batches are laid out, signed and committed by a thread with its own connection
 * (writer-thread.ts), so the event loop keeps serving requests meanwhile; if it fails, they are written here again.
 */
export async function openSqliteStore(
  path: string,
  signer: LogSigner,
  {
    busyTimeoutMs = 5000,
    notice,
    writerThread,
    walPages = WAL_REWIND_PAGES,
  }: {
    busyTimeoutMs?: number;
    notice: NoticeRule;
    writerThread?: WriterThreadOptions;
    /** WAL pages after which the connection writing receipts completes a checkpoint itself (see wal-checkpointer.ts). */
    walPages?: number;
  },
): Promise<KyselyReceiptStore> {
  // Receipt batches and Kysely's work take turns on the file: a batch never waits inside SQLite for a transaction
  // of this process (which would block a thread), nor starts inside one (it would become a mere savepoint).
  const turns = new Turns();
  const { db, sqlite } = await openSqliteDatabase(path, { busyTimeoutMs, create: true, turns });
  let thread: WriterThread | undefined;
  let checkpointerFailed = false;
  // Checkpoints move to a worker thread (see wal-checkpointer.ts); on close, one last one empties the WAL. Every
  // connection that writes still completes one past `walPages`, which rewinds the WAL — this one past twice that
  // while the writer thread runs, so under receipts the thread's comes first (here it holds the event loop: paced
  // p99 17 ms against 12, side by side), and a steady stream of Kysely's own writes (a purge, banner view counts,
  // notice jobs) is still bounded.
  checkpointPast(sqlite, writerThread ? 2 * walPages : walPages);
  const checkpointer = startWalCheckpointer(path, {
    onFailure: () => {
      checkpointerFailed = true;
      if (sqlite.open) checkpointPast(sqlite, 1000);
      thread?.autocheckpoint();
    },
  });
  const checkpointHere = () => sqlite.open && checkpointPast(sqlite, checkpointerFailed ? 1000 : walPages);
  const withTurn = <T>(work: () => T | Promise<T>): Promise<T> => holding(() => turns.alone(), work);
  // One batch at a time on the event loop (several may be on their way when the thread stops).
  const oneAtATime = new Mutex();
  const inProcess = inProcessWriter(sqlite, signer, notice, withTurn);
  const here: BatchWriter = (batch) => oneAtATime.runExclusive(() => inProcess(batch));
  thread = writerThread
    ? await WriterThread.start(path, {
        ...writerThread,
        busyTimeoutMs,
        walPages,
        onFailure: (error) => (checkpointHere(), writerThread.onFailure(error)),
      }).catch((error: Error) => {
        writerThread.onFailure(error);
        return undefined;
      })
    : undefined;
  const running = thread;
  if (checkpointerFailed) running?.autocheckpoint(); // it failed while the thread was starting
  if (!running) checkpointHere();
  const writeBatch: BatchWriter = async (batch) => {
    // Alive after the wait for the turn too: a thread that died meanwhile leaves the batch to the event loop.
    const written = running?.alive
      ? await holding(
          () => turns.shared(),
          () => (running.alive ? running.write(batch) : undefined),
        )
      : undefined;
    return written ?? here(batch);
  };
  const beforeClose = async () => {
    await running?.close();
    await checkpointer.stop();
    await withTurn(() => sqlite.pragma('wal_checkpoint(TRUNCATE)'));
  };
  // After an erasure the WAL is emptied and truncated, so the old page images that held erased values are gone
  // from it too (secure_delete has already zeroed them in the pages); the worker does it without holding the loop.
  const scrub = () => checkpointer.truncate();
  return new KyselyReceiptStore(db, signer, {
    isTransient: isSqliteTransient,
    writeBatch,
    // The thread merges the batches it is sent while busy: each turn of the event loop hands over what it parsed.
    batchesInFlight: () => (running?.alive ? SHARED_TURNS : 1),
    beforeClose,
    scrub,
  });
}

/** The database alone (migrated), for the CLI; `create: false` refuses to make a new, empty file. */
export async function openSqliteDatabase(
  path: string,
  { busyTimeoutMs = 5000, create = true, turns }: { busyTimeoutMs?: number; create?: boolean; turns?: Turns } = {},
) {
  const sqlite = openSqliteConnection(path, { busyTimeoutMs, fileMustExist: !create });
  const dialect = new SqliteDialect({ database: sqlite });
  if (turns) dialect.createDriver = () => new TurnTakingDriver({ database: sqlite }, turns);
  const db = new Kysely<Database>({ dialect });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, sqlite };
}

/** Kysely's SQLite driver, holding `turns` while it has the connection (a query, or a whole transaction). */
class TurnTakingDriver extends SqliteDriver {
  #release: (() => void) | undefined;
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly turns: Turns,
  ) {
    super(config);
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.turns.alone();
    const connection = await super.acquireConnection();
    this.#release = release;
    return connection;
  }
  override async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    await super.releaseConnection();
    release?.();
  }
}

/**
 * Batches written on the event loop: laid out and signed first, outside the transaction and without the turn (so
 * signing may run on the signing thread while Kysely's work goes on), from the head this process committed last;
 * if the head moved meanwhile (an erasure, the CLI, a second collector on the file by mistake), the batch is laid
 * out again and signed inside the transaction, so the chain never forks.
 */
function inProcessWriter(
  sqlite: BetterSqlite3.Database,
  signer: LogSigner,
  notice: NoticeRule,
  withTurn: <T>(work: () => T) => Promise<T>,
): BatchWriter {
  let statements: ReturnType<typeof sqliteBatchStatements> | undefined;
  return async (batch) => {
    const s = (statements ??= sqliteBatchStatements(sqlite, signer, notice));
    const plan = s.plan(batch);
    const signatures = await Promise.all(plan.inputs.map((input) => signer.sign(input)));
    return withTurn(() => {
      try {
        return s.planned(plan, signatures);
      } catch (error) {
        if (!(error instanceof Moved)) throw error;
        return s.inline(batch);
      }
    });
  };
}
