/**
 * npm run bench:widget — Assent against vanilla-cookieconsent and Klaro on the same three-category page, plus the
 * page without any banner (the floor). Cold loads in fresh Chromium contexts, round-robin, at CPU throttle 1× and
 * 4×; then a returning visit (decision made) for each. Medians with min–max, and Assent's ratio to each peer.
 */
import { serve } from '@hono/node-server';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../server/app';
import { silentLogger } from '../server/logger';
import { SiteRegistry, parseSiteFiles } from '../server/sites/site-registry';
import { openSqliteStore } from '../server/store/sqlite-store';
import { loadRevisions } from '../server/sites/site-revisions';
import { noticeRule } from '../server/notices/result-notice';
import { KeyRing, generateKey } from '../server/proof/key-ring';
import { tempDir } from '../test/helpers/collector';
import { PAGES, PROBES } from './widget-pages';

const ROOT = join(import.meta.dirname, '..');
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const THROTTLES = (process.env.BENCH_THROTTLES ?? '1,4').split(',').map(Number);
const PORT = 18800;
const BASE = `http://localhost:${PORT}`;
const LIBS = ['assent', 'cookieconsent', 'klaro'] as const;

function staticFiles(): MiddlewareHandler {
  const files = new Map<string, { raw: Buffer; type: string }>();
  const add = (path: string, raw: Buffer | string, type: string) => files.set(path, { raw: Buffer.from(raw), type });
  for (const [name, html] of Object.entries(PAGES)) add(`/demo/${name}.html`, html, 'text/html; charset=utf-8');
  add(
    '/demo/cc/cookieconsent.umd.js',
    readFileSync(join(ROOT, 'node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js')),
    'text/javascript',
  );
  add(
    '/demo/cc/cookieconsent.css',
    readFileSync(join(ROOT, 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css')),
    'text/css',
  );
  add('/demo/klaro/klaro.js', readFileSync(join(ROOT, 'node_modules/klaro/dist/klaro.js')), 'text/javascript');
  add('/demo/analytics.js', '(window.ran=window.ran||[]).push("analytics")', 'text/javascript');
  add('/demo/marketing.js', '(window.ran=window.ran||[]).push("marketing")', 'text/javascript');
  const br = new Map(
    [...files].map(([p, f]) => [p, brotliCompressSync(f.raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })]),
  );
  // Every peer file is served brotli-compressed like Assent's, so sizes and timings compare like with like.
  return async (c) => {
    const f = files.get(c.req.path);
    if (!f) return c.notFound();
    const headers = { 'Content-Type': f.type, 'Cache-Control': 'public, max-age=300' };
    if (/\bbr\b/.test(c.req.header('accept-encoding') ?? ''))
      return c.body(br.get(c.req.path)! as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'br' });
    return c.body(f.raw as unknown as Uint8Array<ArrayBuffer>, 200, headers);
  };
}

async function startServer() {
  const liv = JSON.parse(readFileSync(join(ROOT, 'demo/sites/liv.json'), 'utf8'));
  const bench = { ...liv, id: 'bench', origins: [BASE], channels: [], children: { enabled: false } };
  const sites = new SiteRegistry(parseSiteFiles([{ name: 'bench.json', text: JSON.stringify(bench) }]));
  const keys = await KeyRing.load(await generateKey(undefined, new Date()));
  const store = await openSqliteStore(join(tempDir('assent-bench-'), 'bench.sqlite'), keys.signer, {
    notice: noticeRule(sites),
  });
  await loadRevisions(store, sites, new Date(), keys.jwks);
  const dist = join(ROOT, 'dist/widget');
  const widget = {
    loader: readFileSync(join(dist, 'assent.js'), 'utf8'),
    assets: new Map(
      readdirSync(join(dist, 'assets')).map((f) => [
        `assets/${f}`,
        new Uint8Array(readFileSync(join(dist, 'assets', f))),
      ]),
    ),
    manifest: JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')),
  };
  const app = createApp({
    store,
    sites,
    keys,
    clock: { now: () => new Date() },
    logger: silentLogger,
    clientIp: () => '127.0.0.1',
    rateLimit: { limit: 0, windowMs: 1 },
    widget,
    demo: [staticFiles()],
  });
  const server = serve({ fetch: app.fetch, port: PORT });
  return () => new Promise<void>((r) => server.close(() => void store.close().then(() => r())));
}

// Injected before any page script: long tasks, layout shifts, paints, and the first frame the banner is visible.
const OBSERVE = (bannerExpr: string | null) => `
(() => {
  const m = (window.__bench = { longTasks: [], cls: 0, fcp: null, bannerAt: null });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => m.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) m.cls += e.value; }))
    .observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (e.name === 'first-contentful-paint') m.fcp = e.startTime; }))
    .observe({ type: 'paint', buffered: true });
  ${
    bannerExpr
      ? `const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  const poll = () => { if (visible(${bannerExpr})) m.bannerAt = performance.now(); else requestAnimationFrame(poll); };
  requestAnimationFrame(poll);`
      : ''
  }
})();`;

type Sample = {
  requests: number;
  bytes: number;
  visibleMs: number;
  scriptMs: number;
  longTaskMs: number;
  longTasks: number;
  cls: number;
  acceptMs?: number;
  returningScriptMs?: number;
  returningRequests?: number;
  returningBanner?: boolean;
};

async function load(browser: Browser, lib: string, throttle: number): Promise<Sample> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const probe = PROBES[lib];
  // The returning visit does not poll for a banner: the poll's own script time would count against the widget.
  const visit = async (watchBanner: boolean) => {
    const page = await ctx.newPage();
    await page.addInitScript(OBSERVE(watchBanner ? (probe?.banner ?? null) : null));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Performance.enable');
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (r) => {
      if (!r.url().startsWith('data:')) sizes.push(r.sizes().then((s) => s.responseBodySize));
    });
    await page.goto(`${BASE}/demo/${lib}.html`, { waitUntil: 'load' });
    // Bytes as sent on the wire (brotli), summed once every response has finished.
    const counts = async () => ({
      requests: sizes.length,
      bytes: (await Promise.all(sizes)).reduce((a, b) => a + b, 0),
    });
    return { page, cdp, counts };
  };
  const { page, cdp, counts } = await visit(true);
  if (probe)
    await page.waitForFunction(
      () => (window as unknown as { __bench: { bannerAt: number | null } }).__bench.bannerAt !== null,
      undefined,
      { timeout: 15_000 },
    );
  await page.waitForTimeout(500); // let late tasks land before reading the counters
  const m = await page.evaluate(
    () =>
      (window as unknown as { __bench: { longTasks: number[]; cls: number; fcp: number; bannerAt: number | null } })
        .__bench,
  );
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const scriptMs = (metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0) * 1000;
  const sample: Sample = {
    ...(await counts()),
    visibleMs: probe ? m.bannerAt! : m.fcp,
    scriptMs,
    longTaskMs: m.longTasks.reduce((a, b) => a + b, 0),
    longTasks: m.longTasks.length,
    cls: m.cls,
  };
  if (probe) {
    // A string, not a function: tsx would wrap a function's inner helpers in a `__name` the page does not have.
    sample.acceptMs = (await page.evaluate(`new Promise((resolve) => {
      const gone = () => {
        const el = ${probe.banner};
        if (!el) return true;
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return r.width === 0 || s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0;
      };
      const t0 = performance.now();
      ${probe.accept}.click();
      const check = () => (gone() ? resolve(performance.now() - t0) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    })`)) as number;
    await page.waitForTimeout(300);
    const again = await visit(false);
    await again.page.waitForTimeout(700);
    sample.returningScriptMs =
      ((await again.cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0) *
      1000;
    sample.returningRequests = (await again.counts()).requests;
    sample.returningBanner = (await again.page.evaluate(`!!(${probe.banner})`)) as boolean;
  }
  await ctx.close();
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

async function main() {
  const stop = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    console.log(
      `\nWidget benchmark — ${new Date().toISOString().slice(0, 10)}, Chromium ${browser.version()}, ` +
        `${LOADS} cold loads per page and throttle, round-robin, medians (min–max)\n`,
    );
    for (const throttle of THROTTLES) {
      const samples: Record<string, Sample[]> = { floor: [], assent: [], cookieconsent: [], klaro: [] };
      for (let i = 0; i < LOADS; i++)
        for (const lib of Object.keys(samples)) samples[lib]!.push(await load(browser, lib, throttle));
      const col = (lib: string, f: (s: Sample) => number | undefined, d = 0) =>
        fmt(
          samples[lib]!.map(f).filter((x): x is number => x !== undefined),
          d,
        );
      console.log(`CPU throttle ${throttle}×`);
      const head = ['page', 'requests', 'KB transferred', 'banner visible ms (floor: first paint)', 'script ms'];
      head.push('long tasks ms', 'CLS', 'accept → gone ms', 'returning: requests, script ms');
      console.log(`| ${head.join(' | ')} |`);
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const lib of ['floor', ...LIBS]) {
        const s = samples[lib]!;
        const ret =
          lib === 'floor'
            ? '—'
            : `${median(s.map((x) => x.returningRequests!))}, ${col(lib, (x) => x.returningScriptMs, 1)}` +
              `${s.some((x) => x.returningBanner) ? ' (banner shown again!)' : ''}`;
        const cells = [
          lib,
          median(s.map((x) => x.requests)),
          col(lib, (x) => x.bytes / 1024, 1),
          col(lib, (x) => x.visibleMs),
        ];
        cells.push(
          col(lib, (x) => x.scriptMs, 1),
          col(lib, (x) => x.longTaskMs),
          col(lib, (x) => x.cls, 3),
        );
        cells.push(lib === 'floor' ? '—' : col(lib, (x) => x.acceptMs), ret);
        console.log(`| ${cells.join(' | ')} |`);
      }
      const m = (lib: string, f: (s: Sample) => number) => median(samples[lib]!.map(f));
      for (const peer of ['cookieconsent', 'klaro']) {
        const ratio = (f: (s: Sample) => number) => `${(m('assent', f) / m(peer, f)).toFixed(2)}×`;
        const ratios = [`banner visible ${ratio((x) => x.visibleMs)}`, `script ${ratio((x) => x.scriptMs)}`];
        ratios.push(`bytes ${ratio((x) => x.bytes)}`, `accept→gone ${ratio((x) => x.acceptMs!)}`);
        ratios.push(`returning script ${ratio((x) => x.returningScriptMs!)}`);
        console.log(`Assent / ${peer}: ${ratios.join(', ')}`);
      }
      console.log(
        `Assent banner visible / floor first paint: ${(m('assent', (x) => x.visibleMs) / m('floor', (x) => x.visibleMs)).toFixed(2)}×\n`,
      );
    }
  } finally {
    await browser.close();
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
