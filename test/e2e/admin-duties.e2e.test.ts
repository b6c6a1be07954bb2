import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { DEMO_SITES_DIR, leepeemReceipt, tempDir } from '../helpers/collector';
import { SCREENSHOTS, axe, launch, newContext, startCollector } from './browser';

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;
let token: string;
const KIM = 'v_mrsKim7aaaaaaaaaaa';
const CHO = 'v_mrCho7aaaaaaaaaaaa';
const LIM = 'v_msLim7aaaaaaaaaaaa';
const HAN = 'v_msHan7aaaaaaaaaaaa';

async function post(path: string, body: unknown) {
  const res = await fetch(collector.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(201);
}

beforeAll(async () => {
  // LEEPEEM as a clinic that re-confirms marketing consent every day, so a consent given now is a duty now.
  const dir = tempDir('assent-e2e-duties-');
  const sites = join(dir, 'sites');
  mkdirSync(sites);
  for (const id of ['leepeem', 'liv']) {
    const config = JSON.parse(readFileSync(join(DEMO_SITES_DIR, `${id}.json`), 'utf8'));
    if (id === 'leepeem') config.lifetimes.marketingReconfirmDays = 1;
    writeFileSync(join(sites, `${id}.json`), JSON.stringify(config));
  }
  [browser, collector] = await Promise.all([launch(), startCollector({ dir, env: { ASSENT_SITES_DIR: sites } })]);
  const { db } = await openSqliteDatabase(collector.dbPath);
  token = (await createStaffToken(db, 'Lee Young-woo', ['leepeem'], new Date())).token;
  await db.destroy();
  // Receipts under the revision this collector serves (its config differs from the demo's).
  const revision = (await fetch(`${collector.base}/v1/sites/leepeem/config`)).headers.get('etag')!.replaceAll('"', '');
  const now = () => ({ configRevision: revision, signals: { gpc: false, decidedAt: new Date().toISOString() } });
  const everything = {
    categories: { necessary: true, analytics: true, marketing: true },
    channels: { email: true, sms: false, sms_night: false },
  };
  await post('/v1/receipts', leepeemReceipt({ subject: KIM, ...now() })); // custom: analytics, email
  await post('/v1/receipts', leepeemReceipt({ subject: CHO, action: 'custom', choices: everything, ...now() }));
  await post('/v1/receipts', leepeemReceipt({ subject: LIM, ...now() }));
  // A member who signed up with the form and let the partner clinic receive her data.
  await post(
    '/v1/receipts',
    leepeemReceipt({
      subject: HAN,
      method: 'api',
      form: 'signup',
      choices: {
        consents: { member: true, 'foreigner-id': false, partner: true },
        channels: { email: true, sms: false, sms_night: false },
      },
      ...now(),
    }),
  );
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

async function find(page: Page, subject: string) {
  await page.getByRole('button', { name: 'Subject look-up' }).click();
  await page.getByLabel(/Phone number, email/).fill(subject);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.locator('.timeline').waitFor();
}

async function recordRequest(page: Page, subject: string, kind: string, via: string) {
  await find(page, subject);
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Record a request from this person' }) });
  await form.locator('select[name=kind]').selectOption(kind);
  await form.locator('select[name=via]').selectOption(via);
  await form.getByRole('button', { name: 'Record a request from this person' }).click();
  await form
    .getByRole('status')
    .filter({ hasText: /Request recorded\. Due by/ })
    .waitFor();
}

describe("the officer's duties in Chromium, each acted on from the dashboard", () => {
  it('re-confirms a consent by phone, then answers an access request, suspends and erases as asked', async () => {
    const ctx = await newContext(browser, { locale: 'en-US', timezoneId: 'Asia/Seoul' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(5000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${collector.base}/admin/`);
    await page.getByLabel('Staff token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-figure=shown]').waitFor();

    // Re-confirmation due: from the duty to the person, the phone call recorded as a re-confirmation.
    await page.getByRole('button', { name: 'Duties' }).click();
    const due = page.locator('tbody tr').filter({ hasText: KIM });
    await due.first().waitFor();
    await due.first().getByRole('button', { name: KIM }).click();
    await page.locator('.timeline').waitFor();
    const record = page.locator('form.record').first();
    await record.locator('select[name=action]').selectOption('reconfirm');
    await record.locator('select[name=method]').selectOption('staff-phone');
    await record.locator('input[name=staffId]').fill('Lee Young-woo');
    await record
      .getByRole('button', { name: /Record/ })
      .first()
      .click();
    await page.locator('.timeline li[data-action=reconfirm]').waitFor();

    await recordRequest(page, KIM, 'access', 'letter');
    await recordRequest(page, CHO, 'suspension', 'phone');
    await recordRequest(page, LIM, 'erasure', 'email');

    await page.getByRole('button', { name: 'Duties' }).click();
    await page.getByRole('heading', { name: /Data subjects' requests/ }).waitFor();
    const row = (subject: string) =>
      page
        .locator('tbody tr')
        .filter({ has: page.getByRole('button', { name: subject }) })
        .filter({ hasText: /Access|Suspension|Erasure/ });
    await row(LIM).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-rights-requests.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);

    await row(KIM).getByRole('button', { name: 'Answered (export given)' }).click();
    await page.getByRole('status').filter({ hasText: 'Request closed: answered.' }).waitFor();
    await row(CHO).getByRole('button', { name: 'Record withdrawal (all off) and close' }).click();
    await page.getByRole('status').filter({ hasText: 'Request closed: suspended.' }).waitFor();
    await row(LIM).getByRole('button', { name: 'Erase and close…' }).click();
    await row(LIM).getByRole('button', { name: 'Confirm: erase this person now' }).click();
    await page.getByRole('status').filter({ hasText: 'Request closed: erased.' }).waitFor();
    await page.getByText('Closed requests').click();
    for (const outcome of ['answered', 'suspended', 'erased'])
      await page.locator('details tbody tr').filter({ hasText: outcome }).first().waitFor();
    expect(errors).toEqual([]);

    const db = new Database(collector.dbPath, { readonly: true });
    try {
      const rows = db.prepare('select record from receipts order by seq').all() as { record: string }[];
      const receipts = rows.map((r) => JSON.parse(r.record));
      expect(receipts.filter((r) => r.subject === KIM).map((r) => r.action)).toEqual(['custom', 'reconfirm']);
      expect(receipts.filter((r) => r.subject === CHO).at(-1)).toMatchObject({
        action: 'withdraw',
        method: 'staff-phone',
        recordedBy: { staffId: 'Lee Young-woo' },
      });
      expect(receipts.some((r) => r.subject === LIM)).toBe(false);
      const log = (
        db.prepare("select record from log_entries where log = 'requests' order by seq").all() as { record: string }[]
      ).map((e) => JSON.parse(e.record));
      expect(log.map((e) => [e.event, e.kind ?? e.outcome])).toEqual([
        ['opened', 'access'],
        ['opened', 'suspension'],
        ['opened', 'erasure'],
        ['closed', 'answered'],
        ['closed', 'suspended'],
        ['closed', 'erased'],
      ]);
      expect(JSON.stringify(log)).not.toMatch(/mrsKim|mrCho|msLim/);
    } finally {
      db.close();
    }
    await ctx.close();
  });

  it("withdraws a form's optional consent by phone: every optional box off, the required one kept", async () => {
    const ctx = await newContext(browser, { locale: 'ko-KR', timezoneId: 'Asia/Seoul' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${collector.base}/admin/`);
    await page.getByLabel('담당자 토큰').fill(token);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByRole('button', { name: '정보주체 조회' }).click();
    await page.locator('#subject-q').fill(HAN);
    await page.getByRole('button', { name: '찾기' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: '양식 동의 변경 (전화·서면·방문)' }) });
    await form.waitFor();
    expect(await form.locator('input[name=consent-partner]').isChecked()).toBe(true);
    expect(await form.locator('input[name=consent-member]').isDisabled()).toBe(true);
    await form.getByRole('button', { name: '선택 동의 모두 철회' }).click();
    expect(await form.locator('input[name=consent-partner]').isChecked()).toBe(false);
    expect(await form.locator('input[name=channel-email]').isChecked()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-form-consents-ko.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    await form.getByRole('button', { name: '이 동의로 기록' }).click();
    await expect.poll(() => collector.receipts().filter((r) => r.subject === HAN).length).toBe(2);
    expect(
      collector
        .receipts()
        .filter((r) => r.subject === HAN)
        .at(-1),
    ).toMatchObject({
      form: 'signup',
      method: 'staff-phone',
      choices: { consents: { member: true, partner: false }, channels: { email: false } },
      recordedBy: { staffId: 'Lee Young-woo' },
    });
    await ctx.close();
  });
});
