import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken, revokeStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { leepeemReceipt } from '../helpers/collector';
import { SCREENSHOTS, axe, launch, newContext, startCollector } from './browser';

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;
let token: string;
const MEMBER = 'patient-7731';
const all = (on: boolean) => ({
  choices: {
    categories: { necessary: true, analytics: on, marketing: on },
    channels: { email: false, sms: false, sms_night: false },
  },
});

async function post(path: string, body?: unknown) {
  const res = await fetch(collector.base + path, {
    method: 'POST',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}

beforeAll(async () => {
  [browser, collector] = await Promise.all([launch(), startCollector()]);
  const { db } = await openSqliteDatabase(collector.dbPath);
  token = (await createStaffToken(db, 'Lee Young-woo', ['leepeem'], new Date())).token;
  await db.destroy();
  // Seeded through the public API, as visitors' browsers would: 10 banners shown, 6 decisions.
  for (let i = 0; i < 10; i++) await post('/v1/sites/leepeem/shown?policy=2025-02');
  const now = () => ({ signals: { gpc: false, decidedAt: new Date().toISOString() } });
  for (let i = 0; i < 3; i++)
    await post(
      '/v1/receipts',
      leepeemReceipt({ subject: `v_accept${i}aaaaaaaaaaa`, action: 'accept_all', ...all(true), ...now() }),
    );
  for (let i = 0; i < 2; i++)
    await post(
      '/v1/receipts',
      leepeemReceipt({ subject: `v_reject${i}aaaaaaaaaaa`, action: 'reject_all', ...all(false), ...now() }),
    );
  await post('/v1/receipts', leepeemReceipt({ subject: 'v_member7aaaaaaaaaaa', member: MEMBER, ...now() })); // custom, email yes
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

async function signedIn(locale = 'en-US', as = token) {
  const ctx = await newContext(browser, { locale, timezoneId: 'Asia/Seoul' }); // a clinic in Seoul: days in KST
  const page = await ctx.newPage();
  page.setDefaultTimeout(5000); // a missing element fails fast, naming the step
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${collector.base}/admin/`);
  await page.getByLabel(/Staff token|담당자 토큰/).fill(as);
  await page.getByRole('button', { name: /Sign in|로그인/ }).click();
  await page.locator('[data-figure=shown]').waitFor();
  return { page, ctx, errors };
}

describe('admin dashboard in Chromium', () => {
  it('refuses a wrong token and says so', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${collector.base}/admin/`);
    await page.getByLabel('Staff token').fill('assent_tok_000000000000_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not valid/);
    expect(await page.locator('[data-figure=shown]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-sign-in.png') });
    expect(await axe(page)).toEqual([]);
    await ctx.close();
  });

  it('shows the overview from the seeded data: banners shown vs decisions, shares, chart', async () => {
    const { page, ctx, errors } = await signedIn();
    expect(await page.locator('[data-figure=shown]').textContent()).toBe('10');
    expect(await page.getByRole('heading', { name: /Decisions by day/ }).textContent()).toContain('Asia/Seoul');
    expect(await page.locator('[data-figure=decisions]').textContent()).toBe('6');
    expect(await page.locator('[data-figure=accept_all]').textContent()).toMatch(/^50 %/);
    expect(await page.locator('[data-figure=reject_all]').textContent()).toMatch(/^33 %/);
    expect(await page.locator('svg[role=img] rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.share').first().textContent()).toContain('(6/6)'); // necessary: always
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-overview-en.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('ko');
    await page.getByRole('heading', { name: '개요' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-overview-ko.png'), fullPage: true });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('finds a subject by member reference, records a phone withdrawal and shows it in the timeline', async () => {
    const { page, ctx, errors } = await signedIn();
    await page.getByRole('button', { name: 'Subject look-up' }).click();
    await page.getByLabel(/Subject id, receipt id or member reference/).fill(MEMBER);
    await page.getByRole('button', { name: 'Find' }).click();
    await page
      .locator('.timeline li')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(async (e) => {
        await page.screenshot({ path: join(SCREENSHOTS, 'admin-subject-fail.png') });
        throw e;
      });
    expect(await page.locator('.timeline li').count()).toBe(1);

    await page.locator('select[name=method]').selectOption('staff-phone');
    // The form starts from the action: a withdrawal shows every optional box off and locked, whatever was ticked.
    await page.locator('select[name=action]').selectOption('custom');
    await page.locator('input[name=channel-email]').check();
    await page.locator('input[name=category-analytics]').check();
    await page.locator('select[name=action]').selectOption('withdraw');
    await page.getByLabel(/Recorded by/).fill('desk-2');
    for (const name of ['channel-email', 'channel-sms', 'category-analytics', 'category-marketing']) {
      expect(await page.locator(`input[name=${name}]`).isChecked(), name).toBe(false);
      expect(await page.locator(`input[name=${name}]`).isDisabled(), name).toBe(true);
    }
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => page.locator('.timeline li').count()).toBe(2);
    const latest = page.locator('.timeline li').first();
    expect(await latest.getAttribute('data-action')).toBe('withdraw');
    expect(await latest.getAttribute('data-method')).toBe('staff-phone');
    expect(await latest.textContent()).toContain('desk-2');
    const stored = collector.receipts().filter((r) => r.member === MEMBER);
    expect(stored.at(-1)).toMatchObject({
      action: 'withdraw',
      method: 'staff-phone',
      recordedBy: { staffId: 'desk-2' },
      choices: {
        categories: { analytics: false, marketing: false },
        channels: { email: false, sms: false, sms_night: false },
      },
    });

    // The receipt's detail: signature checked by the collector, and the notice text the visitor saw.
    await latest.getByRole('button', { name: 'Receipt' }).click();
    await page.locator('[data-signature]').waitFor();
    expect(await page.locator('[data-signature]').getAttribute('data-signature')).toBe('valid');
    expect(await page.locator('div.notice .tree').first().textContent()).toMatch(
      /Cookies the site cannot work without/,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-subject.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('duties: a result notice without a webhook is due; the officer records it as given by phone, signed', async () => {
    const { page, ctx, errors } = await signedIn();
    await page.getByRole('button', { name: 'Duties' }).click();
    await page.getByText(/This site has no result-notice webhook/).waitFor();
    // The member's email consent, and (from the test before) its withdrawal by phone: two notices to give.
    const row = page.locator('tbody tr').filter({ hasText: MEMBER });
    await row.first().waitFor();
    expect(await row.count()).toBe(2);
    expect(await row.first().textContent()).toMatch(/Marketing email: consent given/);
    expect(await row.first().textContent()).toMatch(/due/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-duties.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    await row.first().locator('select[name=means]').selectOption('phone');
    await row.first().getByRole('button', { name: 'Given by other means' }).click();
    await page.getByText(/Recorded as given:/).waitFor();
    await expect.poll(() => row.count()).toBe(1);
    const db = new Database(collector.dbPath, { readonly: true });
    try {
      const entry = db.prepare("select record from log_entries where log = 'deliveries'").all() as { record: string }[];
      expect(entry.map((e) => JSON.parse(e.record))).toEqual([
        expect.objectContaining({ via: 'other:phone', by: expect.objectContaining({ staffId: 'Lee Young-woo' }) }),
      ]);
    } finally {
      db.close();
    }
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('exports the current filter as CSV with the right rows, and the access log shows who looked', async () => {
    const { page, ctx } = await signedIn();
    await page.getByRole('button', { name: 'Receipts', exact: true }).click();
    await page.getByLabel('Action').selectOption('reject_all');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toMatch(/^id,site,subject,/);
    expect(csv.slice(1)).toHaveLength(2);
    for (const row of csv.slice(1)) expect(row).toMatch(/,reject_all,banner,/);
    expect(await axe(page)).toEqual([]);

    await page.getByRole('button', { name: 'Access log' }).click();
    await page.locator('tbody tr').first().waitFor();
    const log = await page.locator('tbody').textContent();
    expect(log).toContain('Lee Young-woo');
    expect(log).toContain('/v1/staff/export');
    await ctx.close();
  });

  it('a token revoked while signed in sends the officer back to the sign-in form', async () => {
    const { db } = await openSqliteDatabase(collector.dbPath);
    const temp = await createStaffToken(db, 'Temp', ['leepeem'], new Date());
    const { page, ctx } = await signedIn('en-US', temp.token);
    expect(await revokeStaffToken(db, temp.id, new Date())).toBe(true);
    await db.destroy();
    await page.getByRole('button', { name: 'Duties' }).click();
    await page.getByLabel('Staff token').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/not valid or has been revoked/);
    await ctx.close();
  });
});
