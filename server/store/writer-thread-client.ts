import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoredReceipt } from '../../protocol';
import type { NoticeConfig } from '../notices/result-notice';
import { signingKey, type KeyFile } from '../proof/key-ring';
import type { PendingReceipt } from './receipt-batch';
import { StoreUnavailableError, type AppendResult } from './receipt-store';
import { WAL_REWIND_PAGES } from './wal-checkpointer';
import type { WireResult, WriterData, WriterReply, WriterRequest } from './writer-thread';

// The thread runs the collector's TypeScript as the main thread does: tsx's loader, registered in the thread.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;
const tsxApi = () =>
  pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/package.json')
      .replace(/package\.json$/, 'dist/esm/api/index.mjs'),
  ).href;

type Waiting = { resolve: (results: AppendResult[]) => void; reject: (error: unknown) => void };

/**
 * The main thread's side of the SQLite writer thread (writer-thread.ts): sends it batches and the notice configs
 * their receipts need (each revision's once), and resolves each batch with the thread's answer. If the thread dies,
 * what it had is refused as unavailable (503: the widget sends it again, and the same id is answered from the log
 * if it was committed after all) and `onFailure` is told, once.
 */
export class WriterThread {
  #worker: Worker | undefined;
  #waiting = new Map<number, Waiting>();
  #nextId = 0;
  #sent = new Set<string>();

  private constructor(
    worker: Worker,
    private readonly noticeConfig: (site: string, revision: string) => NoticeConfig | undefined,
    private readonly onFailure: (error: Error) => void,
    /** A batch not answered by then: the thread is taken for stuck (a hung disk) and stopped. */
    private readonly deadlineMs: number,
  ) {
    this.#worker = worker;
    worker.on('message', (m: WriterReply) => {
      if (!('answers' in m)) return;
      for (const a of m.answers) {
        const waiting = this.#waiting.get(a.id);
        this.#waiting.delete(a.id);
        if ('results' in a) waiting?.resolve(a.results.map(fromTheWire));
        else waiting?.reject(Object.assign(new Error(a.error.message), a.error.code ? { code: a.error.code } : {}));
      }
    });
    worker.on('error', (e) => this.#fail(e));
    worker.on('messageerror', (e) => void this.#stop(new Error(`a reply of the writer thread was lost: ${e.message}`)));
    worker.on('exit', (code) => this.#fail(new Error(`the writer thread exited with ${code}`)));
  }

  /** Starts the thread on the (migrated) file; resolves once its connection and key are ready. */
  static async start(
    path: string,
    opts: {
      keys: KeyFile;
      noticeConfig: (site: string, revision: string) => NoticeConfig | undefined;
      busyTimeoutMs: number;
      /** WAL pages after which the thread completes a checkpoint itself (default WAL_REWIND_PAGES). */
      walPages?: number;
      onFailure: (error: Error) => void;
      /** How long a batch may take there (default: busy_timeout + 30 s: another process's lock, a slow disk). */
      deadlineMs?: number;
    },
  ): Promise<WriterThread> {
    // Only the active signing key goes to the thread (not the retired ones, the receipt-secret or lookup keys).
    const data: WriterData = {
      path,
      key: signingKey(opts.keys),
      busyTimeoutMs: opts.busyTimeoutMs,
      walPages: opts.walPages ?? WAL_REWIND_PAGES,
    };
    const entry = new URL('./writer-thread.ts', import.meta.url).href;
    // execArgv: []: the thread registers tsx itself, whether the collector runs under tsx's CLI or vitest.
    const worker = new Worker(BOOT, { eval: true, execArgv: [], workerData: { ...data, tsx: tsxApi(), entry } });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => (settle(), void worker.terminate(), reject(error));
      const exited = (code: number) => failed(new Error(`the writer thread exited with ${code} while starting`));
      const slow = setTimeout(() => failed(new Error('the writer thread did not start within 30 s')), 30_000);
      const ready = () => (
        settle(),
        worker.unref(),
        resolve(
          new WriterThread(worker, opts.noticeConfig, opts.onFailure, opts.deadlineMs ?? opts.busyTimeoutMs + 30_000),
        )
      );
      // Only these: removeAllListeners() would also drop the listeners Node keeps the thread's port running with.
      const settle = () => (clearTimeout(slow), worker.off('error', failed).off('exit', exited).off('message', ready));
      worker.on('error', failed).on('exit', exited).on('message', ready);
    });
  }

  get alive(): boolean {
    return !!this.#worker;
  }

  /** Lays out, signs and commits one batch on the thread. */
  write(batch: PendingReceipt[]): Promise<AppendResult[]> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new StoreUnavailableError('the writer thread has stopped'));
    const configs: WriterRequest['configs'] = [];
    for (const { receipt: r } of batch) {
      const key = `${r.site}\n${r.configRevision}`;
      if (!this.#sent.has(key) && !configs.some(([k]) => k === key))
        configs.push([key, noticePart(this.noticeConfig(r.site, r.configRevision))]);
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => void this.#stop(new Error(`the writer thread did not answer within ${this.deadlineMs / 1000} s`)),
        this.deadlineMs,
      );
      const settled = () => (clearTimeout(timer), this.#waiting.delete(id));
      this.#waiting.set(id, {
        resolve: (r) => (settled(), resolve(r)),
        reject: (e) => (settled(), reject(e)),
      });
      try {
        worker.postMessage({ id, batch, configs } satisfies WriterRequest);
      } catch (error) {
        this.#waiting.get(id)!.reject(error);
        return;
      }
      // Marked sent only once the thread has them: a failed post sends them again with the next batch.
      for (const [key] of configs) this.#sent.add(key);
    });
  }

  /** The checkpointer thread failed: SQLite's own checkpoints come back on this connection too. */
  autocheckpoint() {
    this.#worker?.postMessage('autocheckpoint');
  }

  /** Lets the thread finish and close its connection (call once no batch is on its way). */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.postMessage('close');
    // A thread stuck on a lock held by another process: stopped after 10 s (a commit is atomic either way).
    const stuck = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(stuck);
    // Nothing should be waiting (the store flushes first); if something is, it is refused, not left hanging.
    for (const w of this.#waiting.values()) w.reject(new StoreUnavailableError('the writer thread has closed'));
  }

  /** Stops the thread at once, as a crash would: what it had is refused as unavailable. */
  terminate(): Promise<void> {
    return this.#stop(new Error('the writer thread was stopped'));
  }

  async #stop(error: Error) {
    const worker = this.#worker;
    this.#fail(error);
    await worker?.terminate();
  }

  #fail(error: Error) {
    if (!this.#worker) return;
    this.#worker = undefined;
    for (const w of this.#waiting.values())
      w.reject(new StoreUnavailableError('the writer thread stopped', { cause: error }));
    this.onFailure(error);
  }
}

/** A result from the thread; its receipt is parsed from the JSON only if someone reads it (the route sends the text). */
function fromTheWire(r: WireResult): AppendResult {
  if (r.status === 'conflict') return r;
  let receipt: StoredReceipt | undefined;
  return {
    status: r.status,
    json: r.json,
    get receipt() {
      return (receipt ??= JSON.parse(r.json) as StoredReceipt);
    },
  };
}

/** Only what a notice is made from crosses to the thread, not the revision's whole config (its texts). */
const noticePart = (c: NoticeConfig | undefined): NoticeConfig | undefined =>
  c && { controller: c.controller, defaultLanguage: c.defaultLanguage, channels: c.channels };
