import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { toLoaderSite, type LoaderSite, type SiteConfig } from '../../protocol';
import { startLoader } from '../../widget/core/loader';
import { createOutbox } from '../../widget/core/outbox';
import { createScriptGate } from '../../widget/core/script-gate';
import { createActions } from '../../widget/core/stage2';
import * as ui from '../../widget/ui/index';
import * as forms from '../../widget/forms/index';
import { demoConfigs, makeCollector } from '../helpers/collector';

export const BASE = 'http://localhost:8787/';
let dbCounter = 0;

/** Clears cookies, the DOM and globals between tests (happy-dom keeps one document per file). */
const gates: { stop(): void }[] = [];

export function resetDocument() {
  gates.splice(0).forEach((g) => g.stop());
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]!.trim();
    if (name) document.cookie = `${name}=; Path=/; Max-Age=0`;
  }
  document.body.innerHTML = '';
  document.documentElement.lang = '';
  delete (window as { dataLayer?: unknown }).dataLayer;
  delete (window as { demoRan?: unknown }).demoRan;
}

/** Leaves the current page (its gate stops) and opens one with this body; cookies and IndexedDB stay. */
export function newPage(body: string) {
  gates.splice(0).forEach((g) => g.stop());
  document.querySelector('assent-consent')?.remove();
  document.body.innerHTML = body;
}

export interface HarnessOptions {
  site?: string;
  now?: () => number;
  gpc?: boolean;
  language?: string;
  configs?: SiteConfig[];
  /** Route the widget's requests somewhere else (e.g. to simulate being offline). */
  online?: () => boolean;
  idb?: string;
}

/**
 * The widget as a page runs it, in happy-dom: the real loader, stage two and UI, talking to the real collector
 * (Hono app over a real SQLite file) through `fetch`; IndexedDB from fake-indexeddb.
 */
export async function startWidget(o: HarnessOptions = {}) {
  const collector = await makeCollector(o.configs ? { configs: o.configs } : {});
  const site = collector.sites.get(o.site ?? 'leepeem')!;
  const loaderSite: LoaderSite = toLoaderSite(site.config, site.revision, Date.UTC(2026, 11, 1));
  const now = o.now ?? (() => Date.parse('2026-11-22T09:30:00Z'));
  const online = o.online ?? (() => true);
  const requests: { url: string; body?: string }[] = [];
  const appFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!online()) throw new TypeError('Failed to fetch');
    requests.push({ url: String(input), body: init?.body as string | undefined });
    return collector.app.request(String(input), init as RequestInit);
  };
  (globalThis as { fetch: typeof fetch }).fetch = appFetch as typeof fetch;
  const store = createStore(o.idb ?? `assent-test-${++dbCounter}`, 'kv');
  const timers: { fn: () => void; ms: number }[] = [];
  const outboxParts = {
    fetch: appFetch as typeof fetch,
    now,
    store,
    setTimer: (fn: () => void, ms: number) => timers.push({ fn, ms }),
  };
  // A second view of the same IndexedDB store, for tests that look at the outbox and history directly.
  const outbox = createOutbox({ endpoint: `${BASE}v1/receipts`, ...outboxParts });
  // A new widget is a new page: the previous page's gate stops watching the document.
  gates.splice(0).forEach((g) => g.stop());
  const gate = createScriptGate(document, { nonce: 'n0nce' });
  gates.push(gate);
  const errors: unknown[] = [];
  /** How often the loader started stage two: nothing can be decided, sent or shown without it. */
  const loads = { stage2: 0 };
  const api = startLoader({
    doc: document,
    win: window,
    site: loaderSite,
    language: o.language ?? 'en',
    gpc: o.gpc ?? false,
    layout: 'box',
    base: BASE,
    now,
    gate,
    outboxPending: () => false,
    loadActions: async (shared) => (
      loads.stage2++,
      createActions(shared, { outbox: outboxParts, loadUi: async () => ui, loadForms: async () => forms })
    ),
    report: (e) => errors.push(e),
  });
  return { api, collector, site: loaderSite, outbox, requests, timers, errors, gate, store, loads };
}

/** The widget's shadow root, once the UI has rendered. */
export async function shadow(): Promise<ShadowRoot> {
  for (let i = 0; i < 100; i++) {
    const root = document.querySelector('assent-consent')?.shadowRoot;
    if (root?.querySelector('h2')) return root;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the widget UI did not render');
}

export function demoLeepeem() {
  return demoConfigs().find((c) => c.id === 'leepeem')!;
}

/** The receipts the collector stored, oldest first, read straight from its SQLite file. */
export async function storedReceipts(w: { collector: { dbPath: string } }) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(w.collector.dbPath, { readonly: true });
  try {
    return (db.prepare('select record from receipts order by seq').all() as { record: string }[]).map((r) =>
      JSON.parse(r.record),
    );
  } finally {
    db.close();
  }
}

/** Waits for the DOM (or anything) to get somewhere, polling every 10 ms for up to 2 s; names what it waited for. */
export async function until<T>(fn: () => T | null | undefined, what: string): Promise<NonNullable<T>> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
