// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../widget/core/outbox';
import { leepeemReceipt, makeCollector } from '../helpers/collector';

let n = 0;
/** The page's fetch to the collector, failing as a browser does while `online.value` is false. */
const collectorFetch = (collector: Awaited<ReturnType<typeof makeCollector>>, online: { value: boolean }) =>
  (async (url: string, init: RequestInit) => {
    if (!online.value) throw new TypeError('Failed to fetch');
    return collector.app.request(url, init);
  }) as unknown as typeof globalThis.fetch;
async function setup(online: { value: boolean }) {
  const collector = await makeCollector();
  const calls: RequestInit[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push(init);
    if (!online.value) throw new TypeError('Failed to fetch');
    return collector.app.request(url, init);
  }) as unknown as typeof globalThis.fetch;
  const store = createStore(`outbox-test-${++n}`, 'kv');
  let clock = 1_000_000;
  const timers: { fn: () => void; ms: number }[] = [];
  const make = () =>
    createOutbox({
      endpoint: 'http://localhost:8787/v1/receipts',
      fetch,
      now: () => clock,
      store,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
    });
  return { collector, calls, make, timers, advance: (ms: number) => (clock += ms) };
}

describe('outbox', () => {
  it('delivers at once when online and keeps the stored receipt in the history', async () => {
    const s = await setup({ value: true });
    const req = leepeemReceipt();
    await s.make().add(req);
    expect((await s.collector.store.get(req.id))?.id).toBe(req.id);
    const history = await s.make().history();
    expect(history.map((r) => r.id)).toEqual([req.id]);
    expect(history[0]!.receivedAt).toBeDefined();
  });

  it('offline: keeps the receipt across a reload and delivers it once the collector is reachable, stored once', async () => {
    const online = { value: false };
    const s = await setup(online);
    const req = leepeemReceipt();
    await s.make().add(req);
    expect(await s.collector.store.get(req.id)).toBeUndefined();
    expect(s.timers.at(-1)!.ms).toBe(1000); // first retry after 1 s
    // The page is closed; a new page (a new outbox over the same IndexedDB) comes back online.
    online.value = true;
    s.advance(1000);
    const reloaded = s.make();
    await reloaded.flush();
    await reloaded.flush();
    expect((await s.collector.store.get(req.id))?.id).toBe(req.id);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(s.collector.dbPath, { readonly: true });
    expect(db.prepare('select count(*) n from receipts').get()).toEqual({ n: 1 });
    db.close();
  });

  it('a new page sends what waits at once, before the retry time a closed page had reached; then backs off again', async () => {
    const online = { value: false };
    const s = await setup(online);
    const first = leepeemReceipt();
    const closing = s.make();
    await closing.add(first);
    await closing.flush({ keepalive: true }); // pagehide while offline: the next retry is 2 s away
    online.value = true;
    const next = s.make(); // no time has passed
    await next.flush();
    expect((await s.collector.store.get(first.id))?.id).toBe(first.id);
    online.value = false;
    const second = leepeemReceipt();
    await next.add(second);
    const sent = s.calls.length;
    await next.flush(); // the same page, before its retry time: waits
    expect(s.calls.length).toBe(sent);
  });

  it('a passing IndexedDB refusal is not final: the receipt reaches IndexedDB at the next step, and a later page delivers it', async () => {
    const online = { value: false };
    const collector = await makeCollector();
    const real = createStore(`outbox-flaky-${++n}`, 'kv');
    let refusals = 1;
    const flaky: typeof real = (mode, callback) =>
      refusals-- > 0 ? Promise.reject(new DOMException('busy', 'UnknownError')) : real(mode, callback);
    const fetch = collectorFetch(collector, online);
    const failures: unknown[] = [];
    const make = (store: typeof real) =>
      createOutbox({
        endpoint: 'http://localhost:8787/v1/receipts',
        fetch,
        now: () => 1_000_000,
        store,
        setTimer: () => {},
        onStorageFailure: (e) => failures.push(e),
      });
    const req = leepeemReceipt();
    await make(flaky).add(req); // the first write is refused; the failed send's retry record is written
    expect(failures).toHaveLength(1);
    online.value = true;
    await make(real).flush(); // the next page
    expect((await collector.store.get(req.id))?.id).toBe(req.id);
  });

  it('a tab closed before IndexedDB answered: the receipt written to localStorage at once reaches the next page', async () => {
    const online = { value: false };
    const collector = await makeCollector();
    // IndexedDB that never answers (the tab closed while the database was still opening).
    const never: ReturnType<typeof createStore> = () => new Promise(() => {});
    const real = createStore(`outbox-closed-${++n}`, 'kv');
    const fetch = collectorFetch(collector, online);
    localStorage.clear();
    const make = (store: typeof real) =>
      createOutbox({
        endpoint: 'http://localhost:8787/v1/receipts',
        fetch,
        now: () => 1,
        store,
        setTimer: () => {},
        local: localStorage,
      });
    const req = leepeemReceipt();
    void make(never).add(req); // the page is gone before the write's promise settles
    expect(Object.keys(localStorage)).toEqual([`assent_outbox_${req.id}`]);
    // What is read back is checked: a stray or damaged entry is dropped, not sent.
    localStorage.setItem('assent_outbox_junk', '{"receipt":');
    localStorage.setItem('assent_outbox_other', JSON.stringify({ receipt: {}, attempts: 0, nextAt: 0 }));
    localStorage.setItem('someone-else', 'kept');
    online.value = true;
    await make(real).flush(); // the next page
    expect((await collector.store.get(req.id))?.id).toBe(req.id);
    // Delivered: gone from localStorage, and the page's own key untouched.
    expect(Object.keys(localStorage).sort()).toEqual(['someone-else']);
  });

  it('backs off exponentially while offline', async () => {
    const s = await setup({ value: false });
    const box = s.make();
    await box.add(leepeemReceipt());
    for (let i = 0; i < 3; i++) {
      s.advance(s.timers.at(-1)!.ms);
      s.timers.at(-1)!.fn(); // the retry timer fires
      await box.flush(); // joins the flush the timer started
    }
    expect(s.timers.map((t) => t.ms)).toEqual([1000, 2000, 4000, 8000]);
  });

  it('on pagehide sends everything with keepalive, even before its retry time', async () => {
    const online = { value: false };
    const s = await setup(online);
    const box = s.make();
    const req = leepeemReceipt();
    await box.add(req);
    online.value = true;
    await box.flush({ keepalive: true });
    expect(s.calls.at(-1)!.keepalive).toBe(true);
    expect((await s.collector.store.get(req.id))?.id).toBe(req.id);
  });

  it('drops a receipt the collector refuses for good, and reports it once', async () => {
    const s = await setup({ value: true });
    const rejected: number[] = [];
    const box = createOutbox({
      endpoint: 'http://localhost:8787/v1/receipts',
      fetch: ((u: string, i: RequestInit) => s.collector.app.request(u, i)) as unknown as typeof fetch,
      now: () => 0,
      store: createStore('outbox-reject', 'kv'),
      onRejected: (_r, status) => rejected.push(status),
    });
    await box.add(leepeemReceipt({ policy: 'nope' }));
    await box.flush();
    expect(rejected).toEqual([422]);
  });
});
