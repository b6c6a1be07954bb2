/**
 * npm run bench:widget — Assent against vanilla-cookieconsent, Klaro and tarteaucitron on the same three-category
 * page, plus the page without any banner (the floor). The page is served from one origin, Assent's collector from
 * another. Cold loads in fresh Chromium contexts, round-robin, under each condition (CPU throttling, added round-trip
 * latency, a page with 5,000 more elements); then a returning visit (decision made) for each. Medians with min–max,
 * and Assent's ratio to the best peer for each figure. BENCH_LOADS (10) and BENCH_CONDITIONS
 * ("1x,4x,1x+100ms,4x+100ms,4x-large") choose the runs.
 */
import { serve } from '@hono/node-server';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { createApp } from '../server/app';
import { silentLogger } from '../server/logger';
import { SiteRegistry, parseSiteFiles } from '../server/sites/site-registry';
import { launchChromium } from '../server/scan/scan-site';
import { openSqliteStore } from '../server/store/sqlite-store';
import { loadRevisions } from '../server/sites/site-revisions';
import { noticeRule } from '../server/notices/result-notice';
import { KeyRing, generateKey } from '../server/proof/key-ring';
import { tempDir } from '../test/helpers/collector';
import { measure, type Condition, type Sample } from './widget-measure';
import { LIBS, PEERS, pages } from './widget-pages';

const ROOT = join(import.meta.dirname, '..');
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const PORT = 18800;
// Two origins on one server: the clinic's pages and, as a clinic would embed it, the collector.
const PAGE = `http://127.0.0.1:${PORT}`;
const COLLECTOR = `http://localhost:${PORT}`;

function conditions(): Condition[] {
  return (process.env.BENCH_CONDITIONS ?? '1x,4x,1x+100ms,4x+100ms,4x-large').split(',').map((name) => {
    const m = /^(\d+)x(?:\+(\d+)ms)?(-large)?$/.exec(name.trim());
    if (!m) throw new Error(`BENCH_CONDITIONS: "${name}" is not like 4x, 1x+100ms or 4x-large`);
    return { name, cpu: Number(m[1]), latencyMs: Number(m[2] ?? 0), large: !!m[3] };
  });
}

function staticFiles(): MiddlewareHandler {
  const files = new Map<string, { raw: Buffer; type: string }>();
  const add = (path: string, raw: Buffer | string, type: string) => files.set(path, { raw: Buffer.from(raw), type });
  for (const [name, html] of Object.entries(pages(COLLECTOR)))
    add(`/demo/${name}.html`, html, 'text/html; charset=utf-8');
  const tac = join(ROOT, 'node_modules/tarteaucitronjs');
  for (const f of readdirSync(tac, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css)$/.test(f)))
    add(`/demo/tac/${f}`, readFileSync(join(tac, f)), f.endsWith('.css') ? 'text/css' : 'text/javascript');
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
  const bench = {
    ...liv,
    id: 'bench',
    origins: [PAGE],
    channels: [],
    forms: [],
    consents: [],
    children: { enabled: false },
  };
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
    prerender: await import(pathToFileURL(join(dist, 'prerender.js')).href),
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[], digits = 0) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

function report(at: Condition, samples: Record<string, Sample[]>) {
  const col = (lib: string, f: (s: Sample) => number | undefined, d = 0) =>
    fmt(
      samples[lib]!.map(f).filter((x): x is number => x !== undefined),
      d,
    );
  console.log(
    `${at.name}: CPU throttle ${at.cpu}×, ${at.latencyMs} ms added per round trip${at.large ? ', large page' : ''}`,
  );
  const head = ['page', 'requests', 'KB transferred', 'banner visible ms', 'first paint ms', 'script ms'];
  head.push('long tasks ms (count)', 'CLS', 'accept → gone ms', 'returning: requests, script ms, first paint ms');
  console.log(`| ${head.join(' | ')} |\n|${'---|'.repeat(head.length)}`);
  for (const lib of ['floor', ...LIBS]) {
    const s = samples[lib]!;
    const ret =
      lib === 'floor'
        ? '—'
        : `${median(s.map((x) => x.returningRequests!))}, ${col(lib, (x) => x.returningScriptMs, 1)}, ` +
          `${col(lib, (x) => x.returningFcpMs)}${s.some((x) => x.returningBanner) ? ' (banner shown again!)' : ''}`;
    const cells = [lib, median(s.map((x) => x.requests)), col(lib, (x) => x.bytes / 1024, 1)];
    cells.push(
      lib === 'floor' ? '—' : col(lib, (x) => x.visibleMs),
      col(lib, (x) => x.fcpMs),
    );
    cells.push(
      col(lib, (x) => x.scriptMs, 1),
      `${col(lib, (x) => x.longTaskMs)} (${median(s.map((x) => x.longTasks))})`,
    );
    cells.push(
      col(lib, (x) => x.cls, 3),
      lib === 'floor' ? '—' : col(lib, (x) => x.acceptMs),
      ret,
    );
    console.log(`| ${cells.join(' | ')} |`);
  }
  const m = (lib: string, f: (s: Sample) => number) => median(samples[lib]!.map(f));
  const best = (f: (s: Sample) => number) => {
    const peer = PEERS.reduce((a, b) => (m(b, f) < m(a, f) ? b : a));
    return `${(m('assent', f) / Math.max(m(peer, f), 0.1)).toFixed(2)}× (${peer} ${m(peer, f).toFixed(1)})`;
  };
  const figures: [string, (s: Sample) => number][] = [
    ['banner visible', (x) => x.visibleMs],
    ['first paint', (x) => x.fcpMs],
    ['long tasks', (x) => x.longTaskMs],
    ['script', (x) => x.scriptMs],
    ['bytes', (x) => x.bytes],
    ['accept→gone', (x) => x.acceptMs!],
    ['returning script', (x) => x.returningScriptMs!],
    ['returning first paint', (x) => x.returningFcpMs!],
  ];
  console.log(`Assent / best peer: ${figures.map(([name, f]) => `${name} ${best(f)}`).join(', ')}`);
  const cc = (f: (s: Sample) => number) => (m('assent', f) / m('cookieconsent', f)).toFixed(2);
  console.log(`Assent / cookieconsent returning script: ${cc((x) => x.returningScriptMs!)}×\n`);
}

async function main() {
  const stop = await startServer();
  // `npm run bench:widget -- --serve`: just the pages and the collector, to look at them by hand.
  if (process.argv.includes('--serve')) return console.log(`bench pages at ${PAGE}/demo/<lib>.html (Ctrl-C stops)`);
  const browser = await launchChromium();
  try {
    const load = loadavg().map((l) => l.toFixed(2));
    console.log(
      `\nWidget benchmark — ${new Date().toISOString().slice(0, 10)}, Chromium ${browser.version()}, ` +
        `${LOADS} cold loads per page and condition, round-robin, medians (min–max); load average ${load.join(' ')}\n`,
    );
    for (const at of conditions()) {
      const samples: Record<string, Sample[]> = Object.fromEntries(['floor', ...LIBS].map((l) => [l, []]));
      for (let i = 0; i < LOADS; i++)
        for (const lib of Object.keys(samples)) {
          const url = `${PAGE}/demo/${lib}${at.large ? '-large' : ''}.html`;
          samples[lib]!.push(await measure(browser, url, lib, at));
        }
      report(at, samples);
    }
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    await stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
