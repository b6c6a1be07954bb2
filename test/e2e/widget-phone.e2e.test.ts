import { createServer } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConsentCookie } from '../../protocol';
import { freePort } from '../helpers/ports';
import { SCREENSHOTS, launch, newContext, startCollector } from './browser';

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  [browser, collector] = await Promise.all([launch(), startCollector()]);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

const host = (page: Page) => page.locator('assent-consent');
const consent = async (ctx: BrowserContext) =>
  readConsentCookie((await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
async function receiptsFor(subject: string, n = 1) {
  await expect.poll(() => collector.receipts().filter((r) => r.subject === subject).length).toBeGreaterThanOrEqual(n);
  return collector.receipts().filter((r) => r.subject === subject);
}
/** The banner's share of the screen and where it sits, once the UI has adopted it. */
const geometry = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('assent-consent')!.shadowRoot!;
    const b = root.querySelector('.banner')!.getBoundingClientRect();
    return {
      share: (b.width * b.height) / (innerWidth * innerHeight),
      left: b.left,
      right: innerWidth - b.right,
      bottom: innerHeight - b.bottom,
      wordBreak: getComputedStyle(root.querySelector('.root')!).wordBreak,
    };
  });

describe('the banner on a phone (375×667, Korean)', () => {
  for (const site of ['leepeem', 'liv']) {
    it(`${site}: the first layer covers at most 35 % of the screen, with margins, Korean kept whole`, async () => {
      const ctx = await newContext(browser, { locale: 'ko-KR', phone: true });
      const page = await ctx.newPage();
      await page.goto(`${collector.base}/demo/${site}/`);
      await page.locator('assent-consent[data-assent-ui]').waitFor({ state: 'attached' });
      const g = await geometry(page);
      expect(g.share).toBeLessThanOrEqual(0.35);
      expect(Math.min(g.left, g.right, g.bottom)).toBeGreaterThanOrEqual(8);
      expect(g.wordBreak).toBe('keep-all');
      // LEEPEEM asks the age in the first layer, and it is inside the 35 %.
      if (site === 'leepeem') await expect.poll(() => host(page).getByText('만 14세 이상입니까?').count()).toBe(1);
      await page.screenshot({ path: `${SCREENSHOTS}/phone-banner-${site}-ko.png` });
      // The summary is cut on a phone; "더 보기" shows all of it.
      const summary = host(page).locator('#assent-desc');
      const cut = await summary.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
      if (cut) {
        await host(page).getByRole('button', { name: '더 보기' }).click();
        await expect.poll(() => summary.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
        await expect.poll(() => host(page).getByRole('button', { name: '접기' }).count()).toBe(1);
      }
      await ctx.close();
    });
  }

  it('the first Tab lands in the banner; after "Reject all" by keyboard, focus is on the page’s settings link', async () => {
    const ctx = await newContext(browser, { locale: 'ko-KR' });
    const page = await ctx.newPage();
    await page.goto(`${collector.base}/demo/liv/`);
    await page.locator('assent-consent[data-assent-ui]').waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    const inBanner = () =>
      page.evaluate(() => !!document.querySelector('assent-consent')?.shadowRoot?.activeElement?.closest('.banner'));
    expect(await inBanner()).toBe(true);
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.tagName)) === 'ASSENT-CONSENT'; i++) {
      const label = await page.evaluate(
        () => document.querySelector('assent-consent')!.shadowRoot!.activeElement?.textContent ?? '',
      );
      if (label === '모두 거부') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await host(page).locator('.banner').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-assent-open'))).toBe(true);
    // What happened is announced (a live region), with the receipt one click away.
    expect(await host(page).getByRole('status').textContent()).toContain('저장');
    expect((await consent(ctx))?.categories).toEqual(['necessary']);
    await ctx.close();
  });
});

describe('the first paint', () => {
  it('comes with the per-site loader: visible with no UI module, no strings and no second request', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    // Stage two, the UI and the strings never arrive: the banner shows all the same.
    await page.route('**/assets/**', (route) => route.abort());
    await page.goto(`${collector.base}/demo/leepeem/en/`);
    await host(page).getByRole('button', { name: 'Accept all' }).waitFor();
    expect(await page.locator('assent-consent[data-assent-ui]').count()).toBe(0);
    expect(asked.filter((p) => p.includes('/banner'))).toEqual([]);
    await ctx.close();
  });

  it('a click made before the UI arrived is held, then recorded once the UI adopts the banner', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/assets/**', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(`${collector.base}/demo/liv/en/`);
    await host(page).getByRole('button', { name: 'Reject all' }).click();
    expect(await consent(ctx)).toBeUndefined();
    release();
    await expect.poll(async () => (await consent(ctx))?.categories).toEqual(['necessary']);
    const subject = (await consent(ctx))!.subject;
    const [receipt] = await receiptsFor(subject);
    expect([receipt.action, receipt.method]).toEqual(['reject_all', 'banner']);
    await ctx.close();
  });
});

describe('placeholders that ask', () => {
  it('a blocked video asks for its category, names the services, and records a placeholder receipt for it alone', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${collector.base}/demo/liv/en/`);
    await host(page).getByRole('button', { name: 'Reject all' }).click();
    await host(page).locator('.banner').waitFor({ state: 'detached' });
    // The note offering the receipt would cover the video's corner on this screen: the visitor closes it.
    await host(page).getByRole('status').getByRole('button', { name: 'Close' }).click();
    const placeholder = page.locator('button.assent-placeholder');
    expect(await placeholder.getAttribute('data-assent-category')).toBe('marketing');
    await placeholder.click();
    const dialog = host(page).getByRole('dialog', { name: 'Blocked content' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Allowing it records your consent to this category');
    await page.screenshot({ path: `${SCREENSHOTS}/placeholder-ask-en.png` });
    await dialog.getByRole('button', { name: /^Allow / }).click();
    await expect.poll(async () => (await consent(ctx))?.categories).toEqual(['necessary', 'marketing']);
    const receipts = await receiptsFor((await consent(ctx))!.subject, 2);
    expect(receipts.map((r) => [r.method, r.action])).toEqual([
      ['banner', 'reject_all'],
      ['placeholder', 'custom'],
    ]);
    expect(receipts[1].choices.categories).toEqual({ necessary: true, analytics: false, marketing: true });
    await expect.poll(() => page.locator('iframe').getAttribute('src')).toBe('/demo/shared/video.html');
    await ctx.close();
  });
});

describe('the visitor’s own record', () => {
  it('a banner decision offers its receipt; after a reload the settings list it under "my consents"', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${collector.base}/demo/liv/en/`);
    await host(page).getByRole('button', { name: 'Accept all' }).click();
    await host(page).getByRole('status').getByText('Your choices are saved').waitFor();
    await host(page).getByRole('button', { name: 'See my receipt' }).click();
    const settings = host(page).getByRole('dialog', { name: 'Privacy settings' });
    const id = (await settings.locator('.receipt code').textContent())!;
    const [stored] = await receiptsFor((await consent(ctx))!.subject);
    expect(id).toBe(stored.id);
    await page.reload();
    await page.getByRole('link', { name: 'Cookie settings' }).click();
    const mine = host(page).locator('details.history');
    await mine.locator('summary', { hasText: 'My consents on this device (1)' }).click();
    expect(await mine.locator('li').first().textContent()).toContain('Accepted all');
    expect(await mine.locator('li code').first().textContent()).toBe(id);
    const online = mine.getByRole('link', { name: 'View it online (signed)' });
    expect(await online.getAttribute('href')).toMatch(new RegExp(`/v1/receipts/${id}\\?secret=`));
    await mine.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/my-consents-en.png` });
    await ctx.close();
  });
});

describe('hooks for auto-consent tools', () => {
  it('a script that uses only the host element’s attribute and the public API rejects all', async () => {
    const ctx = await newContext(browser);
    // What a Consent-O-Matic or autoconsent rule can do without entering the shadow root.
    await ctx.addInitScript(() => {
      const tryReject = () => {
        const open = document.querySelector('assent-consent[data-assent-view="banner"]');
        const api = (window as { Assent?: { reject(): Promise<void> } }).Assent;
        if (!open || !api) return false;
        void api.reject();
        return true;
      };
      new MutationObserver((_, o) => tryReject() && o.disconnect()).observe(document, {
        childList: true,
        subtree: true,
      });
    });
    const page = await ctx.newPage();
    await page.goto(`${collector.base}/demo/leepeem/en/`);
    await expect.poll(async () => (await consent(ctx))?.categories).toEqual(['necessary']);
    await host(page).waitFor({ state: 'detached' });
    const [receipt] = await receiptsFor((await consent(ctx))!.subject);
    expect([receipt.action, receipt.method]).toEqual(['reject_all', 'api']);
    await ctx.close();
  });
});

describe('languages and diagnostics', () => {
  it('a German visitor on a page without a language gets the English fallback, strings and texts alike', async () => {
    const ctx = await newContext(browser, { locale: 'de-DE' });
    const page = await ctx.newPage();
    await page.route(`${collector.base}/no-lang.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>x</title><body><p>Klinik</p><script src="/assent.js" data-site="leepeem"></script>`,
      }),
    );
    await page.goto(`${collector.base}/no-lang.html`);
    await page.locator('assent-consent[data-assent-ui]').waitFor({ state: 'attached' });
    expect(await host(page).locator('.root').getAttribute('lang')).toBe('en');
    expect(await host(page).getByRole('button', { name: 'Accept all' }).count()).toBe(1);
    expect(await host(page).locator('#assent-desc').textContent()).toMatch(/^LEEPEEM/);
    await ctx.close();
  });

  it('a page on an origin the site does not list gets one console warning naming the origin and the fix', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && m.text().includes('[assent]') && warnings.push(m.text()));
    // A clinic's page on another origin the demo config does not list, served for real (Chromium refuses a public
    // or a faked page's requests to a loopback collector before the collector could answer).
    const script = `<script async src="${collector.base}/assent.js?site=liv&lang=en"></script>`;
    const html = `<!doctype html><html lang="en"><title>x</title><body>${script}`;
    const server = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, 'localhost', r));
    const other = `http://localhost:${port}`;
    await page.goto(`${other}/clinic.html`);
    await expect.poll(() => warnings).toHaveLength(1);
    expect(warnings[0]).toContain(other);
    expect(warnings[0]).toContain('"origins" in the config of site "liv"');
    server.close();
    await ctx.close();
  });
});
