import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsentCookie } from '../../protocol';
import { SCREENSHOTS, launch, newContext, startCollector } from './browser';

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;
const AXE = readFileSync(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  [browser, collector] = await Promise.all([launch(), startCollector()]);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
  console.log(`screenshots: ${SCREENSHOTS}`);
});

const widget = (page: Page) => page.locator('assent-consent');
const ran = (page: Page) => page.evaluate(() => (window as { demoRan?: string[] }).demoRan ?? []);
// The clinic's own session cookie (strictly necessary, set by the demo page on every visit) is left out: these tests
// are about Assent's cookie and the optional tags'; `assent scan` checks the session cookie against the config.
const SITE_SESSIONS = ['liv_session', 'PHPSESSID'];
const cookies = async (page: Page) => (await page.context().cookies()).filter((c) => !SITE_SESSIONS.includes(c.name));
const consent = async (page: Page) =>
  readConsentCookie((await cookies(page)).map((c) => `${c.name}=${c.value}`).join('; '));
// Up to 12 s: on a loaded CI machine (every e2e file's Chromium and collector at once on 2 cores) a next page's
// loader, stage two, IndexedDB and the collector's fsync took longer than 5 s.
async function receiptsFor(subject: string, n = 1) {
  for (let i = 0; i < 240; i++) {
    const mine = collector.receipts().filter((r) => r.subject === subject);
    if (mine.length >= n) return mine;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${n} receipt(s) for ${subject}`);
}
async function open(path: string, opts: Parameters<typeof newContext>[1] = {}) {
  const ctx = await newContext(browser, opts);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Banner views the widget reports (for the dashboard), with the collector's answer.
  const shown: number[] = [];
  const views: string[] = [];
  page.on('response', (r) => {
    if (!r.url().includes('/shown?')) return;
    shown.push(r.status());
    views.push(new URL(r.url()).searchParams.get('view') ?? '');
  });
  await page.goto(collector.base + path);
  await widget(page)
    .getByRole('button', { name: /Accept all|모두 동의/ })
    .waitFor();
  return { page, ctx, errors, shown, views };
}

describe('the widget in Chromium, against the real collector', () => {
  it('1. first visit: banner shown, nothing optional ran, no cookie until a choice, then only the consent cookie', async () => {
    const { page, ctx, errors, shown } = await open('/demo/liv/en/');
    expect(await ran(page)).toEqual([]);
    await expect.poll(() => shown).toEqual([204]); // the banner view is counted, once
    expect(await cookies(page)).toEqual([]);
    expect((await page.context().cookies()).map((c) => c.name)).toEqual(['liv_session']);
    expect(await page.locator('iframe').getAttribute('src')).toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS, 'banner-en.png') });
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(async () => (await cookies(page)).map((c) => c.name)).toEqual(['assent']);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('2. reject all: nothing optional runs, the receipt has the policy version; after a reload, no banner', async () => {
    const { page, ctx, shown, views } = await open('/demo/liv/en/');
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    const state = await expect
      .poll(() => consent(page))
      .toBeTruthy()
      .then(() => consent(page));
    const [receipt] = await receiptsFor(state!.subject);
    expect(receipt).toMatchObject({ action: 'reject_all', method: 'banner', policy: '2025-04', language: 'en' });
    // The decision names the view it answered, as reported: the dashboard counts that view as answered.
    expect(views).toEqual([expect.stringMatching(/^[\w-]{16}$/)]);
    expect(receipt.signals.view).toBe(views[0]);
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await widget(page).count()).toBe(0);
    expect(await ran(page)).toEqual([]);
    expect(shown).toEqual([204]); // no banner after the reload, so no second view
    await ctx.close();
  });

  it('3. accept all: scripts run in document order, the iframe loads, the receipt is stored', async () => {
    const { page, ctx } = await open('/demo/liv/en/');
    // Microsoft's signals beside Google's: denied before any tag (UET's queue, Clarity's stub queue) …
    const microsoft = () =>
      page.evaluate(() => {
        const w = window as unknown as { uetq: unknown[]; clarity: { q: ArrayLike<unknown>[] } };
        return { uet: w.uetq, clarity: w.clarity.q.map((a) => Array.from(a)) };
      });
    expect(await microsoft()).toEqual({
      uet: ['consent', 'default', { ad_storage: 'denied' }],
      clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]],
    });
    await widget(page).getByRole('button', { name: 'Accept all' }).click();
    // … and granted once the visitor accepts.
    await expect
      .poll(async () => (await microsoft()).clarity.at(-1))
      .toEqual(['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }]);
    expect((await microsoft()).uet.slice(-3)).toEqual(['consent', 'update', { ad_storage: 'granted' }]);
    await expect.poll(() => ran(page)).toEqual(['analytics', 'marketing']);
    await expect.poll(() => page.locator('iframe').getAttribute('src')).toBe('/demo/shared/video.html');
    await expect.poll(() => page.frameLocator('iframe').locator('#video').count()).toBe(1);
    const [receipt] = await receiptsFor((await consent(page))!.subject);
    expect(receipt.choices.categories).toEqual({ necessary: true, analytics: true, marketing: true });
    await ctx.close();
  });

  it('4. settings: analytics and email only — exactly that in the cookie, the API and the stored receipt', async () => {
    const { page, ctx } = await open('/demo/liv/en/');
    await widget(page).getByRole('button', { name: 'Settings' }).click();
    await widget(page).getByRole('checkbox', { name: 'Analytics' }).check();
    await widget(page).getByRole('checkbox', { name: 'Marketing email' }).check();
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-en.png') });
    await widget(page).getByRole('button', { name: 'Save my choices' }).click();
    await widget(page).getByRole('status').waitFor();
    const state = (await consent(page))!;
    expect(state.categories?.sort()).toEqual(['analytics', 'necessary']);
    expect(state.channels).toEqual(['email']);
    expect(await page.evaluate(() => window.Assent.get())).toMatchObject({
      categories: { analytics: true, marketing: false },
      channels: { email: true, sms: false, sms_night: false },
    });
    const [receipt] = await receiptsFor(state.subject);
    expect(receipt.choices).toEqual({
      categories: { necessary: true, analytics: true, marketing: false },
      channels: { email: true, sms: false, sms_night: false, kakaotalk: false, kakaotalk_night: false },
    });
    expect(await widget(page).getByRole('status').textContent()).toContain(receipt.id);
    // The on-screen result notice: the sender, and what became of each channel.
    const result = await widget(page).locator('.result').textContent();
    expect(result).toContain('Liv Plastic Surgery');
    expect(result).toContain('Marketing email: consent given');
    expect(result).toContain('Marketing messages on KakaoTalk: refused');
    expect(await ran(page)).toEqual(['analytics']);
    // The visitor's own, signed receipt, read back with the secret the widget was handed.
    const [proof] = await Promise.all([
      page.context().waitForEvent('page'),
      widget(page).getByRole('link', { name: 'View it online (signed)' }).click(),
    ]);
    await proof.waitForLoadState();
    expect(await proof.locator('body').textContent()).toMatch(/Signaturevalid \(key /);
    await ctx.close();
  });

  it("5. withdraw from the page's settings link: the scripts' cookies go, a withdrawal receipt is stored", async () => {
    const { page, ctx } = await open('/demo/liv/en/');
    await widget(page).getByRole('button', { name: 'Accept all' }).click();
    await expect
      .poll(async () => (await cookies(page)).map((c) => c.name).sort())
      .toEqual(['assent', 'demo_ads_id', 'demo_ads_seen', 'demo_analytics_id']);
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    await widget(page).getByRole('button', { name: 'Withdraw all consent' }).click();
    await widget(page).getByRole('status').waitFor();
    expect((await cookies(page)).map((c) => c.name)).toEqual(['assent']);
    const receipts = await receiptsFor((await consent(page))!.subject, 2);
    expect(receipts.map((r) => r.action)).toEqual(['accept_all', 'withdraw']);
    await ctx.close();
  });

  it('6. a new policy version becomes effective: the banner asks again, the old receipts stay', async () => {
    const { page, ctx } = await open('/demo/leepeem/en/');
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    const subject = (await expect
      .poll(() => consent(page))
      .toBeTruthy()
      .then(() => consent(page)))!.subject;
    await receiptsFor(subject);
    // The same visitor after 2027-06-01 (Seoul), on a collector whose clock says so too (the cookie is per host).
    const later = await startCollector({ fakeTime: '2027-06-02 01:00:00' });
    try {
      await page.clock.install({ time: new Date('2027-06-02T10:00:00+09:00') });
      await page.goto(`${later.base}/demo/leepeem/en/`);
      await widget(page).getByText('Our privacy notice has changed').waitFor();
      await widget(page).getByRole('button', { name: 'Reject all' }).click();
      await expect
        .poll(() =>
          later
            .receipts()
            .filter((r) => r.subject === subject)
            .map((r) => r.policy),
        )
        .toEqual(['2027-01']);
      expect(
        collector
          .receipts()
          .filter((r) => r.subject === subject)
          .map((r) => r.policy),
      ).toEqual(['2025-02']);
    } finally {
      await later.stop();
    }
    await ctx.close();
  });

  it('6b. a receipt made against a config the collector no longer serves is refused (409) and the visitor is asked again', async () => {
    const { page, ctx } = await open('/demo/leepeem/en/');
    // The page's copy of the site table is from before a config change: its revision is one the collector never served.
    await page.route('**/assent.js*', async (route) => {
      const res = await route.fetch();
      await route.fulfill({
        response: res,
        body: (await res.text()).replace(/"revision":"[^"]+"/, '"revision":"old-revision-xyz"'),
      });
    });
    await page.reload();
    const answers: number[] = [];
    page.on('response', (r) => r.url().endsWith('/v1/receipts') && answers.push(r.status()));
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => answers).toEqual([409]);
    // Asked again with the config fetched afresh; this time the receipt is stored.
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(() => answers).toEqual([409, 201]);
    const subject = (await consent(page))!.subject;
    expect((await receiptsFor(subject)).map((r) => r.configRevision)).not.toContain('old-revision-xyz');
    await ctx.close();
  });

  it('7. offline at decision time: delivered once the collector is reachable, stored once', async () => {
    const { page, ctx } = await open('/demo/liv/en/');
    // The settings and their texts arrive when the browser is idle: the connection drops after that (a slow
    // machine may not have been idle yet when the banner showed).
    await page.waitForLoadState('networkidle');
    await ctx.setOffline(true);
    await widget(page).getByRole('button', { name: 'Settings' }).click();
    await widget(page).getByRole('button', { name: 'Save my choices' }).click();
    await widget(page).getByText('Saved on this device').waitFor();
    const subject = (await consent(page))!.subject;
    expect(collector.receipts().filter((r) => r.subject === subject)).toEqual([]);
    await ctx.setOffline(false);
    await receiptsFor(subject);
    // Delivered: nothing is marked as waiting, so the next page has nothing to send again.
    await expect.poll(async () => (await ctx.cookies()).some((c) => c.name === 'assent_outbox')).toBe(false);
    const posts: string[] = [];
    page.on('request', (r) => r.url().endsWith('/v1/receipts') && posts.push(r.url()));
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(posts).toEqual([]);
    expect(collector.receipts().filter((r) => r.subject === subject)).toHaveLength(1);
    await ctx.close();
  });

  // Flaky under full-suite load (about one run in three; never alone): the next page found the outbox cookie but no
  // receipt in IndexedDB. The likely cause, a tab closed while IndexedDB was still opening, is closed off: waiting
  // receipts are also written to localStorage in the click's own task (widget/core/outbox.ts, and its unit test that
  // closes the tab before IndexedDB answers). No retry here, so a remaining cause would show.
  it('7b. offline at decision time and the page closed: the next page delivers it (the outbox cookie)', async () => {
    const { page, ctx } = await open('/demo/liv/en/');
    // What both pages did with the collector, to name the step in the failure message (this test has been flaky
    // under CI load only).
    const t0 = Date.now();
    const trail: string[] = [];
    const watch = (p: Page, tag: string) => {
      const note = (...x: unknown[]) => trail.push([tag, Date.now() - t0, ...x].join(' '));
      p.on('pageerror', (e) => note('error', e.message));
      p.on('console', (m) => note('console', m.text()));
      p.on('request', (r) => note('request', r.method(), r.url()));
      p.on('requestfailed', (r) => note('failed', r.url(), r.failure()?.errorText));
      p.on('response', (r) => r.url().includes('/v1/') && note('response', r.status(), r.url()));
    };
    watch(page, 'page 1');
    // Stage two downloads after the banner's first frame: the connection drops once it has arrived. Every module the
    // decision needs is preloaded, the chunk stage two and the UI share included (a preload fetches no imports).
    await page.waitForLoadState('networkidle');
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../dist/widget/manifest.json'), 'utf8'));
    const preloaded = await page.$$eval('link[rel=modulepreload]', (ls) => ls.map((l) => (l as HTMLLinkElement).href));
    for (const f of [manifest.stage2, manifest.ui, ...manifest.shared])
      expect(preloaded.some((href) => href.endsWith(f))).toBe(true);
    expect(manifest.shared.length).toBeGreaterThan(0);
    await ctx.setOffline(true);
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    await expect.poll(async () => (await ctx.cookies()).find((c) => c.name === 'assent_outbox')?.value).toBe('1');
    const subject = (await consent(page))!.subject;
    await page.close();
    await ctx.setOffline(false);
    const next = await ctx.newPage();
    watch(next, 'page 2');
    trail.push(`cookies: ${(await ctx.cookies()).map((c) => c.name).join(', ')}`);
    await next.goto(`${collector.base}/demo/liv/en/`);
    const delivered = await receiptsFor(subject).catch((e: Error) => {
      throw new Error(`${e.message}\n${trail.join('\n')}`);
    });
    expect(delivered.map((r) => r.action)).toEqual(['reject_all']);
    await expect.poll(async () => (await ctx.cookies()).some((c) => c.name === 'assent_outbox')).toBe(false);
    await ctx.close();
  });

  for (const [lang, path, names] of [
    ['en', '/demo/leepeem/en/', { settings: 'Settings', accept: 'Accept all', yes: 'Yes' }],
    ['ko', '/demo/leepeem/', { settings: '설정', accept: '모두 동의', yes: '예' }],
  ] as const) {
    it(`8. keyboard only (${lang}): every action reachable, focus trapped in settings and returned`, async () => {
      const { page, ctx } = await open(path, { locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
      const focused = () =>
        page.evaluate(() => {
          const host = document.activeElement;
          const inner = host?.shadowRoot?.activeElement;
          const name =
            inner?.getAttribute('aria-label') ??
            ((inner as HTMLInputElement | null)?.labels?.[0]?.textContent || inner?.textContent)?.trim();
          return host?.tagName === 'ASSENT-CONSENT' ? `widget:${name}` : `page:${host?.tagName}`;
        });
      const tabTo = async (label: string) => {
        for (let i = 0; i < 60; i++) {
          if ((await focused()) === `widget:${label}`) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`could not reach ${label} with Tab`);
      };
      await tabTo(names.settings);
      await page.keyboard.press('Enter');
      await widget(page)
        .getByRole('dialog', { name: lang === 'ko' ? '개인정보 설정' : 'Privacy settings' })
        .waitFor();
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        seen.add((await focused()).split(':')[0]!);
      }
      expect([...seen]).toEqual(['widget']);
      await page.keyboard.press('Escape');
      await expect.poll(focused).toBe(`widget:${names.settings}`);
      await tabTo(names.yes);
      await page.keyboard.press('Space');
      await tabTo(names.accept);
      await page.keyboard.press('Enter');
      await expect.poll(() => ran(page)).toEqual(['analytics', 'marketing']);
      await ctx.close();
    });
  }

  for (const [lang, path] of [
    ['en', '/demo/leepeem/en/'],
    ['ko', '/demo/leepeem/'],
  ] as const) {
    it(`9. axe-core (${lang}): no serious or critical violations on banner, settings and notice`, async () => {
      const { page, ctx } = await open(path);
      await page.addScriptTag({ content: AXE });
      const check = async (view: string) => {
        const found = await page.evaluate(async () => {
          const r = await (
            window as unknown as {
              axe: { run(d: Document): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
            }
          ).axe.run(document);
          return r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.nodes.length})`);
        });
        expect(found, view).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${view}-${lang}.png`) });
      };
      await check('banner');
      await page.evaluate(() => window.Assent.showSettings());
      await widget(page).locator('[aria-modal=true]').waitFor();
      await check('settings');
      await page.keyboard.press('Escape');
      await page.evaluate(() => window.Assent.showNotice());
      await widget(page).locator('.notice').waitFor();
      await check('notice');
      await ctx.close();
    });
  }

  it('10. hostile CSS and a strict CSP: the banner shows, works, and nothing is blocked', async () => {
    const { page, ctx } = await open('/demo/leepeem/hostile.html');
    const box = await widget(page).getByRole('button', { name: 'Accept all' }).boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(30);
    await widget(page).getByRole('radio', { name: 'Yes' }).check();
    await widget(page).getByRole('button', { name: 'Accept all' }).click();
    await expect.poll(() => ran(page)).toEqual(['analytics']);
    expect(await page.evaluate(() => (window as { cspViolations?: string[] }).cspViolations)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'hostile-page.png') });
    await ctx.close();
  });

  it('11. Global Privacy Control: marketing starts off and the banner says why; an explicit accept overrides, recorded', async () => {
    const { page, ctx } = await open('/demo/liv/en/', { gpc: true });
    await widget(page).getByText('Global Privacy Control').first().waitFor();
    await widget(page).getByRole('button', { name: 'Accept all' }).click();
    const [receipt] = await receiptsFor(
      (await expect
        .poll(() => consent(page))
        .toBeTruthy()
        .then(() => consent(page)))!.subject,
    );
    expect(receipt.signals.gpc).toBe(true);
    expect(receipt.choices.categories.marketing).toBe(true);
    expect((await consent(page))!.gpc).toBe(true);
    await ctx.close();
  });

  it('12. under 14 on LEEPEEM: the guardian is named, and nothing optional runs until they are verified', async () => {
    const { page, ctx } = await open('/demo/leepeem/en/');
    await widget(page).getByRole('radio', { name: 'No' }).check();
    await widget(page).getByRole('button', { name: 'Accept all' }).click();
    expect(await widget(page).getByText('Please fill this in.').count()).toBe(1);
    expect(await ran(page)).toEqual([]);
    await widget(page).getByLabel("Parent or guardian's name").fill('Kim Min-ji');
    await widget(page).getByRole('button', { name: 'Accept all' }).click();
    const [receipt] = await receiptsFor(
      (await expect
        .poll(() => consent(page))
        .toBeTruthy()
        .then(() => consent(page)))!.subject,
    );
    expect(receipt).toMatchObject({
      age: 'child',
      guardian: { name: 'Kim Min-ji' },
      guardianCheck: { status: 'pending' },
    });
    // Pending: no analytics ran; marketing (third-party advertising) is off for children on LEEPEEM in any case.
    expect(receipt.choices.categories).toEqual({ necessary: true, analytics: true, marketing: false });
    expect(await ran(page)).toEqual([]);
    // The guardian's step: this demo has no code gateway, so the clinic will call (the contact is kept for that).
    const step = page.locator('assent-guardian');
    await step.getByLabel("Parent or guardian's phone or email").fill('010-1234-5678');
    await step.getByRole('button', { name: 'Send the code' }).click();
    await step.getByRole('status').filter({ hasText: 'The clinic will call' }).waitFor();
    expect(await ran(page)).toEqual([]);
    await ctx.close();
  });

  it("13. the sign-up form's own boxes go through the API: a marketing-only receipt saying the site showed the texts", async () => {
    const { page, ctx } = await open('/demo/leepeem/en/newsletter.html');
    await widget(page).getByRole('button', { name: 'Reject all' }).click();
    await page.getByLabel('Name').fill('Test Patient');
    await page.getByLabel('Email', { exact: true }).fill('patient@example.com');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('Marketing email (optional)').check();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('OK:').waitFor();
    const receipts = await receiptsFor((await consent(page))!.subject, 2);
    expect(receipts[1]).toMatchObject({
      method: 'api',
      action: 'custom',
      choices: { channels: { email: true, sms: false } },
      signals: { shownBy: 'site' },
      age: 'adult',
    });
    expect(receipts[1].choices.categories).toBeUndefined(); // the form made no cookie decision
    expect(JSON.stringify(receipts)).not.toContain('patient@example.com');
    await ctx.close();
  });

  it("13b. a consultation form with Assent's opt-ins: four facts per channel, KakaoTalk at night, no cookie refusal made up", async () => {
    const ctx = await newContext(browser, {});
    const page = await ctx.newPage();
    await page.goto(`${collector.base}/demo/liv/en/newsletter.html`);
    const form = page.locator('form[data-signup]');
    // Drawn by Assent inside the site's form, in a shadow root: each channel with its purpose, items, retention, refusal.
    const kakao = form.getByRole('checkbox', { name: 'Marketing messages on KakaoTalk' });
    await kakao.waitFor();
    const night = form.getByRole('checkbox', { name: 'KakaoTalk marketing at night (21:00–08:00)' });
    expect(await night.isDisabled()).toBe(true);
    await expect
      .poll(() => form.locator('assent-opt-ins').evaluate((el) => el.shadowRoot!.textContent))
      .toContain('Name, mobile number, Kakao account ID');
    await kakao.check();
    await night.check();
    await page.screenshot({ path: join(SCREENSHOTS, 'consultation-opt-ins-en.png'), fullPage: true });
    await page.getByLabel('Name').fill('Test Patient');
    await page.getByLabel('Email', { exact: true }).fill('patient@example.com');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('OK:').waitFor();
    const state = (await consent(page))!;
    expect(state.categories).toBeUndefined(); // the cookie question is still open: the banner still asks
    expect(state.channels).toEqual(['kakaotalk', 'kakaotalk_night']);
    const [receipt] = await receiptsFor(state.subject);
    expect(receipt).toMatchObject({
      action: 'custom',
      choices: {
        channels: { email: false, sms: false, sms_night: false, kakaotalk: true, kakaotalk_night: true },
      },
      signals: { shownBy: 'assent' },
    });
    expect(receipt.choices.categories).toBeUndefined();
    expect(await widget(page).getByRole('button', { name: 'Accept all' }).count()).toBe(1);
    await ctx.close();
  });

  it(
    '15. two years after an email consent (cookie clicks since): the re-confirmation prompt, stored as reconfirm, with its result notice',
    { timeout: 90_000 },
    async () => {
      const first = await startCollector();
      const ctx = await newContext(browser, {});
      const page = await ctx.newPage();
      await page.goto(`${first.base}/demo/liv/en/`);
      await widget(page).getByRole('button', { name: 'Settings' }).click();
      await widget(page).getByRole('checkbox', { name: 'Marketing email' }).check();
      await widget(page).getByRole('button', { name: 'Save my choices' }).click();
      await expect
        .poll(() => widget(page).locator('.result').textContent())
        .toContain('Marketing email: consent given');
      const subject = (await consent(page))!.subject;
      await expect.poll(() => first.receipts().filter((r) => r.subject === subject).length).toBe(1);
      await first.stop();
      // 731 days on, for the browser and for the collector (same database); the cookie decision itself was renewed
      // 400 days on by an "accept all", which named no channel.
      const at = (days: number) => new Date(Date.now() + days * 86_400_000);
      const faked = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
      const mid = await startCollector({ dir: first.dir, fakeTime: faked(at(400)) });
      try {
        await page.clock.install({ time: at(400) });
        await page.goto(`${mid.base}/demo/liv/en/`);
        await widget(page).getByText('It has been a while').waitFor();
        await widget(page).getByRole('button', { name: 'Accept all' }).click();
        await expect.poll(() => mid.receipts().filter((r) => r.subject === subject).length).toBe(2);
      } finally {
        await mid.stop();
      }
      const later = await startCollector({ dir: first.dir, fakeTime: faked(at(731)) });
      try {
        await page.clock.setSystemTime(at(731));
        await page.goto(`${later.base}/demo/liv/en/`);
        const prompt = widget(page).getByRole('dialog');
        await prompt.getByText('Do you still want our marketing messages?').waitFor();
        expect(await prompt.textContent()).toContain('Liv Plastic Surgery');
        expect(await prompt.textContent()).toContain('Agreed or last confirmed on');
        expect(await prompt.getByRole('checkbox', { name: 'Marketing email' }).isChecked()).toBe(true);
        expect(await ran(page)).toEqual(['analytics', 'marketing']); // the cookie decision stays in effect meanwhile
        await page.screenshot({ path: join(SCREENSHOTS, 'reconfirm-en.png') });
        await prompt.getByRole('button', { name: 'Confirm my choices' }).click();
        await expect
          .poll(() => widget(page).locator('.result').textContent())
          .toContain('Marketing email: consent confirmed');
        await page.screenshot({ path: join(SCREENSHOTS, 'reconfirm-result-en.png') });
        await expect.poll(() => later.receipts().filter((r) => r.subject === subject).length).toBe(3);
        const receipts = later.receipts().filter((r) => r.subject === subject);
        expect(receipts.map((r) => r.action)).toEqual(['custom', 'accept_all', 'reconfirm']);
        expect(receipts[1].choices.channels).toEqual({});
        expect(receipts[2].choices).toEqual({ channels: { email: true } });
        const state = (await consent(page))!;
        expect(state.confirmed.email).toBeGreaterThan(at(730).getTime());
        await page.reload();
        await page.waitForLoadState('networkidle');
        expect(await widget(page).count()).toBe(0); // nothing more to ask
      } finally {
        await later.stop();
      }
      await ctx.close();
    },
  );

  // The browser refuses what the widget keeps: the visitor can still decide, and the receipt still reaches the collector.
  const refusals: [string, () => void, boolean][] = [
    [
      'IndexedDB refused',
      () => {
        IDBFactory.prototype.open = () => {
          throw new DOMException('The user denied permission to access the database.', 'SecurityError');
        };
      },
      true,
    ],
    [
      'storage full',
      () => {
        IDBObjectStore.prototype.put = () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
        Storage.prototype.setItem = () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      },
      true,
    ],
    [
      'cookies refused',
      () => {
        Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {}, configurable: true });
      },
      false,
    ],
  ];
  for (const [what, refuse, reported] of refusals) {
    it(`14. ${what}: the visitor decides, what they allowed runs, the receipt is stored, nothing thrown`, async () => {
      const ctx = await newContext(browser);
      await ctx.addInitScript(refuse);
      const page = await ctx.newPage();
      const errors: string[] = [];
      const logged: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && logged.push(m.text()));
      const posted: { status: number; subject: string }[] = [];
      page.on(
        'response',
        async (r) =>
          r.url().endsWith('/v1/receipts') &&
          r.request().method() === 'POST' &&
          posted.push({ status: r.status(), subject: JSON.parse(r.request().postData()!).subject }),
      );
      await page.goto(`${collector.base}/demo/liv/en/`);
      await widget(page).getByRole('button', { name: 'Accept all' }).click();
      await expect.poll(() => posted.map((p) => p.status)).toEqual([201]);
      await expect.poll(() => ran(page)).not.toEqual([]);
      expect(collector.receipts().filter((r) => r.subject === posted[0]!.subject)).toHaveLength(1);
      expect(errors).toEqual([]);
      if (reported) expect(logged.join('\n')).toMatch(/IndexedDB is not available/);
      await ctx.close();
    });
  }
});
