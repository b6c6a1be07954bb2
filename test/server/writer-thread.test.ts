import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../protocol';
import { noticeConfigOf, noticeRule } from '../../server/notices/result-notice';
import { committedReceipt, personalDigest, receiptCommitment } from '../../server/proof/receipt-commitment';
import { verifyDatabase } from '../../server/proof/verify-log';
import { buildReceipt, requestHash } from '../../server/receipts/build-receipt';
import { SiteRegistry } from '../../server/sites/site-registry';
import { StoreUnavailableError } from '../../server/store/receipt-store';
import { openSqliteDatabase, openSqliteStore } from '../../server/store/sqlite-store';
import { WriterThread } from '../../server/store/writer-thread-client';
import {
  FIXED_NOW,
  demoConfigs,
  leepeemReceipt,
  makeCollector,
  postJson,
  tempDir,
  testKeyRing,
} from '../helpers/collector';

const sites = new SiteRegistry(demoConfigs());
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function threadStore(
  path = join(tempDir(), 'thread.sqlite'),
  keys?: Awaited<ReturnType<typeof testKeyRing>>['file'],
) {
  const { file, ring } = await testKeyRing();
  const failures: Error[] = [];
  const store = await openSqliteStore(path, ring.signer, {
    notice: noticeRule(sites),
    writerThread: { keys: keys ?? file, noticeConfig: noticeConfigOf(sites), onFailure: (e) => failures.push(e) },
  });
  closers.push(() => store.close());
  return { store, failures, ring, path };
}

/** A thread alone on a fresh, migrated file, with the failures it reports, and a pending receipt to give it. */
async function bareThread(name: string, opts: { busyTimeoutMs: number; deadlineMs?: number }) {
  const { file, ring } = await testKeyRing();
  const path = join(tempDir(), name);
  const { db } = await openSqliteDatabase(path);
  await db.destroy();
  const failures: Error[] = [];
  const thread = await WriterThread.start(path, {
    ...opts,
    keys: file,
    noticeConfig: noticeConfigOf(sites),
    onFailure: (e) => failures.push(e),
  });
  return { thread, failures, path, file, ring };
}
const pending = (req = leepeemReceipt()) => ({
  receipt: buildReceipt(req, sites.revision('leepeem', sites.get('leepeem')!.revision)!, 'none', FIXED_NOW, undefined),
  hash: requestHash(req),
});

describe('the SQLite writer thread', () => {
  it('writes what the event loop would: the same response, result notices, consents; verify passes', async () => {
    const { store, failures, ring } = await threadStore();
    const c = await makeCollector({ store });
    const sent = leepeemReceipt();
    const res = await c.app.request('/v1/receipts', postJson(sent));
    expect(res.status).toBe(201);
    const body = await res.json();
    // The response is the stored receipt (record and signature) plus the secret, sent from the thread's text.
    const stored = await store.get(sent.id);
    expect({ ...body, secret: undefined }).toEqual({ ...stored, secret: undefined });
    expect(body.secret).toMatch(/^[\w-]{20,}$/);
    // A replay is answered from the log, with the same JSON.
    const again = await c.app.request('/v1/receipts', postJson(sent));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    // The thread made the result notice and the consent rows from the config it was sent.
    expect(await store.db.selectFrom('result_notices').select('receipt_id').execute()).toEqual([
      { receipt_id: sent.id },
    ]);
    expect(await store.channels('leepeem', sent.subject)).toMatchObject({ email: { granted: true } });
    expect(await verifyDatabase(store.db, ring.jwks)).toMatchObject({ ok: true, receipts: 1 });
    expect(failures).toEqual([]);
  });

  it('takes turns with the main connection: receipts and erasures racing, one chain, nothing erased follows', async () => {
    const { store, ring } = await threadStore();
    const c = await makeCollector({ store });
    const subject = 'racing_subject_ABCDEFGH';
    const posts = Array.from({ length: 60 }, (_, i) =>
      c.app.request('/v1/receipts', postJson(leepeemReceipt(i % 3 ? {} : { subject }))),
    );
    const erasures = [5, 20, 40].map(
      (ms) =>
        new Promise<number>((r) =>
          setTimeout(() => r(store.staff.redact({ site: 'leepeem', subject }, 'erasure', FIXED_NOW.toISOString())), ms),
        ),
    );
    const statuses = (await Promise.all(posts)).map((r) => r.status);
    await Promise.all(erasures);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(await verifyDatabase(store.db, ring.jwks)).toMatchObject({ ok: true });
  });

  it('another process holding the lock past busy_timeout: the batch is refused as unavailable, the next one stored', async () => {
    const { file, ring } = await testKeyRing();
    const path = join(tempDir(), 'locked.sqlite');
    const store = await openSqliteStore(path, ring.signer, {
      notice: noticeRule(sites),
      busyTimeoutMs: 200,
      writerThread: { keys: file, noticeConfig: noticeConfigOf(sites), onFailure: (e) => expect.fail(e.message) },
    });
    closers.push(() => store.close());
    const c = await makeCollector({ store });
    const other = new Database(path);
    other.exec('begin immediate');
    const refused = await c.app.request('/v1/receipts', postJson(leepeemReceipt()));
    expect(refused.status).toBe(503);
    other.exec('rollback');
    other.close();
    const stored = await c.app.request('/v1/receipts', postJson(leepeemReceipt()));
    expect(stored.status).toBe(201);
    expect(await verifyDatabase(store.db, ring.jwks)).toMatchObject({ ok: true, receipts: 1 });
  });

  it('a thread that does not answer in time is stopped: its batch refused as unavailable, the thread given up', async () => {
    // Another process holds the write lock longer than the deadline: the thread waits inside SQLite, answering nothing.
    const { thread, failures, path } = await bareThread('stuck.sqlite', { busyTimeoutMs: 5000, deadlineMs: 300 });
    const other = new Database(path);
    other.exec('begin immediate');
    const started = Date.now();
    const outcome = await thread.write([pending()]).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(4000); // the deadline, not SQLite's busy_timeout
    expect(thread.alive).toBe(false);
    expect(failures.map((e) => e.message)).toEqual(['the writer thread did not answer within 0.3 s']);
    other.exec('rollback');
    other.close();
  });

  it('batches sent while it is busy are written next, together, each answered with its own results in order', async () => {
    const { thread, failures, path } = await bareThread('merged.sqlite', { busyTimeoutMs: 5000 });
    const other = new Database(path);
    other.exec('begin immediate'); // holds the thread inside the first batch while the others arrive
    const [a, b, twice, c, d] = Array.from({ length: 5 }, () => leepeemReceipt());
    const first = thread.write([pending(a)]);
    const batches = [
      [pending(b), pending(twice)],
      [pending(c)],
      [pending(twice), pending({ ...twice!, action: 'reject_all' }), pending(d)],
    ];
    const answers = batches.map((batch) => thread.write(batch));
    // A receipt the writer cannot lay out, merged with the others: only its own request fails.
    const bad = pending();
    (bad.receipt as { choices?: unknown }).choices = undefined;
    const poisoned = thread.write([bad]).catch((e: unknown) => e);
    const closed = thread.close(); // sent after the batches: they are written before the thread closes
    other.exec('rollback');
    other.close();
    expect((await first).map((r) => r.status)).toEqual(['created']);
    expect((await Promise.all(answers)).map((r) => r.map((x) => x.status))).toEqual([
      ['created', 'created'],
      ['created'],
      ['existing', 'conflict', 'created'], // the same request again; the same id with another body
    ]);
    expect(await poisoned).toBeInstanceOf(Error);
    await closed;
    const { db } = await openSqliteDatabase(path);
    closers.push(() => db.destroy());
    const stored = await db.selectFrom('receipts').select('id').orderBy('seq').execute();
    expect(stored.map((r) => r.id)).toEqual([a, b, twice, c, d].map((r) => r!.id));
    expect(failures).toEqual([]);
  });

  it('a thread that dies mid-flight: its batch is refused as unavailable, and later ones are written here', async () => {
    const { thread, failures, path, file, ring } = await bareThread('dies.sqlite', { busyTimeoutMs: 1000 });
    expect((await thread.write([pending()]))[0]!.status).toBe('created');
    const inFlight = thread.write([pending()]).catch((e: unknown) => e);
    await thread.terminate();
    expect(await inFlight).toBeInstanceOf(StoreUnavailableError);
    await expect(thread.write([pending()])).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(thread.alive).toBe(false);
    expect(failures.map((e) => e.message)).toEqual(['the writer thread was stopped']);
    // The store around a thread that cannot start writes on the event loop instead, and says so.
    const { store, failures: storeFailures } = await threadStore(path, {
      ...file,
      keys: [{ ...file.keys.at(-1)!, d: undefined }],
    });
    const c = await makeCollector({ store });
    expect((await c.app.request('/v1/receipts', postJson(leepeemReceipt()))).status).toBe(201);
    expect(storeFailures).toHaveLength(1);
    expect(await verifyDatabase(store.db, ring.jwks)).toMatchObject({ ok: true });
  });
});

describe('one serialisation of a receipt', () => {
  it('gives the bytes the signature, the commitment and the personal digest were defined over', () => {
    const site = sites.revision('leepeem', sites.get('leepeem')!.revision)!;
    for (const overrides of [{}, { member: 'chart-1234' }, { action: 'reject_all' as const }]) {
      const req = leepeemReceipt(overrides);
      const receipt = { ...buildReceipt(req, site, 'none', FIXED_NOW, '198.51.100.4'), log: { seq: 7, prev: 'ab' } };
      const one = committedReceipt(receipt as never);
      expect(one.payload).toBe(canonicalJson(receipt));
      expect(one.digest).toBe(receiptCommitment(receipt as never));
      expect(one.personal).toBe(personalDigest(receipt as never));
    }
  });
});
