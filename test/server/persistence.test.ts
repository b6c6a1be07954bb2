import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { leepeemReceipt, makeCollector, postJson, testSigner, demoNoticeRule } from '../helpers/collector';

describe('SQLite persistence', () => {
  it('keeps receipts across close and reopen', async () => {
    const first = await makeCollector();
    const req = leepeemReceipt();
    const { secret, ...stored } = await (await first.app.request('/v1/receipts', postJson(req))).json();
    await first.store.close();

    const store = await openSqliteStore(first.dbPath, await testSigner(), { notice: demoNoticeRule() });
    const second = await makeCollector({ dbPath: first.dbPath, store });
    const again = await second.app.request('/v1/receipts', postJson(req));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...stored, secret });
    expect(await store.get(req.id)).toEqual(stored);
    await store.close();
  });

  it('runs in WAL mode with synchronous=FULL and records the migrations', async () => {
    const { dbPath, store } = await makeCollector();
    await store.close();
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('select name from kysely_migration order by name').all()).toEqual([
      { name: '0001-receipts' },
      { name: '0002-proof' },
      { name: '0003-result-notices' },
      { name: '0004-dashboard' },
      { name: '0005-verifiable-logs' },
      { name: '0006-site-seq-index' },
      { name: '0007-channel-consents' },
      { name: '0008-guardian-checks' },
      { name: '0009-subject-contacts' },
      { name: '0010-overview-counts' },
      { name: '0011-rights-requests' },
    ]);
    db.close();
  });

  it('acknowledges hundreds of concurrent POSTs, each stored exactly once, replays included', async () => {
    const { app, dbPath, store } = await makeCollector();
    const requests = Array.from({ length: 400 }, () => leepeemReceipt());
    // Every 4th receipt is also sent a second time in the same burst, as a retrying widget would.
    const bodies = [...requests, ...requests.filter((_, i) => i % 4 === 0)];
    const responses = await Promise.all(bodies.map((r) => app.request('/v1/receipts', postJson(r))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(400);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    await store.close();
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare('select id from receipts').all() as { id: string }[];
    expect(rows).toHaveLength(400);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(requests.map((r) => r.id)));
    db.close();
  });

  it('a locked database is a 503 with Retry-After, and nothing half-written', async () => {
    const { dbPath } = await makeCollector();
    const store = await openSqliteStore(dbPath, await testSigner(), { busyTimeoutMs: 50, notice: demoNoticeRule() });
    const { app } = await makeCollector({ dbPath, store });
    const locker = new Database(dbPath);
    locker.exec('BEGIN EXCLUSIVE');
    const req = leepeemReceipt();
    const res = await app.request('/v1/receipts', postJson(req));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(await res.json())).not.toMatch(/SQLITE|locked/i);
    locker.exec('ROLLBACK');
    locker.close();
    expect(await store.get(req.id)).toBeUndefined();
    // Once the lock is gone the same receipt goes through.
    expect((await app.request('/v1/receipts', postJson(req))).status).toBe(201);
    await store.close();
  });

  it('a full disk is a 503 with Retry-After; the file stays intact and writes resume when there is room', async () => {
    const { app, dbPath, store } = await makeCollector();
    const kept = leepeemReceipt();
    expect((await app.request('/v1/receipts', postJson(kept))).status).toBe(201);
    // SQLite's own cap on the file's size makes the same SQLITE_FULL error a full disk makes, without
    // filling this machine's disk: no page may be added from now on.
    const db = (store as KyselyReceiptStore).db;
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
    const statuses: number[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 200 && !statuses.includes(503); i++) {
      const big = leepeemReceipt({ member: `m_${'x'.repeat(100)}${i}` });
      const res = await app.request('/v1/receipts', postJson(big));
      statuses.push(res.status);
      if (res.status === 503) {
        refused.push(big.id);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(JSON.stringify(await res.json())).not.toMatch(/SQLITE|disk|full/i);
      }
    }
    expect(statuses).toContain(503);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);

    await sql.raw('pragma max_page_count = 1073741823').execute(db); // room again
    const after = leepeemReceipt();
    expect((await app.request('/v1/receipts', postJson(after))).status).toBe(201);
    await store.close();
    const check = new Database(dbPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = new Set((check.prepare('select id from receipts').all() as { id: string }[]).map((r) => r.id));
    check.close();
    expect(ids.has(kept.id) && ids.has(after.id)).toBe(true);
    for (const id of refused) expect(ids.has(id)).toBe(false); // refused means not stored, not half-stored
  });

  it('checkpoints the WAL in a worker thread: the database file takes the receipts while the collector runs', async () => {
    const { app, dbPath, store } = await makeCollector();
    const sqlite = new Database(dbPath, { readonly: true });
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000); // a fresh connection's default…
    sqlite.close();
    const before = statSync(dbPath).size;
    await Promise.all(Array.from({ length: 300 }, () => app.request('/v1/receipts', postJson(leepeemReceipt()))));
    // …but the store's own connection checkpoints only past WAL_REWIND_PAGES (≈ 40 MB of WAL, far more than these
    // receipts), so only the worker can have moved the receipts from the WAL into the database file.
    let after = before;
    for (let i = 0; i < 40 && after <= before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = statSync(dbPath).size;
    }
    expect(after).toBeGreaterThan(before + 100 * 1024);
    await store.close();
    expect(statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0); // emptied on close
    const check = new Database(dbPath, { readonly: true });
    expect((check.prepare('select count(*) n from receipts').get() as { n: number }).n).toBe(300);
    check.close();
  });

  it('a receipt is acknowledged only once committed, even while another transaction is open on the connection', async () => {
    const { app, dbPath, store } = await makeCollector();
    // A background job's transaction (they span awaits) holds the shared connection open...
    let release!: () => void;
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const outer = (store as KyselyReceiptStore).db.transaction().execute(async (trx) => {
      await trx.insertInto('job_cursors').values({ name: 'test', seq: 1 }).execute();
      opened();
      await new Promise<void>((r) => (release = r));
    });
    await open;
    // ...while a receipt arrives. Were it written inside that transaction, its 201 would come before any commit.
    const req = leepeemReceipt();
    const answered = Promise.resolve(app.request('/v1/receipts', postJson(req))).then((res) => {
      const other = new Database(dbPath, { readonly: true });
      const seen = other.prepare('select count(*) n from receipts where id = ?').get(req.id) as { n: number };
      other.close();
      return { status: res.status, committed: seen.n === 1 };
    });
    // Give the receipt every chance to be answered: many turns of the event loop, in which the batch is laid out,
    // signed and would have been committed. It is still waiting for the open transaction instead of nesting in it.
    let done = false;
    void answered.then(() => (done = true));
    for (let i = 0; i < 500; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    release();
    await outer;
    expect(await answered).toEqual({ status: 201, committed: true }); // and when it is answered, it is on disk
    await store.close();
  });
});
