import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { tempDir } from '../helpers/collector';

const ROOT = join(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

/**
 * The real collector (`server/main.ts`, built widget, demo sites) on a real SQLite file, on a free port. With
 * `fakeTime` (`2027-06-02 01:00:00`, UTC), the whole process runs on that clock (Debian's faketime).
 */
export async function startCollector({ fakeTime }: { fakeTime?: string } = {}) {
  const dir = tempDir('assent-e2e-');
  const dbPath = join(dir, 'assent.sqlite');
  const port = 30000 + Math.floor(Math.random() * 20000);
  const command = fakeTime ? ['faketime', '-f', `@${fakeTime}`, process.execPath] : [process.execPath];
  const child = spawn(command[0]!, [...command.slice(1), '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: dbPath, ASSENT_KEYS_FILE: join(dir, 'keys.json'), LOG_LEVEL: 'warn', ASSENT_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => out.includes('Assent collector:') && (clearInterval(t), resolve()), 25);
    child.once('exit', (code) => (clearInterval(t), reject(new Error(`collector exited ${code}: ${out}`))));
  });
  const receipts = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (db.prepare('select record from receipts order by seq').all() as { record: string }[]).map((r) => JSON.parse(r.record));
    } finally {
      db.close();
    }
  };
  return { base: `http://localhost:${port}`, dbPath, receipts, stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
}

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, opts: { locale?: string; gpc?: boolean; timezoneId?: string } = {}): Promise<BrowserContext> {
  // Reduced motion: screenshots never catch a dialog mid-fade (and that code path gets exercised).
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: opts.locale ?? 'en-US', reducedMotion: 'reduce', timezoneId: opts.timezoneId });
  if (opts.gpc) await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  return ctx;
}
