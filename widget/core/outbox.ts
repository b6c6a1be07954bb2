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
  /** Waiting receipts are also written here, synchronously (the page's localStorage). */
  local?: Storage;
}

/**
 * IndexedDB through idb-keyval, every write mirrored in memory: when the browser refuses IndexedDB (blocked storage,
 * some private modes, quota exceeded, or a refusal under load) receipts still go out from this page, and IndexedDB
 * is tried again at each step rather than given up for the page, so a passing refusal does not leave a receipt
 * without a later page to deliver it. The first refusal is reported.
 * Waiting receipts are also mirrored in localStorage, written in the click's own task: IndexedDB needs round trips
 * (opening the database, then the write) that a tab closed at once never finishes — on a busy machine the receipt
 * was lost while the outbox cookie said it waited. What is read back from localStorage is checked, and dropped if
 * it is not a waiting receipt.
 */
function resilient(store: UseStore | undefined, onFailure: (error: unknown) => void, local?: Storage) {
  const memory = new Map<string, unknown>();
  let reported = false;
  const failed = (error: unknown) => {
    if (!reported) {
      reported = true;
      onFailure(error);
    }
  };
  const mirrored = (k: string) => k.startsWith('outbox:');
  // `outbox:<id>` is kept as `assent_outbox_<id>`: one name pattern with the outbox cookie for the site's records.
  const localKey = (k: string) => `assent_outbox_${k.slice(7)}`;
  const safely = <T>(op: () => T): T | undefined => {
    try {
      return op();
    } catch {
      return undefined; // localStorage off or full: IndexedDB and memory still have it
    }
  };
  const fromLocal = () =>
    (safely(() => Object.keys(local!)) ?? [])
      .filter((k) => k.startsWith('assent_outbox_'))
      .flatMap((k): [string, unknown][] => {
        const v = safely(() => JSON.parse(local!.getItem(k)!) as Pending);
        if (typeof v?.receipt?.id === 'string' && v.attempts >= 0 && v.nextAt >= 0)
          return [[`outbox:${k.slice(14)}`, v]];
        safely(() => local!.removeItem(k));
        return [];
      });
  let idbStore: UseStore | undefined = store;
  const use = () => {
    try {
      return (idbStore ??= createStore('assent', 'kv'));
    } catch (error) {
      failed(error);
      return undefined;
    }
  };
  const tryIdb = async <T>(op: (s: UseStore) => Promise<T>): Promise<T | undefined> => {
    const s = use();
    try {
      return s ? await op(s) : undefined;
    } catch (error) {
      failed(error);
      return undefined;
    }
  };
  return {
    set: async (k: string, v: unknown) => {
      memory.set(k, v);
      if (mirrored(k)) safely(() => local?.setItem(localKey(k), JSON.stringify(v)));
      await tryIdb((s) => set(k, v, s));
    },
    del: async (k: string) => {
      memory.delete(k);
      if (mirrored(k)) safely(() => local?.removeItem(localKey(k)));
      await tryIdb((s) => del(k, s));
    },
    entries: async <V>() => {
      const all = new Map<string, V>((await tryIdb((s) => entries<string, V>(s))) ?? []);
      for (const [k, v] of fromLocal()) all.set(k, v as V);
      for (const [k, v] of memory) all.set(k, v as V);
      return [...all];
    },
  };
}

type Pending = { receipt: ReceiptRequest; attempts: number; nextAt: number };

export function createOutbox(o: OutboxOptions): Outbox {
  const kv = resilient(o.store, (e) => o.onStorageFailure?.(e), o.local);
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

/** The page's localStorage, or none where reading it throws (a sandboxed frame, storage blocked). */
export function localStorageOf(win: Window): Storage | undefined {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}
