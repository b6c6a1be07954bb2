import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite rewinds the WAL (writes from its start again) only when a write begins after a checkpoint that copied all
 * of it, and a PASSIVE checkpoint racing a steady stream of writes never does: under sustained load the WAL grew
 * by ≈ 40 MB a second (measured, 2026-12-08). So every connection that writes completes a checkpoint itself once
 * the WAL passes this many pages (≈ 40 MB; what the worker has copied by then is not copied again), and the WAL
 * stays about this size. That checkpoint copies what the worker has not yet (at full load, ≈ 40 MB a second): measured
 * with the worker every second, the slowest batch commits took 34 ms (p99) and 56 ms on the writer thread.
 */
export const WAL_REWIND_PAGES = 10_000;

/**
 * Sets a writing connection's checkpoint point (`pages`; 0: never) and lets SQLite cut the WAL back to twice that
 * when it rewinds, so a spike (a reader in another process holding old pages, a backup) does not keep its size.
 */
export function checkpointPast(sqlite: BetterSqlite3.Database, pages: number) {
  sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.pragma(`journal_size_limit = ${pages > 0 ? 2 * pages * pageSize : -1}`);
}

// Runs in the worker: its own connection to the file, a PASSIVE checkpoint every `everyMs` (it never blocks the
// writer or readers; it copies what it can and tries again next time). Asked to truncate, it tries a TRUNCATE
// checkpoint every 50 ms without waiting for locks (busy_timeout 0) until one succeeds: a reader holding an old
// snapshot (a backup, another process) only delays it, and never holds the collector's event loop.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let truncate = false;
let timer;
const tick = () => {
  try {
    if (truncate) {
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)');
      if (!r.busy) { truncate = false; parentPort.postMessage('truncated'); }
    } else db.pragma('wal_checkpoint(PASSIVE)');
  } catch { /* busy or locked: next time */ }
  timer = setTimeout(tick, truncate ? 50 : workerData.everyMs);
};
timer = setTimeout(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'truncate') { truncate = true; clearTimeout(timer); tick(); return; }
  clearTimeout(timer); db.close(); process.exit(0);
});
`;

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit crosses 1,000
 * WAL pages, and with better-sqlite3 that commit — and every request waiting on the event loop — stalls while
 * megabytes are copied and fsync'd: the slowest percentile of receipt latencies. So a worker thread checkpoints on
 * its own connection, PASSIVE, every 250 ms (smaller copies than once a second: paced p99 at 1,000 receipts/s 11–13
 * ms against 15–16, measured side by side on 2026-12-08; every 100 ms, 13–17). If the worker dies, `onFailure` turns
 * the automatic checkpoint back on.
 */
export function startWalCheckpointer(
  path: string,
  { everyMs = 250, onFailure }: { everyMs?: number; onFailure: (error: Error) => void },
) {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  worker.unref();
  let stopping = false;
  worker.on('error', (error) => !stopping && onFailure(error));
  worker.on(
    'exit',
    (code) => !stopping && code !== 0 && onFailure(new Error(`the checkpoint worker exited with ${code}`)),
  );
  return {
    /**
     * Empties the WAL into the database file and truncates it (after an erasure: the old page images go). True once
     * done; false if it is still waiting for a reader after `waitMs` — the worker keeps trying, and `whenDone` says so.
     */
    truncate(waitMs = 2000, whenDone?: () => void): Promise<boolean> {
      return new Promise((resolve) => {
        const timeout = setTimeout(() => resolve(false), waitMs);
        worker.once('message', () => {
          clearTimeout(timeout);
          resolve(true);
          whenDone?.();
        });
        worker.postMessage('truncate');
      });
    },
    async stop() {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held while it finishes: once the server has closed, nothing else keeps the process alive for the last
      // checkpoint (a CLI or a script closing the store would otherwise exit in the middle of it).
      worker.ref();
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
