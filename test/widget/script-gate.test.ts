// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { toLoaderSite } from '../../protocol';
import { consentMode } from '../../widget/core/consent-mode';
import { createScriptGate } from '../../widget/core/script-gate';
import { demoConfigs } from '../helpers/collector';
import { resetDocument } from './harness';

afterEach(resetDocument);
const tick = () => new Promise((r) => setTimeout(r, 0));

function page() {
  document.body.innerHTML = `
    <script type="text/plain" data-assent="analytics" src="/a1.js"></script>
    <script type="text/plain" data-assent="marketing">window.x = 1</script>
    <script type="text/plain" data-assent="analytics" data-type="module">window.y = 2</script>
    <iframe title="Video" data-assent="marketing" data-assent-src="https://video.example/embed/1"></iframe>`;
}

describe('script gate', () => {
  it('leaves everything inert until a category is allowed', () => {
    page();
    const gate = createScriptGate(document);
    gate.apply(new Set(['necessary']));
    expect(document.querySelectorAll('script[type="text/plain"]')).toHaveLength(3);
    expect(document.querySelector('iframe')!.getAttribute('src')).toBeNull();
    gate.stop();
  });

  it('activates only the allowed category, in document order, with the nonce', () => {
    page();
    const gate = createScriptGate(document, { nonce: 'abc' });
    gate.apply(new Set(['necessary', 'analytics']));
    const ran = [...document.querySelectorAll('script[data-assent-ran]')] as HTMLScriptElement[];
    expect(ran.map((s) => s.getAttribute('src') ?? s.text)).toEqual(['/a1.js', 'window.y = 2']);
    expect(ran[0]!.async).toBe(false);
    expect(ran[1]!.type).toBe('module');
    expect(ran.every((s) => s.nonce === 'abc')).toBe(true);
    expect(document.querySelector('script[data-assent="marketing"]')!.getAttribute('type')).toBe('text/plain');
    gate.stop();
  });

  it('puts a placeholder before a blocked iframe and loads it once allowed', () => {
    page();
    const gate = createScriptGate(document, {
      placeholder: (frame, category) => {
        const b = document.createElement('button');
        b.textContent = `allow ${category} for ${frame.title}`;
        return b;
      },
    });
    gate.apply(new Set());
    const frame = document.querySelector('iframe')!;
    expect(frame.hidden).toBe(true);
    expect(frame.previousElementSibling!.textContent).toBe('allow marketing for Video');
    gate.apply(new Set(['marketing']));
    expect(frame.getAttribute('src')).toBe('https://video.example/embed/1');
    expect(frame.hidden).toBe(false);
    expect(document.querySelector('button')).toBeNull();
    gate.stop();
  });

  it('handles elements a single-page app adds later', async () => {
    const gate = createScriptGate(document);
    gate.apply(new Set(['analytics']));
    const later = document.createElement('div');
    later.innerHTML =
      '<script type="text/plain" data-assent="analytics">window.late = 1</script>' +
      '<script type="text/plain" data-assent="marketing">no</script>';
    document.body.append(later);
    await tick();
    expect(document.querySelectorAll('script[data-assent-ran]')).toHaveLength(1);
    expect(document.querySelectorAll('script[type="text/plain"]')).toHaveLength(1);
    gate.stop();
  });
});

describe('Google Consent Mode v2', () => {
  it('sets denied defaults before tags, then updates from the site mapping', () => {
    const site = toLoaderSite(
      demoConfigs().find((c) => c.id === 'leepeem')!,
      'r',
      Date.UTC(2026, 11, 1),
    );
    const win = window as unknown as Window & { dataLayer?: unknown[] };
    const mode = consentMode(win, site);
    mode.default(new Set(['necessary']));
    mode.update(new Set(['necessary', 'analytics']));
    const calls = win.dataLayer!.map((a) => Array.from(a as ArrayLike<unknown>));
    expect(calls[0]).toEqual([
      'consent',
      'default',
      expect.objectContaining({
        analytics_storage: 'denied',
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        wait_for_update: 500,
      }),
    ]);
    expect(calls[1]).toEqual([
      'consent',
      'update',
      expect.objectContaining({ analytics_storage: 'granted', ad_storage: 'denied' }),
    ]);
  });
});

describe("Microsoft's consent signals, beside Google's", () => {
  it('UET consent mode and Clarity consent v2: denied defaults before any tag, each change after, queued as their snippets queue', () => {
    const site = toLoaderSite(
      demoConfigs().find((c) => c.id === 'leepeem')!,
      'r',
      Date.UTC(2026, 11, 1),
    );
    const win = {} as unknown as Window & { uetq?: unknown[]; clarity?: { q?: ArrayLike<unknown>[] } };
    const mode = consentMode(win as never, site);
    mode.default(new Set(['necessary']));
    mode.update(new Set(['necessary', 'analytics', 'marketing']));
    // UET's queue holds flat pushes: 'consent', 'default' | 'update', { ad_storage }.
    expect(win.uetq).toEqual([
      'consent',
      'default',
      { ad_storage: 'denied' },
      'consent',
      'update',
      { ad_storage: 'granted' },
    ]);
    // Clarity's stub queues `arguments`, which its script replays when it loads.
    expect(win.clarity!.q!.map((a) => Array.from(a))).toEqual([
      ['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }],
      ['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }],
    ]);
  });

  it('calls a Clarity the page loaded already, and keeps a UET queue the page made', () => {
    const site = toLoaderSite(
      demoConfigs().find((c) => c.id === 'liv')!,
      'r',
      Date.UTC(2026, 11, 1),
    );
    const calls: unknown[][] = [];
    const uetq: unknown[] = ['pageLoad'];
    const win = { uetq, clarity: (...a: unknown[]) => void calls.push(a) } as unknown as Window;
    consentMode(win, site).default(new Set(['necessary']));
    expect(uetq).toEqual(['pageLoad', 'consent', 'default', { ad_storage: 'denied' }]);
    expect(calls).toEqual([['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]]);
  });
});
