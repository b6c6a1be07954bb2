import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { noticeConfigOf, noticeRule } from '../../server/notices/result-notice';
import { verifyDatabase } from '../../server/proof/verify-log';
import { buildReceipt, requestHash } from '../../server/receipts/build-receipt';
import { SiteRegistry } from '../../server/sites/site-registry';
import { loadRevisions } from '../../server/sites/site-revisions';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { FIXED_NOW, demoConfigs, leepeemReceipt, tempDir, testKeyRing } from '../helpers/collector';

const sites = new SiteRegistry(demoConfigs());
const revision = sites.revision('leepeem', sites.get('leepeem')!.revision)!;
const PAGES = 100;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function open(path: string, thread: boolean) {
  const { file, ring } = await testKeyRing();
  const writerThread = thread
    ? { keys: file, noticeConfig: noticeConfigOf(sites), onFailure: (e: Error) => expect.fail(e.message) }
    : undefined;
  const store = await openSqliteStore(path, ring.signer, { notice: noticeRule(sites), writerThread, walPages: PAGES });
  closers.push(() => store.close());
  await loadRevisions(store, sites, FIXED_NOW, ring.jwks); // the revisions log, as the collector keeps it
  return { store, ring };
}

/** Appends `total` receipts (each of a new visitor) keeping `inFlight` on their way: a stream with no pause. */
async function stream(store: KyselyReceiptStore, total: number, inFlight: number, walPath: string) {
  let sent = 0;
  let largest = 0;
  const one = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      const req = leepeemReceipt({ subject: `v_${randomUUID().replace(/-/g, '').slice(0, 20)}` });
      const result = await store.append(buildReceipt(req, revision, 'none', FIXED_NOW, undefined), requestHash(req));
      expect(result.status).toBe('created');
      largest = Math.max(largest, statSync(walPath, { throwIfNoEntry: false })?.size ?? 0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, one));
  return largest;
}

describe.each([
  ['the writer thread', true],
  ['the event loop', false],
])('the WAL under a steady stream of receipts, written by %s', (_, thread) => {
  it('stays near its checkpoint size: the writing connection completes a checkpoint, so SQLite rewinds it', async () => {
    const path = join(tempDir(), 'wal.sqlite');
    const { store, ring } = await open(path, thread);
    // ≈ 3 WAL pages a receipt: without a complete checkpoint the WAL would reach ≈ 20 MB (it did: the checkpointer
    // thread's PASSIVE checkpoints never complete while batches keep coming).
    const largest = await stream(store, 1500, 32, `${path}-wal`);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(PAGES * 4096 * 4);
    expect(await verifyDatabase(store.db, ring.jwks)).toMatchObject({ ok: true, receipts: 1500 });
    await store.close();
    const db = new Database(path, { readonly: true });
    expect((db.prepare('select count(*) n from receipts').get() as { n: number }).n).toBe(1500);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

describe('the WAL under a steady stream of Kysely writes while the writer thread is idle', () => {
  it('stays near its checkpoint size too: the main connection completes checkpoints as well', async () => {
    const path = join(tempDir(), 'kysely.sqlite');
    const { store } = await open(path, true);
    let largest = 0;
    // What a long purge, banner view counts or notice jobs write through Kysely, with no receipt coming in.
    const one = async (round: number) => {
      for (let i = 0; i < 40; i++) {
        const texts = Array.from({ length: 20 }, (_, j) => ({
          hash: `sha256:${round}-${i}-${j}`,
          site: 'leepeem',
          policy: '2025-02',
          language: 'en',
          text: 'x'.repeat(2000),
        }));
        await store.saveNoticeTexts(texts);
        largest = Math.max(largest, statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
      }
    };
    await Promise.all([0, 1, 2, 3].map(one));
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(PAGES * 4096 * 4);
  });
});

describe('the WAL after a spike', () => {
  it('is cut back once a reader that held old pages lets go (journal_size_limit: twice the checkpoint size)', async () => {
    const path = join(tempDir(), 'spike.sqlite');
    const { store } = await open(path, true);
    const reader = new Database(path, { readonly: true });
    reader.exec('begin');
    reader.prepare('select count(*) from receipts').get(); // holds its snapshot: no checkpoint can complete
    const spike = await stream(store, 600, 32, `${path}-wal`);
    expect(spike).toBeGreaterThan(PAGES * 4096 * 4);
    reader.exec('commit');
    reader.close();
    await stream(store, 600, 32, `${path}-wal`);
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(PAGES * 4096 * 3);
  });
});
