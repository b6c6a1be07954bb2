/**
 * The SQLite writer thread's own code (started by writer-thread-client.ts, never imported by the collector): its
 * own connection to the file, the signing key, and the result-notice configs it is sent, one per revision. Each
 * batch is laid out, signed and committed in one IMMEDIATE transaction, synchronously — this thread has nothing
 * else to do — and answered with what each request gets. Batches sent while one is written are written together
 * next, in one transaction (one fsync), however many turns of the event loop they came from.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { noticeRuleOf, type NoticeConfig } from '../notices/result-notice';
import { detachedSigner, type SigningKey } from '../proof/key-ring';
import type { PendingReceipt } from './receipt-batch';
import type { AppendResult } from './receipt-store';
import { sqliteBatchStatements } from './sqlite-batch-writer';
import { isSqliteTransient, openSqliteConnection } from './sqlite-connection';
import { checkpointPast } from './wal-checkpointer';

export type WriterData = { path: string; key: SigningKey; busyTimeoutMs: number; walPages: number };
export type WriterRequest = { id: number; batch: PendingReceipt[]; configs: [string, NoticeConfig | undefined][] };
/** A result as it crosses to the main thread: the receipt as JSON text only (a string costs little to copy). */
export type WireResult = { status: 'conflict' } | { status: 'created' | 'existing'; json: string };
export type WriterAnswer =
  { id: number; results: WireResult[] } | { id: number; error: { message: string; code?: string } };
export type WriterReply = { ready: true } | { answers: WriterAnswer[] };
type WriterMessage = WriterRequest | 'close' | 'autocheckpoint';

/** Once this many receipts are gathered, no further batch is taken into the transaction (so at most 1,999). */
const MAX_RECEIPTS = 1000;

const { path, key, busyTimeoutMs, walPages } = workerData as WriterData;
const port = parentPort!;
const configs = new Map<string, NoticeConfig | undefined>();
const sqlite = openSqliteConnection(path, { busyTimeoutMs, fileMustExist: true });
// Checkpoints are the checkpointer thread's (wal-checkpointer.ts); this connection completes one only past
// `walPages`, which rewinds the WAL (the checkpointer's alone never complete while batches keep coming).
checkpointPast(sqlite, walPages);
const write = sqliteBatchStatements(
  sqlite,
  detachedSigner(key),
  noticeRuleOf((site, revision) => configs.get(`${site}\n${revision}`)),
).inline;

port.on('message', (first: WriterMessage) => {
  const requests: WriterRequest[] = [];
  let receipts = 0;
  for (let m: WriterMessage | undefined = first; m !== undefined;) {
    if (typeof m === 'string') {
      // Control messages keep their place: what came before them is written first.
      writeAll(requests.splice(0));
      receipts = 0;
      if (control(m) === 'closed') return;
    } else {
      requests.push(m);
      receipts += m.batch.length;
    }
    m = receipts < MAX_RECEIPTS ? (receiveMessageOnPort(port)?.message as WriterMessage | undefined) : undefined;
  }
  writeAll(requests);
});
port.postMessage({ ready: true } satisfies WriterReply);

function control(m: 'close' | 'autocheckpoint') {
  // The checkpointer thread failed: SQLite's own checkpoints come back on this connection too.
  if (m === 'autocheckpoint') return void checkpointPast(sqlite, 1000);
  sqlite.close();
  port.close();
  return 'closed';
}

/**
 * One transaction for all the requests' receipts; each request is answered with its own results. If it fails for
 * a passing reason (locked, full, I/O), all of them are refused; any other failure (a bad receipt, a bug) is one
 * request's, so each is written alone and only the one that fails gets the error.
 */
function writeAll(requests: WriterRequest[]) {
  if (!requests.length) return;
  for (const r of requests) for (const [key, config] of r.configs) configs.set(key, config);
  let answers: WriterAnswer[];
  try {
    const results = write(requests.flatMap((r) => r.batch)).map(onTheWire);
    let at = 0;
    answers = requests.map((r) => ({ id: r.id, results: results.slice(at, (at += r.batch.length)) }));
  } catch (error) {
    if (requests.length > 1 && !isSqliteTransient(error)) return requests.forEach((r) => writeAll([r]));
    const failure = failureOf(error);
    answers = requests.map((r) => ({ id: r.id, error: failure }));
  }
  port.postMessage({ answers } satisfies WriterReply);
}

function failureOf(error: unknown) {
  const e = error as { message?: string; code?: unknown };
  return { message: String(e?.message ?? error), code: typeof e?.code === 'string' ? e.code : undefined };
}

function onTheWire(r: AppendResult): WireResult {
  if (r.status === 'conflict') return r;
  return { status: r.status, json: r.json! };
}
