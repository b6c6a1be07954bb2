import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { tempDir } from '../helpers/collector';
import { freePort } from '../helpers/ports';
import { SCREENSHOTS, launch, newContext, startCollector } from './browser';

const ROOT = join(import.meta.dirname, '../..');
let collector: Awaited<ReturnType<typeof startCollector>>;

/** `npx assent scan …` as a CI step runs it: its exit code, its report. */
async function scan(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      join(ROOT, 'bin/assent.js'),
      'scan',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}
type Report = {
  site: string;
  seen: { kind: string; name: string; phases: string[]; category?: string; setter?: string }[];
  findings: { kind: string; what: string; detail: string }[];
};

// The demo sites with this collector's own address first among their origins: the dashboard scans only a site's
// origins (scheme, host and port), and this collector does not run on the demo's usual port.
beforeAll(async () => {
  const port = await freePort();
  const sites = tempDir('assent-scan-sites-');
  for (const name of ['leepeem.json', 'liv.json']) {
    const config = JSON.parse(readFileSync(join(ROOT, 'demo/sites', name), 'utf8'));
    config.origins = [`http://localhost:${port}`, ...config.origins];
    writeFileSync(join(sites, name), JSON.stringify(config));
  }
  collector = await startCollector({ port, env: { ASSENT_SITES_DIR: sites } });
});
afterAll(() => collector?.stop());

describe('assent scan, in Chromium against the demo', () => {
  it('finds nothing wrong with a demo clinic, and sees each cookie only when it may be there', async () => {
    const { code, stdout, stderr } = await scan(
      `${collector.base}/demo/leepeem/`,
      '--json',
      '--fail-on',
      'before-consent,after-refusal,undeclared',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.site).toBe('leepeem');
    expect(report.findings).toEqual([]);
    const seen = (name: string) => report.seen.find((r) => r.kind === 'cookie' && r.name === name);
    expect(seen('PHPSESSID')).toMatchObject({ phases: ['before', 'reject', 'accept'], category: 'necessary' });
    expect(seen('PHPSESSID')!.setter).toMatch(/\/demo\/shared\/session\.js$/);
    // LEEPEEM asks the visitor's age: "accept all" as an adult turned analytics and marketing on.
    expect(seen('demo_analytics_id')).toMatchObject({ phases: ['accept'], category: 'analytics' });
    expect(seen('demo_ads_id')).toMatchObject({ phases: ['accept'], category: 'marketing' });
  });

  it('finds nothing wrong with the other demo clinic either (Liv: its own session cookie, no age question)', async () => {
    const { code, stdout } = await scan(
      `${collector.base}/demo/liv/en/`,
      '--json',
      '--fail-on',
      'before-consent,after-refusal,undeclared,declared-unseen',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report).toMatchObject({ site: 'liv', findings: [] });
    expect(report.seen.find((r) => r.name === 'liv_session')).toMatchObject({
      category: 'necessary',
      phases: ['before', 'reject', 'accept'],
    });
  });

  it('reports a tracker that ignores consent, names its script, and fails the step', async () => {
    const { code, stdout } = await scan(
      `${collector.base}/demo/leepeem/broken/`,
      '--pages',
      '1',
      '--fail-on',
      'before-consent',
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/undeclared\s+cookie demo_tracker \(localhost\): not in the site config/);
    expect(stdout).toMatch(
      /before-consent\s+cookie demo_tracker \(localhost\): set before any choice by .*\/ungated-tracker\.js/,
    );
    expect(stdout).toMatch(/after-refusal\s+cookie demo_tracker/);
    expect(stdout).toMatch(/before-consent\s+request to 127\.0\.0\.1: called before any choice/);
  });

  it('does not fail the step for kinds it was not asked to fail on', async () => {
    const { code, stdout } = await scan(`${collector.base}/demo/leepeem/broken/`, '--pages', '1', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).findings.length).toBeGreaterThan(0);
  });

  it('says why it cannot scan a page without Assent, or bad options, with exit code 2', async () => {
    const none = await scan(`${collector.base}/demo/`, '--pages', '1');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no Assent script .* on the page/);
    const bad = await scan(`${collector.base}/demo/leepeem/`, '--fail-on', 'everything');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--fail-on: everything is not one of before-consent, after-refusal, undeclared, declared-unseen/,
    );
    const missing = await scan(`${collector.base}/nowhere/`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\/ answered 404/);
  });
});

describe("the dashboard's scan", () => {
  it('runs the scan on a page of the site and shows the ungated tag, in Korean too', async () => {
    const browser = await launch();
    try {
      const { db } = await openSqliteDatabase(collector.dbPath);
      const { token } = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], new Date());
      await db.destroy();
      const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Seoul' });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${collector.base}/admin/`);
      await page.getByLabel('Staff token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Cookie scan' }).click();
      // The page proposed is the site's first origin; the officer scans the broken demo page instead.
      expect(await page.getByLabel('Page to scan').inputValue()).toBe(`${collector.base}/`);
      await page.getByLabel('Page to scan').fill(`${collector.base}/demo/leepeem/broken/`);
      await page.getByLabel('Pages').selectOption('1');
      await page.getByRole('button', { name: 'Scan now' }).click();
      const findings = page.locator('ul.findings li');
      await findings.first().waitFor({ timeout: 60_000 });
      const texts = await findings.allTextContents();
      expect(texts).toContainEqual(expect.stringMatching(/^Before any choice: cookie demo_tracker \(localhost\)/));
      expect(texts).toContainEqual(expect.stringMatching(/^Not in the config: cookie demo_tracker/));
      const row = page.locator('tbody tr').filter({ hasText: 'demo_tracker' });
      expect(await row.textContent()).toContain('/demo/shared/ungated-tracker.js');
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-scan.png'), fullPage: true });
      // A page that is not the site's is not visited.
      await page.getByLabel('Page to scan').fill('https://example.org/');
      await page.getByRole('button', { name: 'Scan now' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/must be a page of the site: on http:\/\/localhost/);
      expect(errors).toEqual([]);
      await ctx.close();
    } finally {
      await browser.close();
    }
  });
});
