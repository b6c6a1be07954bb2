import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

describe('SQLite persistence', () => {
  it('keeps receipts across close and reopen', async () => {
    const first = await makeCollector();
    const req = leepeemReceipt();
    const { secret, ...stored } = await (await first.app.request('/v1/receipts', postJson(req))).json();
    await first.store.close();

    const store = await openSqliteStore(first.dbPath);
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
    expect(db.prepare('select name from kysely_migration order by name').all()).toEqual([{ name: '0001-receipts' }, { name: '0002-proof' }, { name: '0003-result-notices' }]);
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
    const store = await openSqliteStore(dbPath, { busyTimeoutMs: 50 });
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
});
