import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsentCookie } from '../../protocol';
import { DEMO_SITES_DIR, tempDir } from '../helpers/collector';
import { SCREENSHOTS, launch, newContext, startCollector } from './browser';

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;

/** Liv with patients from abroad: the banner for Korea, the EEA and the UK, an opt-out for the United States. */
const LIV_REGIMES = { KR: 'opt-in', EEA: 'opt-in', GB: 'opt-in', US: 'opt-out', '*': 'opt-in' };

// The collector behind Cloudflare: the visitor's country (and subdivision) arrive as its headers.
beforeAll(async () => {
  const dir = tempDir('assent-e2e-regimes-');
  const sites = join(dir, 'sites');
  mkdirSync(sites);
  for (const id of ['leepeem', 'liv']) {
    const config = JSON.parse(readFileSync(join(DEMO_SITES_DIR, `${id}.json`), 'utf8'));
    if (id === 'liv') config.regimes = LIV_REGIMES;
    writeFileSync(join(sites, `${id}.json`), JSON.stringify(config));
  }
  [browser, collector] = await Promise.all([
    launch(),
    startCollector({ dir, env: { ASSENT_GEO: 'cloudflare', ASSENT_SITES_DIR: sites } }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

const widget = (page: Page) => page.locator('assent-consent');
const ran = (page: Page) => page.evaluate(() => (window as { demoRan?: string[] }).demoRan ?? []);
const consent = async (page: Page) =>
  readConsentCookie(
    (await page.context().cookies())
      .filter((c) => c.name === 'assent')
      .map((c) => `${c.name}=${c.value}`)
      .join('; '),
  );
async function receiptsFor(subject: string, n = 1) {
  for (let i = 0; i < 100; i++) {
    const mine = collector.receipts().filter((r) => r.subject === subject);
    if (mine.length >= n) return mine;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${n} receipt(s) for ${subject}`);
}
/** Liv's English home page, as a visitor the CDN places in `country` (and `region`). */
async function visit(country: string, region?: string, opts: { gpc?: boolean } = {}) {
  const ctx = await newContext(browser, opts);
  await ctx.setExtraHTTPHeaders({ 'cf-ipcountry': country, ...(region ? { 'cf-region-code': region } : {}) });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${collector.base}/demo/liv/en/`);
  await page.waitForFunction(() => 'Assent' in window);
  return { ctx, page, errors };
}

describe('regimes by place, in Chromium', () => {
  it('Korea and Germany get the banner (opt-in): nothing optional before a choice; the receipt says where', async () => {
    for (const country of ['KR', 'DE']) {
      const { ctx, page, errors } = await visit(country);
      await widget(page).getByRole('button', { name: 'Accept all' }).waitFor();
      expect(await page.evaluate(() => window.Assent.regime)).toBe('opt-in');
      expect(await ran(page)).toEqual([]);
      await widget(page).getByRole('button', { name: 'Accept all' }).click();
      await expect.poll(() => ran(page)).toEqual(['analytics', 'marketing']);
      const [receipt] = await receiptsFor((await consent(page))!.subject);
      expect(receipt).toMatchObject({ action: 'accept_all', country, signals: { regime: 'opt-in' } });
      expect(errors).toEqual([]);
      await ctx.close();
    }
  });

  it('California gets no banner (opt-out): tags run, Consent Mode granted; the CCPA link opts out, and it holds', async () => {
    const { ctx, page, errors } = await visit('US', 'CA');
    expect(await page.evaluate(() => window.Assent.regime)).toBe('opt-out');
    await expect.poll(() => ran(page)).toEqual(['analytics', 'marketing']);
    expect(await widget(page).count()).toBe(0);
    const defaults = await page.evaluate(() =>
      Array.from((window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer, (a) => Array.from(a)).find(
        (a) => a[0] === 'consent' && a[1] === 'default',
      ),
    );
    expect(defaults?.[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'granted' });
    // No decision was made, so none was recorded, and no consent cookie written.
    expect(await consent(page)).toBeUndefined();
    // The site's settings link, worded as CCPA requires for this visitor, opens the settings: everything is on.
    const link = page.getByRole('link', { name: 'Do Not Sell or Share My Personal Information' });
    await link.click();
    const marketing = widget(page).getByRole('checkbox', { name: 'Marketing', exact: true });
    await marketing.waitFor();
    expect(await marketing.isChecked()).toBe(true);
    expect(await widget(page).getByRole('checkbox', { name: 'Analytics' }).isChecked()).toBe(true);
    // The settings alone: no banner under them asking for a choice nobody has to make here.
    expect(await widget(page).locator('.banner').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'regime-opt-out-settings.png') });
    await marketing.uncheck();
    await widget(page).getByRole('button', { name: 'Save my choices' }).click();
    await widget(page).getByRole('status').waitFor();
    const state = (await consent(page))!;
    const [receipt] = await receiptsFor(state.subject);
    expect(receipt).toMatchObject({
      action: 'custom',
      country: 'US-CA',
      signals: { regime: 'opt-out', gpc: false },
      choices: { categories: { necessary: true, analytics: true, marketing: false } },
    });
    // The next page: analytics only, still no banner.
    await page.reload();
    await page.waitForFunction(() => 'Assent' in window);
    await expect.poll(() => ran(page)).toEqual(['analytics']);
    expect(await widget(page).count()).toBe(0);
    // The same browser in Germany: what was on by default in California is no consent here; the banner asks.
    expect((await consent(page))!.optOut).toBe(true);
    await ctx.setExtraHTTPHeaders({ 'cf-ipcountry': 'DE' });
    await page.reload();
    await widget(page).getByRole('button', { name: 'Accept all' }).waitFor();
    expect(await ran(page)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('California with Global Privacy Control: advertising is off from the first page, recorded as a gpc receipt', async () => {
    const { ctx, page, errors } = await visit('US', 'CA', { gpc: true });
    const state = await expect
      .poll(() => consent(page))
      .toBeTruthy()
      .then(() => consent(page));
    const [receipt] = await receiptsFor(state!.subject);
    expect(receipt).toMatchObject({
      method: 'gpc',
      country: 'US-CA',
      signals: { gpc: true, regime: 'opt-out' },
      choices: { categories: { necessary: true, analytics: true, marketing: false } },
    });
    expect(await ran(page)).toEqual(['analytics']);
    expect(await widget(page).count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('a visitor the CDN cannot place gets the banner, whatever "*" says', async () => {
    const { ctx, page } = await visit('XX');
    await widget(page).getByRole('button', { name: 'Accept all' }).waitFor();
    expect(await page.evaluate(() => window.Assent.regime)).toBe('opt-in');
    expect(await ran(page)).toEqual([]);
    await ctx.close();
  });
});
