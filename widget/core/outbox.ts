import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { ReceiptRequest, StoredReceipt } from '../../protocol';

/**
 * Receipts wait in IndexedDB until the collector acknowledges them, so a decision made offline or just before
 * the tab closes is delivered on a later page. Acknowledged receipts move to the visitor's receipt history.
 */
export interface Outbox {
  add(receipt: ReceiptRequest): Promise<void>;
  /** Sends everything pending; resolves when each has been acknowledged or rescheduled. */
  flush(opts?: { keepalive?: boolean }): Promise<void>;
  history(): Promise<StoredReceipt[]>;
}

export interface OutboxOptions {
  endpoint: string;
  fetch: typeof fetch;
  now: () => number;
  /** Retries wait 1 s, 2 s, 4 s … up to this. */
  maxBackoffMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  onStored?: (receipt: StoredReceipt) => void;
  /** A receipt the collector refused for good (4xx other than 408/429): reported once, dropped. */
  onRejected?: (receipt: ReceiptRequest, status: number) => void;
  /** A receipt made against a config the collector no longer has (409 stale-config): dropped; the visitor is asked again. */
  onStale?: (receipt: ReceiptRequest) => void;
  /** Called after each flush with whether receipts still wait. */
  onIdle?: (pending: boolean) => void;
  /** IndexedDB refused or full: receipts are kept for this page only (reported once). */
  onStorageFailure?: (error: unknown) => void;
  store?: UseStore;
}

/**
 * IndexedDB through idb-keyval, falling back to memory for the rest of the page when the browser refuses it
 * (blocked storage, some private modes, quota exceeded): receipts still go out; they only cannot wait for a later
 * page, and the receipt history holds this page's receipts only.
 */
function resilient(store: UseStore | undefined, onFailure: (error: unknown) => void) {
  const memory = new Map<string, unknown>();
  let broken = false;
  const attempt = async <T>(idb: () => Promise<T>, fallback: () => T): Promise<T> => {
    if (!broken) {
      try {
        return await idb();
      } catch (error) {
        broken = true;
        onFailure(error);
      }
    }
    return fallback();
  };
  let idbStore: UseStore | undefined = store;
  const use = () => (idbStore ??= createStore('assent', 'kv'));
  return {
    set: (k: string, v: unknown) =>
      attempt(
        () => set(k, v, use()),
        () => void memory.set(k, v),
      ),
    del: (k: string) =>
      attempt(
        () => del(k, use()),
        () => void memory.delete(k),
      ),
    entries: <V>() =>
      attempt(
        () => entries<string, V>(use()),
        () => [...memory] as [string, V][],
      ),
  };
}

type Pending = { receipt: ReceiptRequest; attempts: number; nextAt: number };

export function createOutbox(o: OutboxOptions): Outbox {
  const kv = resilient(o.store, (e) => o.onStorageFailure?.(e));
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const maxBackoff = o.maxBackoffMs ?? 300_000;
  let timer = false;
  let flushing: Promise<void> | undefined;
  // A new page is the visitor's next chance (they may be back online): its first flush sends everything waiting,
  // whatever the backoff a closed page had reached; later flushes keep the backoff.
  let firstFlush = true;

  const pendingKey = (id: string) => `outbox:${id}`;

  const schedule = (ms: number) => {
    if (timer) return;
    timer = true;
    setTimer(() => {
      timer = false;
      void outbox.flush();
    }, ms);
  };

  const sendOne = async (p: Pending, keepalive: boolean) => {
    let status = 0;
    try {
      const res = await o.fetch(o.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(p.receipt),
        keepalive,
        credentials: 'omit',
      });
      status = res.status;
      if (
        status === 409 &&
        ((await res.json().catch(() => ({}))) as { type?: string }).type === '/problems/stale-config'
      ) {
        await kv.del(pendingKey(p.receipt.id));
        o.onStale?.(p.receipt);
        return;
      }
      if (status === 200 || status === 201) {
        const stored = (await res.json()) as StoredReceipt;
        await kv.set(`history:${stored.id}`, stored);
        await kv.del(pendingKey(p.receipt.id));
        o.onStored?.(stored);
        return;
      }
    } catch {
      // offline or the collector is unreachable: retry below
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      await kv.del(pendingKey(p.receipt.id));
      o.onRejected?.(p.receipt, status);
      return;
    }
    const wait = Math.min(maxBackoff, 1000 * 2 ** p.attempts);
    await kv.set(pendingKey(p.receipt.id), { ...p, attempts: p.attempts + 1, nextAt: o.now() + wait });
    schedule(wait);
  };

  const outbox: Outbox = {
    async add(receipt) {
      await kv.set(pendingKey(receipt.id), { receipt, attempts: 0, nextAt: 0 } satisfies Pending);
      await outbox.flush();
    },
    flush({ keepalive = false } = {}) {
      flushing ??= (async () => {
        try {
          const all = (await kv.entries<Pending>()).filter(([k]) => k.startsWith('outbox:')).map(([, v]) => v);
          const due = keepalive || firstFlush ? all : all.filter((p) => p.nextAt <= o.now());
          firstFlush = false;
          for (const p of due) await sendOne(p, keepalive);
          const rest = (await kv.entries<Pending>()).filter(([k]) => k.startsWith('outbox:')).map(([, v]) => v);
          if (rest.length) schedule(Math.max(0, Math.min(...rest.map((p) => p.nextAt)) - o.now()));
          o.onIdle?.(rest.length > 0);
        } finally {
          flushing = undefined;
        }
      })();
      return flushing;
    },
    async history() {
      const all = await kv.entries<StoredReceipt>();
      return all
        .filter(([k]) => k.startsWith('history:'))
        .map(([, v]) => v)
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    },
  };
  return outbox;
}
