import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { UsageError } from '../operator-errors';
import { PHASES, type Observations, type Phase, type SeenItem, type SeenRequest } from './scan-findings';

/** The scan could not be done (no Chromium, the site did not answer): the message says why. */
export class ScanError extends UsageError {}
/** No Chromium where it was looked for: the message says how to install one. */
export class NoChromium extends ScanError {}

/** Chromium as the tests drive it: Debian's, headless, none of its own network chatter. */
export async function launchChromium(
  path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  extraArgs: string[] = [],
): Promise<Browser> {
  if (!existsSync(path))
    throw new NoChromium(
      `no Chromium at ${path}: install Debian's (apt-get install chromium) or point CHROMIUM_PATH at one`,
    );
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A URL the page gave (a link, a script's src), or undefined when it is not one. */
export const parseUrl = (href: string | undefined) => {
  try {
    return href ? new URL(href) : undefined;
  } catch {
    return undefined;
  }
};

// The widget's receipts and banner-view reports: a scan makes choices through the API like a visitor, but it is
// not one, so they never reach the collector (the evidence log and the dashboard's figures stay the visitors').
const WIDGET_WRITES = /\/v1\/(?:receipts|sites\/[^/]+\/shown)$/;

// Injected before any page script: who writes each cookie through document.cookie (the script's URL).
const WATCH_COOKIES = `(() => {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  const seen = (window.__assentScanSetters = []);
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() { return d.get.call(this); },
    set(v) {
      const script = document.currentScript && document.currentScript.src;
      const frame = !script && (new Error().stack || '').split('\\n')
        .map((l) => (l.match(/(https?:[^\\s)]+):\\d+:\\d+/) || [])[1]).find(Boolean);
      seen.push([String(v).split('=')[0].trim(), script || frame || location.href]);
      d.set.call(this, v);
    },
  });
})();`;

/**
 * Visits the site three times as a new visitor, in fresh browser contexts: making no choice, then choosing
 * "reject all", then "accept all" (through Assent's public API, which auto-consent tools use too); each time the
 * start page and up to `pages - 1` links of the same site. Records every cookie, localStorage key and IndexedDB
 * database at the end of each visit, who set the cookies where it can be seen, and each request to another site.
 */
export async function scanSite(
  browser: Browser,
  url: string,
  {
    pages = 3,
    timeoutMs = 15_000,
    deadlineMs = 300_000,
    signal,
    answerFor = async () => undefined,
  }: {
    pages?: number;
    timeoutMs?: number;
    /** The whole scan's limit: past it (or when `signal` aborts) the browser is closed and the scan fails. */
    deadlineMs?: number;
    signal?: AbortSignal;
    /** What the visitor answers when the site asks their age (given the loader's URL): none by default. */
    answerFor?: (loader: string) => Promise<unknown>;
  } = {},
): Promise<Observations> {
  let stopped: string | undefined;
  const stop = (why: string) => {
    stopped ??= why;
    void browser.close().catch(() => {});
  };
  const timer = setTimeout(
    () => stop(`the scan took longer than ${Math.round(deadlineMs / 1000)} s: stopped`),
    deadlineMs,
  );
  const onAbort = () => stop('the scan was cancelled');
  signal?.addEventListener('abort', onAbort);
  try {
    if (signal?.aborted) onAbort();
    return await scanPhases(browser, url, { pages, timeoutMs, answerFor });
  } catch (e) {
    if (stopped) throw new ScanError(`${url}: ${stopped}`);
    if (e instanceof ScanError) throw e;
    // Whatever the page did to the browser (navigated away mid-call, threw from the API, crashed the tab).
    throw new ScanError(
      `${url}: the scan failed: ${String((e as Error)?.message ?? e)
        .split('\n')[0]!
        .slice(0, 200)}`,
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function scanPhases(
  browser: Browser,
  url: string,
  opts: { pages: number; timeoutMs: number; answerFor: (loader: string) => Promise<unknown> },
): Promise<Observations> {
  const start = new URL(url);
  const items: SeenItem[] = [];
  const requests: SeenRequest[] = [];
  const visited = new Set<string>();
  let loader: string | undefined;
  for (const phase of PHASES) {
    // No downloads; a popup is closed at once (the scan reads the pages it opened itself).
    const ctx = await browser.newContext({ acceptDownloads: false });
    try {
      await ctx.route(
        (u) => WIDGET_WRITES.test(u.pathname),
        (r) => (r.request().method() === 'POST' ? r.abort('blockedbyclient') : r.fallback()),
      );
      const v = await visitPhase(ctx, phase, start, opts, items, requests);
      v.pages.forEach((p) => visited.add(p));
      loader ??= v.loader;
      // Without Assent on the page there is no choice to make, and no config to measure the site against.
      if (!loader)
        throw new ScanError(`${url}: no Assent script (…/assent.js?site=…) on the page: nothing to measure it against`);
    } finally {
      await ctx.close();
    }
  }
  return { url, ...(loader ? { loader } : {}), pages: [...visited], items, requests };
}

async function visitPhase(
  ctx: BrowserContext,
  phase: Phase,
  start: URL,
  {
    pages,
    timeoutMs,
    answerFor,
  }: { pages: number; timeoutMs: number; answerFor: (loader: string) => Promise<unknown> },
  items: SeenItem[],
  requests: SeenRequest[],
): Promise<{ pages: string[]; loader?: string }> {
  await ctx.addInitScript(WATCH_COOKIES);
  const setters = new Map<string, string>();
  const page = await ctx.newPage();
  ctx.on('page', (p) => void (p !== page && p.close().catch(() => {})));
  page.setDefaultTimeout(timeoutMs);
  let current = start.href;
  // The site as the browser ended up on it (https://clinic.com/ may answer from https://www.clinic.com/).
  let site = start;
  // What a visit sees before its choice is made is "before any choice", in every phase.
  let label: Phase = 'before';
  page.on('request', (r) => {
    const u = parseUrl(r.url());
    if (u && /^https?:$/.test(u.protocol) && u.hostname !== site.hostname)
      requests.push({ phase: label, host: u.hostname, url: `${u.origin}${u.pathname}`, page: current });
  });
  page.on('response', async (r) => {
    const header = (await r.allHeaders().catch((): Record<string, string> => ({})))['set-cookie'];
    for (const line of header?.split('\n') ?? []) setters.set(line.split('=')[0]!.trim(), r.url());
  });
  const visit = async (href: string) => {
    current = href;
    const res = await page.goto(href, { waitUntil: 'load' }).catch((e: Error) => {
      throw new ScanError(`cannot open ${href}: ${e.message}`);
    });
    if (!res || res.status() >= 400) throw new ScanError(`${href} answered ${res?.status() ?? 'nothing'}`);
    await settle(page, timeoutMs);
    await collectSetters();
    await collectStorage();
  };
  // Storage is the page's origin's: read on every page that opened (a link that failed leaves an error page).
  const local = new Set<string>();
  const idb = new Set<string>();
  const collectStorage = async () => {
    const seen = await page
      .evaluate(async () => ({
        local: Object.keys(localStorage),
        idb: ((await indexedDB.databases?.()) ?? []).map((d) => d.name ?? ''),
      }))
      .catch(() => ({ local: [] as string[], idb: [] as string[] }));
    seen.local.forEach((k) => local.add(k));
    seen.idb.filter(Boolean).forEach((k) => idb.add(k));
  };
  // Each page has its own record of document.cookie writes: read it before leaving the page.
  const collectSetters = async () => {
    const seen = await page
      .evaluate(() => (window as unknown as { __assentScanSetters?: [string, string][] }).__assentScanSetters ?? [])
      .catch(() => [] as [string, string][]);
    for (const [name, script] of seen) if (!setters.has(name)) setters.set(name, script);
  };
  await visit(start.href);
  site = parseUrl(page.url()) ?? start;
  const loader = await page
    .evaluate(() => (document.querySelector('script[src*="/assent.js"]') as HTMLScriptElement | null)?.src)
    .catch(() => undefined);
  if (phase !== 'before') {
    await page
      .waitForFunction(() => 'Assent' in window, undefined, { timeout: timeoutMs })
      .catch(() => {
        throw new ScanError(`${start.href}: Assent's API (window.Assent) never appeared — is the script tag there?`);
      });
    const who = loader ? await answerFor(loader) : undefined;
    label = phase;
    await page.evaluate(
      ([p, w]) => {
        type Api = { reject(): Promise<unknown>; accept(only?: string[], who?: unknown): Promise<unknown> };
        const api = (window as unknown as { Assent: Api }).Assent;
        return p === 'reject' ? api.reject() : api.accept(undefined, w);
      },
      [phase, who] as const,
    );
    await settle(page, timeoutMs);
    await collectSetters();
    await collectStorage();
  }
  // Links of the same site, in page order, a few at most; one that fails to open (a dead link, a download) is left out.
  const links = (
    await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href)).catch(() => [] as string[])
  )
    .map(parseUrl)
    .filter((u): u is URL => !!u && u.origin === site.origin && !u.hash && u.href !== site.href)
    .map((u) => u.href);
  const others: string[] = [];
  for (const href of [...new Set(links)].slice(0, Math.max(0, pages - 1)))
    await visit(href).then(
      () => others.push(href),
      (e: unknown) => {
        if (!(e instanceof ScanError)) throw e;
      },
    );
  for (const c of await ctx.cookies())
    items.push({
      phase,
      kind: 'cookie',
      name: c.name,
      domain: c.domain.replace(/^\./, ''),
      setter: setters.get(c.name),
      page: current,
    });
  for (const name of local) items.push({ phase, kind: 'localStorage', name, domain: site.hostname, page: current });
  for (const name of idb) items.push({ phase, kind: 'indexedDB', name, domain: site.hostname, page: current });
  return { pages: [site.href, ...others], ...(loader ? { loader } : {}) };
}

/** Until the network has been quiet a moment (what a tag does late is in the scan too), or the timeout. */
const settle = (page: Page, timeoutMs: number) =>
  page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => {});
