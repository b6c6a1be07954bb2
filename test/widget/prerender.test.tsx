// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { dateInZone } from '../../protocol';
import { renderBanner } from '../../widget/prerender';
import { resetDocument, shadow, startWidget } from './harness';

afterEach(resetDocument);

// The UI hydrates the collector's painted banner: Preact attaches its handlers and does not compare attributes, so
// the painted HTML must be exactly what the UI's own first render draws, or a difference would stay on screen.
describe("the collector's painted banner", () => {
  for (const [site, lang] of [
    ['leepeem', 'ko'],
    ['leepeem', 'en'],
    ['liv', 'en'],
    ['liv', 'ja'],
    ['liv', 'zh-CN'],
  ] as const)
    it(`is the UI's own first render (${site}, ${lang})`, async () => {
      const now = Date.parse('2026-11-22T09:30:00Z');
      const w = await startWidget({ site, language: lang, now: () => now });
      const root = await shadow();
      const config = w.collector.sites.get(site)!;
      const painted = renderBanner({
        config: config.publicConfig,
        lang,
        today: dateInZone(now, config.config.timezone),
        gpc: false,
      });
      // Parsed as the loader parses it (shadowRoot.innerHTML), so both sides are serialised by the same DOM. One
      // difference is expected: the server marks the chosen language with the `selected` attribute, Preact's client
      // render with the `selected` property (the same choice on screen, checked below).
      const parsed = document.createElement('template');
      parsed.innerHTML = painted;
      const chosen = parsed.content.querySelector('option[selected]')!;
      expect(chosen.getAttribute('value')).toBe(lang);
      chosen.removeAttribute('selected');
      expect(root.innerHTML).toBe(parsed.innerHTML);
      expect(root.querySelector('select')!.value).toBe(lang);
      expect(root.querySelectorAll('.actions button')).toHaveLength(3);
    });
});
