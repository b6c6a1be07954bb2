import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { DEMO_SITES_DIR, tempDir } from '../helpers/collector';
import { freePort } from '../helpers/ports';
import { SCREENSHOTS, axe, launch, newContext, startCollector } from './browser';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'";

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;
let gateway: Server;
let token: string;
/** What the site's SMS/email gateway received: the codes the collector sent to guardians. */
const codes: { contact: string; code: string; receipt: string }[] = [];

beforeAll(async () => {
  // The demo clinics, with LEEPEEM's code gateway pointed at a test receiver (a real HTTP server).
  const port = await freePort();
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      codes.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => gateway.listen(port, '127.0.0.1', r));
  const sites = tempDir('assent-forms-sites-');
  for (const f of readdirSync(DEMO_SITES_DIR)) copyFileSync(join(DEMO_SITES_DIR, f), join(sites, f));
  const leepeem = JSON.parse(readFileSync(join(sites, 'leepeem.json'), 'utf8'));
  leepeem.webhooks = { guardianCodes: `http://127.0.0.1:${port}/codes` };
  writeFileSync(join(sites, 'leepeem.json'), JSON.stringify(leepeem));
  [browser, collector] = await Promise.all([launch(), startCollector({ env: { ASSENT_SITES_DIR: sites } })]);
  const { db } = await openSqliteDatabase(collector.dbPath);
  token = (await createStaffToken(db, 'Lee Young-woo', ['leepeem', 'liv'], new Date())).token;
  await db.destroy();
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  gateway?.close();
});

async function open(path: string, opts: { locale?: string; phone?: boolean; csp?: boolean } = {}) {
  const ctx = await newContext(browser, { locale: opts.locale ?? 'en-US' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (opts.phone) await page.setViewportSize({ width: 375, height: 667 });
  if (opts.csp) {
    await page.route(`**${path}`, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': CSP } });
    });
    await ctx.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(e.violatedDirective));
    });
  }
  await page.goto(collector.base + path);
  await block(page).locator('input[type=checkbox]').first().waitFor();
  // The cookie banner is another question; it is answered first so it covers nothing.
  await page
    .locator('assent-consent')
    .getByRole('button', { name: /^(Reject all|모두 거부)$/ })
    .click();
  return { page, ctx, errors };
}
const block = (page: Page) => page.locator('assent-form');
/** A field of the clinic's own form (the block's labels would match too). */
const field = (page: Page, name: string) => page.locator(`form[data-clinic-form] > label > [name="${name}"]`);
const output = (page: Page) => page.locator('form[data-clinic-form] output');

const latest = () => collector.receipts().at(-1);

async function fillConsultation(page: Page) {
  await page.getByLabel('Name').fill('Kim Min-ji');
  await page.getByLabel('Contact number').fill('010-1234-5678');
  await page.getByLabel('What would you like to ask?').fill('A second opinion on a rhinoplasty');
}

describe("consent block in the clinics' own forms (Chromium, real collector)", () => {
  it("Liv's consultation: required consents block the form with a clear message; one receipt with exactly what was given", async () => {
    const { page, ctx, errors } = await open('/demo/liv/en/consultation/', { csp: true });
    expect(await axe(page)).toEqual([]);
    await fillConsultation(page);
    const before = collector.receipts().length;
    await page.getByRole('button', { name: 'Send' }).click();
    const alert = block(page).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Please give the required consents before sending');
    expect(await alert.textContent()).toContain('Processing of health information');
    // Nothing was recorded and the clinic's own handler never saw the submission.
    expect(collector.receipts()).toHaveLength(before);
    expect(await output(page).textContent()).toBe('');
    // Focus goes to the first consent missing.
    expect(await page.evaluate(() => document.querySelector('assent-form')!.shadowRoot!.activeElement?.id)).toBe(
      'af-consultation-consultation',
    );
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'form-liv-en-invalid.png'), fullPage: true });

    // The legal-basis notice is a notice: no checkbox; every optional choice starts unticked and stays separate.
    expect(
      await block(page)
        .getByRole('checkbox', { name: /Medical records kept/ })
        .count(),
    ).toBe(0);
    for (const box of await block(page).getByRole('checkbox').all()) expect(await box.isChecked()).toBe(false);
    await block(page)
      .getByRole('checkbox', { name: /Collection and use/ })
      .check();
    await block(page)
      .getByRole('checkbox', { name: /health information/ })
      .check();
    await block(page)
      .getByRole('checkbox', { name: /^Marketing messages on KakaoTalk/ })
      .check();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => output(page).textContent()).toMatch(/^OK · receipt [0-9a-f-]{36}$/);
    const id = (await output(page).textContent())!.split(' ').at(-1);
    const receipt = latest();
    expect(receipt).toMatchObject({
      id,
      form: 'consultation',
      method: 'api',
      choices: {
        consents: { consultation: true, health: true },
        channels: { kakaotalk: true, kakaotalk_night: false, sms: false, sms_night: false },
      },
      signals: { shownBy: 'assent' },
    });
    expect(receipt.choices.categories).toBeUndefined();
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("LEEPEEM's sign-up, under 14: pending until the guardian enters the code the gateway got; no third-party consent", async () => {
    const { page, ctx } = await open('/demo/leepeem/en/signup/');
    await field(page, 'name').fill('Park Ha-eun');
    await field(page, 'username').fill('haeun2014');
    await field(page, 'password').fill('correct horse battery');
    await field(page, 'email').fill('haeun@example.com');
    await field(page, 'phone').fill('010-2222-3333');
    await block(page).getByRole('radio', { name: 'No' }).check();
    await block(page).getByLabel("Parent or guardian's name").fill('Park Seo-yeon');
    await block(page).getByLabel("Parent or guardian's phone or email").fill('010-5555-0199');
    // LEEPEEM never shares children's data: the partner consent cannot be ticked, even by "agree to all".
    await block(page).getByRole('button', { name: 'Agree to all of the below' }).click();
    const partner = block(page).getByRole('checkbox', { name: /interpreting and lodging partner/ });
    expect(await partner.isDisabled()).toBe(true);
    expect(await partner.isChecked()).toBe(false);
    await block(page)
      .getByRole('checkbox', { name: /^Foreign patients|unique identifier/ })
      .uncheck();
    await page.screenshot({ path: join(SCREENSHOTS, 'form-leepeem-en-child.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign up' }).click();

    await block(page).getByLabel('Verification code').waitFor();
    const pending = latest();
    expect(pending).toMatchObject({
      form: 'signup',
      age: 'child',
      guardian: { name: 'Park Seo-yeon' },
      guardianCheck: { status: 'pending' },
      choices: {
        consents: { member: true, 'foreigner-id': false, partner: false },
        channels: { email: true, sms: true },
      },
    });
    expect(JSON.stringify(pending)).not.toContain('010-5555-0199');
    // The clinic's form waits; nothing optional took effect in the browser.
    expect(await output(page).textContent()).toBe('');
    expect(await page.evaluate(() => window.Assent.get()?.channels)).toEqual({
      email: false,
      sms: false,
      sms_night: false,
    });
    await expect.poll(() => codes.length).toBe(1);
    expect(codes[0]).toMatchObject({ contact: '010-5555-0199', receipt: pending.id });
    expect(await axe(page)).toEqual([]);

    const wrong = String((Number(codes[0]!.code) + 1) % 1_000_000).padStart(6, '0');
    await block(page).getByLabel('Verification code').fill(wrong);
    await block(page).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => block(page).getByRole('alert').textContent()).toBe('That is not the code that was sent.');
    await block(page).getByLabel('Verification code').fill(codes[0]!.code);
    await block(page).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => output(page).textContent()).toContain('guardian verified');
    const verified = latest();
    expect(verified).toMatchObject({
      guardianCheck: { status: 'verified', method: 'code', verifies: pending.id },
      choices: pending.choices,
    });
    expect(await page.evaluate(() => window.Assent.get()?.channels)).toMatchObject({ email: true, sms: true });
    await ctx.close();
  });

  it('a child whose guardian was not verified online is verified by staff after a phone call, in the dashboard', async () => {
    const { page, ctx } = await open('/demo/leepeem/signup/', { locale: 'ko-KR', phone: true });
    await field(page, 'name').fill('최서준');
    await field(page, 'username').fill('seojun2015');
    await field(page, 'password').fill('correct horse battery');
    await field(page, 'email').fill('seojun@example.com');
    await field(page, 'phone').fill('010-7777-8888');
    await block(page).getByRole('radio', { name: '아니요' }).check();
    await block(page)
      .getByLabel(/법정대리인.*이름|보호자.*이름/)
      .fill('최민수');
    await block(page)
      .getByLabel(/법정대리인.*연락처|보호자.*연락처/)
      .fill('010-9999-0000');
    await block(page)
      .getByRole('checkbox', { name: /회원가입을 위한/ })
      .check();
    await page.getByRole('button', { name: '가입하기' }).click();
    await block(page).getByLabel('인증번호').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'form-leepeem-ko-phone.png'), fullPage: true });
    const pending = latest();
    expect(pending.guardianCheck).toEqual({ status: 'pending' });
    await ctx.close();

    // The officer phones the guardian, then records it: a signed receipt naming who recorded it.
    const admin = await newContext(browser, { locale: 'en-US' });
    const dash = await admin.newPage();
    await dash.goto(`${collector.base}/admin/`);
    await dash.getByLabel('Staff token').fill(token);
    await dash.getByRole('button', { name: 'Sign in' }).click();
    await dash.locator('[data-figure=shown]').waitFor();
    await dash
      .getByRole('link', { name: 'Duties' })
      .or(dash.getByRole('button', { name: 'Duties' }))
      .first()
      .click();
    const row = dash.getByRole('row').filter({ hasText: '최민수' });
    await row.getByRole('combobox', { name: 'Record verification' }).selectOption('phone');
    await row.getByRole('button', { name: 'Record verification' }).click();
    await dash.getByRole('status').filter({ hasText: 'Guardian verified' }).waitFor();
    const verified = latest();
    expect(verified).toMatchObject({
      guardianCheck: { status: 'verified', method: 'phone', verifies: pending.id },
      recordedBy: { staffId: 'Lee Young-woo' },
    });
    await expect.poll(() => dash.getByRole('row').filter({ hasText: '최민수' }).count()).toBe(0);
    expect(await axe(dash)).toEqual([]);
    await admin.close();
  });

  it("a child's banner decision: the guardian's code step, then the choice takes effect in this browser", async () => {
    const ctx = await newContext(browser, { locale: 'en-US' });
    const page = await ctx.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${collector.base}/demo/leepeem/en/`);
    const banner = page.locator('assent-consent');
    await banner.getByRole('radio', { name: 'No' }).check();
    await banner.getByLabel("Parent or guardian's name").fill('Han Ji-won');
    await banner.getByRole('button', { name: 'Accept all' }).click();
    const step = page.locator('assent-guardian');
    await step.getByRole('dialog', { name: 'Your parent or guardian confirms' }).waitFor();
    expect(await page.evaluate(() => window.Assent.get()?.categories)).toEqual({
      necessary: true,
      analytics: false,
      marketing: false,
    });
    const before = codes.length;
    await step.getByLabel("Parent or guardian's phone or email").fill('parent.han@example.com');
    await step.getByRole('button', { name: 'Send the code' }).click();
    await step.getByLabel('Verification code').waitFor();
    await expect.poll(() => codes.length).toBe(before + 1);
    expect(codes.at(-1)).toMatchObject({ contact: 'parent.han@example.com' });
    expect(await axe(page)).toEqual([]);
    await step.getByLabel('Verification code').fill(codes.at(-1)!.code);
    await step.getByRole('button', { name: 'Confirm' }).click();
    await step.getByRole('status').filter({ hasText: 'confirmed' }).waitFor();
    // Analytics now runs; LEEPEEM's third-party advertising stays off for a child.
    expect(await page.evaluate(() => window.Assent.get()?.categories)).toEqual({
      necessary: true,
      analytics: true,
      marketing: false,
    });
    expect(latest()).toMatchObject({ guardianCheck: { status: 'verified', method: 'code' }, age: 'child' });
    await ctx.close();
  });

  it('the Korean consultation form on a phone, keyboard only: tab into the block, tick with Space, send with Enter', async () => {
    const { page, ctx } = await open('/demo/liv/consultation/', { locale: 'ko-KR', phone: true });
    await page.getByLabel('이름').fill('이하나');
    await page.getByLabel('연락처').fill('010-3333-4444');
    await page.getByLabel('상담 내용').fill('눈 성형 상담');
    await page.getByLabel('상담 내용').focus();
    await page.keyboard.press('Tab'); // "agree to all" comes first in the block
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.querySelector('assent-form')!.shadowRoot!.activeElement?.id);
    expect(await focused()).toBe('af-consultation-consultation');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('af-consultation-health');
    await page.keyboard.press('Space');
    await page.screenshot({ path: join(SCREENSHOTS, 'form-liv-ko-phone.png'), fullPage: true });
    await page.getByLabel('이름').press('Enter');
    await expect.poll(() => output(page).textContent()).toMatch(/^OK · receipt/);
    expect(latest()).toMatchObject({ language: 'ko', choices: { consents: { consultation: true, health: true } } });
    await ctx.close();
  });
});

export type { BrowserContext };
