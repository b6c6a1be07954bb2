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
const PARK = 'v_mrsP7aaaaaaaaaaaaa';
const PARK_PHONE = '010-1234-5678';
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
  // Seeded through the public API, as visitors' browsers would: 10 banners shown, 7 decisions.
  // Each view reported with its id, and each banner decision naming the view it answered, as the widget does.
  const view = (i: number) => `seedView${String(i).padStart(8, '0')}`;
  for (let i = 0; i < 10; i++) await post(`/v1/sites/leepeem/shown?policy=2025-02&view=${view(i)}`);
  let answering = 0;
  const now = () => ({ signals: { gpc: false, decidedAt: new Date().toISOString(), view: view(answering++) } });
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
  // A member whose page passed her phone and email (Assent.identify): the collector keeps their keyed hashes only.
  const contacts = { phone: PARK_PHONE, email: 'Park.SeoYeon@Example.com' };
  await post('/v1/receipts', leepeemReceipt({ subject: PARK, ...all(true), action: 'accept_all', contacts, ...now() }));
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
    expect(await page.locator('[data-figure=decisions]').textContent()).toBe('7');
    expect(await page.locator('[data-figure=visitors]').textContent()).toMatch(/^7 7 for the first time/);
    expect(await page.locator('[data-figure=answered]').textContent()).toBe('70 % (7/10)');
    expect(await page.locator('[data-figure=withdraw]').textContent()).toBe('0');
    expect(await page.locator('svg[role=img] polyline.line').count()).toBeGreaterThanOrEqual(1); // opt-in rate by day
    expect(await page.locator('[data-figure=accept_all]').textContent()).toMatch(/^57 %/);
    expect(await page.locator('[data-figure=reject_all]').textContent()).toMatch(/^29 %/);
    expect(await page.locator('svg[role=img] rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.share').first().textContent()).toContain('(7/7)'); // necessary: always
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
    await page.getByLabel(/receipt id or member reference/).fill(MEMBER);
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
    // Laid out as the visitor read it: the policy's sections, each category with its services and cookies, each
    // channel with its four facts; the canonical JSON and its hash one click away.
    const notice = page.locator('div.notice article.notice-doc');
    expect(await notice.getAttribute('lang')).toBe('en');
    expect(await notice.locator('[data-section=summary] h5').textContent()).toBe('Summary');
    expect(await notice.locator('[data-category=necessary]').textContent()).toMatch(
      /Cookies the site cannot work without/,
    );
    expect(await notice.locator('[data-category=necessary] table.services code').allTextContents()).toContain(
      'assent, assent_outbox, assent_outbox_*',
    );
    expect(await notice.locator('[data-channel=email] dt').allTextContents()).toEqual([
      'Purpose',
      'Data',
      'Kept for',
      'If refused',
    ]);
    expect(await page.locator('.tree').count()).toBe(0);
    await page.getByText('Exactly as stored and hashed').click();
    expect(await page.locator('div.notice details code').textContent()).toBe(stored.at(-1)!.notice.hash);
    expect(JSON.parse((await page.locator('pre.raw').textContent())!).policy).toBe('2025-02');
    // Beside the coming version, in the same language: the policy's sections changed, the categories did not.
    await page.getByLabel('Compare with').selectOption('2027-01');
    const compare = page.locator('table.compare');
    await compare.waitFor();
    expect(await compare.locator('tr[data-row=retention]').getAttribute('data-changed')).toBe('yes');
    expect(await compare.locator('tr[data-row=category-necessary]').getAttribute('data-changed')).toBe('no');
    expect(await compare.locator('tr[data-changed=yes] th').first().textContent()).toMatch(/changed$/);
    await compare.screenshot({ path: join(SCREENSHOTS, 'admin-compare.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-subject.png'), fullPage: true });
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('finds Mrs Park by her number written three ways and by email; a phone withdrawal adds a contact; the log keeps hashes', async () => {
    const { page, ctx, errors } = await signedIn();
    await page.getByRole('button', { name: 'Subject look-up' }).click();
    const search = async (typed: string) => {
      await page.getByLabel(/Phone number, email/).fill(typed);
      await page.getByRole('button', { name: 'Find' }).click();
      await page.locator('h3 code').filter({ hasText: PARK }).waitFor();
      return page.getByRole('status').textContent();
    };
    for (const typed of ['+82 10 1234 5678', '01012345678', PARK_PHONE])
      expect(await search(typed)).toContain('Searched as phone number +821012345678');
    expect(await search('PARK.SEOYEON@example.com')).toContain('email address park.seoyeon@example.com');
    expect(await page.locator('.timeline li').count()).toBe(1);

    // She phones to withdraw, and gives her work address to be found by too.
    await page.locator('select[name=method]').selectOption('staff-phone');
    await page.locator('select[name=action]').selectOption('withdraw');
    await page.getByLabel(/Recorded by/).fill('desk-3');
    await page.getByLabel(/Patient's phone or email/).fill('park.work@example.com');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => page.locator('.timeline li').count()).toBe(2);
    expect(await page.locator('.timeline li').first().getAttribute('data-action')).toBe('withdraw');
    expect(await search('Park.Work@example.com')).toContain('park.work@example.com');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-contact-search.png'), fullPage: true });

    // Her access request: the page to hand over, in her language, both decisions with the notice she saw.
    const [exported] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export=html]').click()]);
    const handout = readFileSync((await exported.path())!, 'utf8');
    expect(handout).toContain('Your consent records');
    expect(handout.match(/<section class="receipt">/g)).toHaveLength(2);
    expect(handout).toMatch(/Withdrew consent[\s\S]*Accepted all/);
    const view = await ctx.newPage();
    await view.setContent(handout);
    await view.screenshot({ path: join(SCREENSHOTS, 'admin-subject-export.png'), fullPage: true });
    expect(await axe(view)).toEqual([]);
    await view.close();
    expect(await axe(page)).toEqual([]);

    // An unknown number says how it was read; nobody else's history is shown.
    await page.getByLabel(/Phone number, email/).fill('010-9999-0000');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('alert').filter({ hasText: '+821099990000' }).waitFor();
    expect(await page.locator('.timeline').count()).toBe(0);

    // The access log shows the searches as keyed hashes: one hash for the three spellings, no number anywhere.
    const db = new Database(collector.dbPath, { readonly: true });
    try {
      const entries = (db.prepare("select record from log_entries where log = 'access'").all() as { record: string }[])
        .map((e) => JSON.parse(e.record))
        .filter((e) => e.route === '/v1/staff/subjects/search' && e.query?.contact);
      const hashes = entries.map((e) => e.query.contact as string);
      expect(hashes).toHaveLength(6); // three spellings, two addresses, the unknown number
      expect(new Set(hashes.slice(0, 3)).size).toBe(1);
      expect(hashes.every((h) => /^k1:[\w-]{27}$/.test(h))).toBe(true);
      const all = JSON.stringify(db.prepare('select * from log_entries').all());
      // (Eight digits, not four: hex hashes hold "9999" by chance in one log of twenty.)
      const leak = /1234.?5678|park\.|seoyeon|9999.?0000/i.exec(all);
      expect(leak && all.slice(leak.index - 80, leak.index + 20)).toBeNull();
      const parkRows = collector.receipts().filter((r) => r.subject === PARK);
      expect(parkRows.at(-1)).toMatchObject({ action: 'withdraw', contactKeys: [expect.stringMatching(/^k1:/)] });
      expect(JSON.stringify(parkRows)).not.toMatch(/1234|park\.|seoyeon/i);
    } finally {
      db.close();
    }
    await page.getByRole('button', { name: 'Access log' }).click();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody').textContent()).not.toMatch(/1234|park\./i);
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
