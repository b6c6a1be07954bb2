import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../server/scan/scan-site';
import { tempDir } from '../helpers/collector';
import { startCollector as startProcess } from '../helpers/collector-process';
import { freePort } from '../helpers/ports';

const ROOT = join(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

/**
 * The real collector (`server/main.ts`, built widget, demo sites and pages) on a real SQLite file, on a free port,
 * started by the one helper for collector processes. With `fakeTime`, on that clock.
 */
/** A collector process with the demo on; `dir` reuses another's database and keys (after that one stopped). */
export async function startCollector({
  fakeTime,
  dir = tempDir('assent-e2e-'),
  env = {},
  port: chosen,
}: { fakeTime?: string; dir?: string; env?: Record<string, string>; port?: number } = {}) {
  const dbPath = join(dir, 'assent.sqlite');
  const port = chosen ?? (await freePort());
  const c = startProcess(
    { PORT: String(port), DATABASE_URL: dbPath, ASSENT_KEYS_FILE: join(dir, 'keys.json'), ASSENT_DEMO: '1', ...env },
    { fakeTime },
  );
  await c.ready;
  const receipts = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (db.prepare('select record from receipts order by seq').all() as { record: string }[]).map((r) =>
        JSON.parse(r.record),
      );
    } finally {
      db.close();
    }
  };
  return {
    base: `http://localhost:${port}`,
    dir,
    dbPath,
    receipts,
    stop: async () => void (c.child.kill('SIGTERM'), await c.exited),
  };
}

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return launchChromium();
}

export async function newContext(
  browser: Browser,
  opts: { locale?: string; gpc?: boolean; timezoneId?: string; phone?: boolean } = {},
): Promise<BrowserContext> {
  // Reduced motion: screenshots never catch a dialog mid-fade (and that code path gets exercised).
  const ctx = await browser.newContext({
    viewport: opts.phone ? { width: 375, height: 667 } : { width: 1100, height: 800 },
    ...(opts.phone ? { isMobile: true, hasTouch: true } : {}),
    locale: opts.locale ?? 'en-US',
    reducedMotion: 'reduce',
    timezoneId: opts.timezoneId,
  });
  if (opts.gpc)
    await ctx.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
  return ctx;
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical violations on the page, each as `rule (nodes)`. */
export async function axe(page: Page) {
  // Evaluated through the DevTools protocol: a page's CSP (rightly) refuses an injected <script>.
  await page.evaluate(`${AXE};0`);
  const result = await page.evaluate('axe.run(document, { resultTypes: ["violations"] })');
  return (result as { violations: { id: string; impact: string; nodes: unknown[] }[] }).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length})`);
}
