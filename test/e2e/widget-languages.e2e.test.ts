import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN } from '../../widget/i18n';
import { SCREENSHOTS, launch, newContext, startCollector } from './browser';

// Liv's demo config carries its texts in Korean, English, Japanese and Simplified Chinese.
const LIV = JSON.parse(readFileSync(join(import.meta.dirname, '../../demo/sites/liv.json'), 'utf8'));
const LANGUAGES = ['ko', 'en', 'ja', 'zh-CN'] as const;
const OUT = join(SCREENSHOTS, 'languages');

let browser: Browser;
let collector: Awaited<ReturnType<typeof startCollector>>;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  [browser, collector] = await Promise.all([launch(), startCollector()]);
});
afterAll(async () => {
  await browser?.close();
  await collector?.stop();
});

const shadow = (page: Page, fn: string) =>
  page.evaluate(`(() => { const root = document.querySelector('assent-consent').shadowRoot; ${fn} })()`);
/** The open layer's text, its line-breaking rules, and whether it fits the screen with its margins. */
const layer = (page: Page, selector: string) =>
  shadow(
    page,
    `const el = root.querySelector(${JSON.stringify(selector)});
     const r = el.getBoundingClientRect();
     const style = getComputedStyle(el);
     return { text: el.textContent, lang: el.closest('[lang]').lang, wordBreak: style.wordBreak, lineBreak: style.lineBreak,
       fits: r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight + 1,
       overflowX: el.scrollWidth > el.clientWidth + 1 };`,
  ) as Promise<{
    text: string;
    lang: string;
    wordBreak: string;
    lineBreak: string;
    fits: boolean;
    overflowX: boolean;
  }>;

describe('the banner, settings and notice in Korean, English, Japanese and Chinese, on a phone and a desktop', () => {
  for (const phone of [true, false]) {
    for (const lang of LANGUAGES) {
      const size = phone ? 'phone' : 'desktop';
      it(`${lang} on a ${size}: every text in ${lang}, CJK line breaking, within the screen`, async () => {
        const s = (await BUILT_IN[lang]!()).default;
        const notice = LIV.policies[0].notice[lang];
        const ctx = await newContext(browser, { locale: lang === 'ko' ? 'ko-KR' : 'en-US', phone });
        const page = await ctx.newPage();
        // The Korean page for Korean, Japanese and Chinese (the visitor picks the language), the English page for English.
        await page.goto(`${collector.base}/demo/liv/${lang === 'en' ? 'en/' : ''}`);
        await page.locator('assent-consent[data-assent-ui]').waitFor({ state: 'attached' });
        if (lang === 'ja' || lang === 'zh-CN')
          await page.locator('assent-consent').getByRole('combobox').selectOption(lang);
        await expect.poll(async () => (await layer(page, '.banner')).lang).toBe(lang);

        const banner = await layer(page, '.banner');
        expect(banner.text).toContain(s.title);
        expect(banner.text).toContain(s.rejectAll);
        expect(banner.text).toContain(notice.summary.slice(0, 20));
        expect(banner.wordBreak).toBe(lang === 'ko' ? 'keep-all' : 'normal');
        expect(banner.lineBreak).toBe(lang === 'ja' || lang === 'zh-CN' ? 'strict' : 'auto');
        expect(banner.fits).toBe(true);
        expect(banner.overflowX).toBe(false);
        await page.screenshot({ path: join(OUT, `banner-${lang}-${size}.png`) });

        await page.locator('assent-consent').getByRole('button', { name: s.settings, exact: true }).click();
        await page.locator('assent-consent').getByRole('heading', { name: s.settingsTitle }).waitFor();
        const settings = await layer(page, '[role=dialog][aria-modal=true]');
        expect(settings.lang).toBe(lang);
        expect(settings.text).toContain(LIV.categories[1].label[lang]);
        expect(settings.text).toContain(LIV.channels[0].label[lang]);
        expect(settings.overflowX).toBe(false);
        await page.screenshot({ path: join(OUT, `settings-${lang}-${size}.png`) });

        await page.keyboard.press('Escape');
        await page.evaluate(() => (window as unknown as { Assent: { showNotice(): void } }).Assent.showNotice());
        await page.locator('assent-consent').getByRole('heading', { name: s.notice }).first().waitFor();
        const text = await layer(page, '[role=dialog][aria-modal=true]');
        expect(text.lang).toBe(lang);
        for (const k of ['items', 'purposes', 'retention', 'rights', 'cookies', 'refusal'])
          expect(text.text).toContain(notice[k]);
        expect(text.text).toContain(LIV.controller.officer.name[lang]);
        await page.screenshot({ path: join(OUT, `notice-${lang}-${size}.png`) });
        await ctx.close();
      });
    }
  }
});
