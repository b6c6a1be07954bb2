import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Runs in the worker: its own connection to the file, a PASSIVE checkpoint every `everyMs` (it never blocks the
// writer or readers; it copies what it can and tries again next time).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or locked: next time */ } };
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit crosses 1,000
 * WAL pages, and with better-sqlite3 that commit — and every request waiting on the event loop — stalls while
 * megabytes are copied and fsync'd: the slowest percentile of receipt latencies. So the writer connection turns
 * it off and a worker thread checkpoints on its own connection instead. If the worker dies, `onFailure` turns
 * the automatic checkpoint back on, so the WAL never grows without bound.
 */
export function startWalCheckpointer(path: string, { everyMs = 1000, onFailure }: { everyMs?: number; onFailure: (error: Error) => void }) {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver } });
  worker.unref();
  let stopping = false;
  worker.on('error', (error) => !stopping && onFailure(error));
  worker.on('exit', (code) => !stopping && code !== 0 && onFailure(new Error(`the checkpoint worker exited with ${code}`)));
  return {
    async stop() {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    },
  };
}
