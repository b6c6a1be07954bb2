/**
 * The SQLite writer thread's own code (started by writer-thread-client.ts, never imported by the collector): its
 * own connection to the file, the signing key, and the result-notice configs it is sent, one per revision. Each
 * batch is laid out, signed and committed in one IMMEDIATE transaction, synchronously — this thread has nothing
 * else to do — and answered with what each request gets.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { noticeRuleOf, type NoticeConfig } from '../notices/result-notice';
import { detachedSigner, type SigningKey } from '../proof/key-ring';
import type { PendingReceipt } from './receipt-batch';
import type { AppendResult } from './receipt-store';
import { sqliteBatchStatements } from './sqlite-batch-writer';
import { openSqliteConnection } from './sqlite-connection';

export type WriterData = { path: string; key: SigningKey; busyTimeoutMs: number };
export type WriterRequest = { id: number; batch: PendingReceipt[]; configs: [string, NoticeConfig | undefined][] };
/** A result as it crosses to the main thread: the receipt as JSON text only (a string costs little to copy). */
export type WireResult = { status: 'conflict' } | { status: 'created' | 'existing'; json: string };
export type WriterReply =
  { ready: true } | { id: number; results: WireResult[] } | { id: number; error: { message: string; code?: string } };

const { path, key, busyTimeoutMs } = workerData as WriterData;
const port = parentPort!;
const configs = new Map<string, NoticeConfig | undefined>();
const sqlite = openSqliteConnection(path, { busyTimeoutMs, fileMustExist: true });
// Checkpoints are the checkpointer thread's (wal-checkpointer.ts): one inside a commit here would hold every batch.
sqlite.pragma('wal_autocheckpoint = 0');
const write = sqliteBatchStatements(
  sqlite,
  detachedSigner(key),
  noticeRuleOf((site, revision) => configs.get(`${site}\n${revision}`)),
).inline;

port.on('message', (m: WriterRequest | 'close' | 'autocheckpoint') => {
  // The checkpointer thread failed: SQLite's own checkpoints come back on this connection too.
  if (m === 'autocheckpoint') return void sqlite.pragma('wal_autocheckpoint = 1000');
  if (m === 'close') {
    sqlite.close();
    port.close();
    return;
  }
  for (const [key, config] of m.configs) configs.set(key, config);
  try {
    port.postMessage({ id: m.id, results: write(m.batch).map(onTheWire) } satisfies WriterReply);
  } catch (error) {
    const e = error as { message?: string; code?: unknown };
    const code = typeof e?.code === 'string' ? e.code : undefined;
    port.postMessage({ id: m.id, error: { message: String(e?.message ?? error), code } } satisfies WriterReply);
  }
});
port.postMessage({ ready: true } satisfies WriterReply);

function onTheWire(r: AppendResult): WireResult {
  if (r.status === 'conflict') return r;
  return { status: r.status, json: r.json! };
}
