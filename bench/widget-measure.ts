/**
 * One cold load of a bench page in a fresh Chromium context, then a returning visit in the same context: what
 * the page transferred, when the banner became visible, script time, long tasks, layout shift, accept → gone.
 */
import type { Browser } from 'playwright-core';
import { PROBES } from './widget-pages';

/** CPU throttling rate, added round-trip latency (CDP network emulation) and whether the page is the large one. */
export interface Condition {
  name: string;
  cpu: number;
  latencyMs: number;
  large: boolean;
}

export type Sample = {
  requests: number;
  bytes: number;
  visibleMs: number;
  fcpMs: number;
  scriptMs: number;
  longTaskMs: number;
  longTasks: number;
  cls: number;
  acceptMs?: number;
  returningScriptMs?: number;
  returningRequests?: number;
  returningFcpMs?: number;
  returningBanner?: boolean;
};

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

type Observed = { longTasks: number[]; cls: number; fcp: number | null; bannerAt: number | null };

export async function measure(browser: Browser, url: string, lib: string, at: Condition): Promise<Sample> {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const probe = PROBES[lib];
  // The returning visit does not poll for a banner: the poll's own script time would count against the widget.
  const visit = async (watchBanner: boolean) => {
    const page = await ctx.newPage();
    await page.addInitScript(OBSERVE(watchBanner ? (probe?.banner ?? null) : null));
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: at.cpu });
    await cdp.send('Performance.enable');
    if (at.latencyMs) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: at.latencyMs,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    }
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (r) => {
      if (!r.url().startsWith('data:')) sizes.push(r.sizes().then((s) => s.responseBodySize));
    });
    await page.goto(url, { waitUntil: 'load' });
    // Bytes as sent on the wire (brotli), summed once every response has finished.
    const counts = async () => ({
      requests: sizes.length,
      bytes: (await Promise.all(sizes)).reduce((a, b) => a + b, 0),
    });
    const script = async () =>
      ((await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0) * 1000;
    const observed = () => page.evaluate(() => (window as unknown as { __bench: Observed }).__bench);
    return { page, counts, script, observed };
  };
  const first = await visit(true);
  if (probe)
    await first.page.waitForFunction(
      () => (window as unknown as { __bench: Observed }).__bench.bannerAt !== null,
      undefined,
      { timeout: 20_000 },
    );
  // Late tasks (the idle-time loading of the rest of a widget) land before the counters are read.
  await first.page.waitForTimeout(800 + 4 * at.latencyMs);
  const m = await first.observed();
  const sample: Sample = {
    ...(await first.counts()),
    visibleMs: probe ? m.bannerAt! : m.fcp!,
    fcpMs: m.fcp!,
    scriptMs: await first.script(),
    longTaskMs: m.longTasks.reduce((a, b) => a + b, 0),
    longTasks: m.longTasks.length,
    cls: m.cls,
  };
  if (probe) {
    // A string, not a function: tsx would wrap a function's inner helpers in a `__name` the page does not have.
    sample.acceptMs = (await first.page.evaluate(`new Promise((resolve) => {
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
    await first.page.waitForTimeout(300 + 2 * at.latencyMs);
    const again = await visit(false);
    await again.page.waitForTimeout(700 + 2 * at.latencyMs);
    sample.returningScriptMs = await again.script();
    sample.returningRequests = (await again.counts()).requests;
    sample.returningFcpMs = (await again.observed()).fcp!;
    sample.returningBanner = (await again.page.evaluate(`!!(${probe.banner})`)) as boolean;
  }
  await ctx.close();
  return sample;
}
