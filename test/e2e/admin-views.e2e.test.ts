import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { leepeemReceipt } from '../helpers/collector';
import { SCREENSHOTS, axe, launch, startCollector } from './browser';

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;
let token: string;
const PHONE = '010-2345-6789';

beforeAll(async () => {
  [browser, collector] = await Promise.all([launch(), startCollector()]);
  const { db } = await openSqliteDatabase(collector.dbPath);
  token = (await createStaffToken(db, '이영우 Lee Young-woo', ['leepeem'], new Date())).token;
  await db.destroy();
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(collector.base + path, {
      method: 'POST',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status, await res.text()).toBeLessThan(300);
  };
  const view = (i: number) => `viewsView${String(i).padStart(7, '0')}`;
  for (let i = 0; i < 4; i++) await post(`/v1/sites/leepeem/shown?policy=2025-02&view=${view(i)}`);
  let answering = 0;
  const now = () => ({ signals: { gpc: false, decidedAt: new Date().toISOString(), view: view(answering++) } });
  await post('/v1/receipts', leepeemReceipt({ subject: 'v_views0aaaaaaaaaaaa', contacts: { phone: PHONE }, ...now() }));
  await post(
    '/v1/receipts',
    leepeemReceipt({
      subject: 'v_views1aaaaaaaaaaaa',
      action: 'accept_all',
      ...now(),
      choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
    }),
  );
  // A request from the first visitor, open in Duties.
  const res = await fetch(`${collector.base}/v1/staff/requests?site=leepeem`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'v_views0aaaaaaaaaaaa', kind: 'access', via: 'phone' }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

/** Whether anything makes the page scroll sideways (the layout did not fit the width). */
const overflow = async (page: Page) => {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (over > 0)
    console.log(
      await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(0, 8)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().width)}`),
      ),
    );
  return over;
};

// Every view of the dashboard in Korean and English, on a desktop and a phone: it fits the width (no sideways
// scrolling), Korean keeps its words whole; the screenshots are the ones in docs/dashboard.md.
describe.each([
  ['en', 1280, 'light'],
  ['en', 390, 'light'],
  ['ko', 1280, 'light'],
  ['ko', 390, 'light'],
  // The narrowest phone the dashboard is made for, and the dark scheme (its contrast checked by axe too).
  ['ko', 360, 'dark'],
  ['en', 1280, 'dark'],
] as const)('the dashboard in %s at %i px, %s', (lang, width, scheme) => {
  it('every view fits the screen and reads in its language', async () => {
    const ctx = await browser.newContext({
      locale: lang === 'ko' ? 'ko-KR' : 'en-US',
      timezoneId: 'Asia/Seoul',
      reducedMotion: 'reduce',
      colorScheme: scheme,
      viewport: { width, height: width > 500 ? 900 : 844 },
      ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    const page = await ctx.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${collector.base}/admin/`);
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: /Sign in|로그인/ }).click();
    await page.locator('[data-figure=shown]').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    const shoot = async (view: string) => {
      expect(await overflow(page), `${view} at ${width} px`).toBeLessThanOrEqual(0);
      expect(await axe(page), `${view} in ${lang} at ${width} px, ${scheme}`).toEqual([]);
      const name = `${view}-${lang}-${width}${scheme === 'dark' ? '-dark' : ''}.png`;
      await page.screenshot({ path: join(SCREENSHOTS, 'admin-views', name), fullPage: true });
    };
    await shoot('overview');
    const tabs =
      lang === 'ko'
        ? ['동의 기록', '정보주체 조회', '처리할 일', '열람 기록']
        : ['Receipts', 'Subject look-up', 'Duties', 'Access log'];
    await page.getByRole('button', { name: tabs[0], exact: true }).click();
    await page.locator('tbody tr').first().waitFor();
    await shoot('receipts');
    await page.getByRole('button', { name: tabs[1], exact: true }).click();
    await page.locator('#subject-q').fill(PHONE);
    await page.locator('form[role=search] button[type=submit]').click();
    await page.locator('.timeline li').first().waitFor();
    await page.locator('.timeline li button').first().click();
    await page.locator('article.notice-doc').waitFor();
    if (lang === 'ko')
      expect(
        await page
          .locator('h2')
          .first()
          .evaluate((e) => getComputedStyle(e).wordBreak),
      ).toBe('keep-all');
    await shoot('subject');
    await page.getByRole('button', { name: tabs[2], exact: true }).click();
    await page.locator('section h2, section h3').first().waitFor();
    await shoot('duties');
    await page.getByRole('button', { name: tabs[3], exact: true }).click();
    await page.locator('tbody tr').first().waitFor();
    await shoot('access-log');
    await ctx.close();
  });
});
