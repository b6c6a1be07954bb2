import type { LoaderSite, Regime, WidgetManifest } from '../protocol';
import { matchLanguage, pickLanguage } from './core/language';
import type { Paint } from './core/first-paint';
import { markOutbox, outboxMarked } from './core/cookie-jar';
import { startLoader } from './core/loader';
import { reporter } from './core/report';
import { createScriptGate } from './core/script-gate';
import type { Shared } from './core/types';

type Globals = {
  __assentSites?: Record<string, LoaderSite>;
  __assentFiles: Omit<WidgetManifest, 'loader'>;
  __assentBanner?: Paint;
  /** Per site that sets regimes: how this visitor is asked, by where the collector's CDN says they are. */
  __assentRegimes?: Record<string, Regime>;
};

// The only module with side effects: read the tag, wire the parts, start. Any error fails closed: scripts
// marked data-assent stay inert unless the gate has already been told they are allowed.
const report = reporter();
try {
  const tag = document.currentScript as HTMLScriptElement | null;
  const {
    __assentSites: sites = {},
    __assentFiles: files,
    __assentBanner: paint,
    __assentRegimes: regimes = {},
  } = self as unknown as Globals;
  // data-site, or the `?site=` of a per-site loader.
  const id = tag?.dataset.site || (tag && new URL(tag.src).searchParams.get('site')) || '';
  const site = sites[id];
  if (!tag || !site) throw new Error(`this collector has no site "${id}"`);
  const base = new URL('.', tag.src).href;
  const load = (file: string) => import(/* @vite-ignore */ new URL(file, base).href);
  const nonce = tag.nonce || tag.getAttribute('nonce') || undefined;
  let api: ReturnType<typeof startLoader> | undefined;
  const gate = createScriptGate(document, {
    nonce,
    placeholder: (frame, category) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'assent-placeholder';
      button.textContent = `▶ ${frame.title || category}`;
      button.setAttribute('aria-haspopup', 'dialog');
      button.dataset.assentCategory = category;
      // Asks first: the dialog says which category and services the frame needs, and records that consent alone.
      button.onclick = () => api?.ask(category);
      return button;
    },
  });
  api = startLoader({
    doc: document,
    win: window,
    site,
    // The page's language, the visitor's, then the site's fallbacks: built-in strings and the site's texts alike.
    language: pickLanguage(
      [tag.dataset.lang, document.documentElement.lang, ...navigator.languages, ...site.fallbacks],
      site.languages,
      site.defaultLanguage,
    ),
    gpc: (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    regime: regimes[id],
    layout: tag.dataset.layout ?? 'box',
    base,
    now: Date.now,
    gate,
    outboxPending: outboxMarked,
    loadActions: (shared: Shared) =>
      (load(files.stage2) as Promise<{ createActions: typeof import('./core/stage2').createActions }>).then((m) =>
        m.createActions(shared, {
          loadUi: () => load(files.ui),
          loadForms: () => load(files.forms),
          markPending: (p) => markOutbox(document, p),
        }),
      ),
    // Stage two, the UI, the chunk they share and the strings download (and compile) together, without running:
    // modulepreload. They run when the browser is idle or at the first touch, from memory, even offline by then.
    preload: (lang) =>
      [
        files.stage2,
        files.ui,
        ...(files.shared ?? []),
        files.strings[matchLanguage(lang, Object.keys(files.strings)) ?? 'en']!,
      ].forEach((f) =>
        setTimeout(() => {
          const link = document.createElement('link');
          link.rel = 'modulepreload';
          link.href = new URL(f, base).href;
          if (nonce) link.nonce = nonce;
          document.head.append(link);
        }),
      ),
    report,
    paint,
  });
  document.addEventListener('click', (e) => {
    if ((e.target as Element | null)?.closest?.('[data-assent-open]')) {
      e.preventDefault();
      api?.showSettings();
    }
  });
} catch (error) {
  report(error);
}
