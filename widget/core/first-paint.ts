import type { Prerendered, Shared } from './types';

/** First in <body>, so the first Tab of a page with an open banner lands in it (before <body> exists: at the end). */
export const placeHost = (doc: Document, host: Element) =>
  doc.body ? doc.body.prepend(host) : doc.documentElement.append(host);

/** The banner's HTML and CSS as the collector rendered them (inside `/assent.js?site=…`, or fetched). */
export interface Paint {
  site?: string;
  lang: string;
  html: string;
  css: string;
}

/** Fetches the collector's rendering of the banner (when the loader did not bring it). */
export const fetchPaint = (sh: Shared, query: string): Promise<Paint> =>
  fetch(new URL(`v1/sites/${encodeURIComponent(sh.site.id)}/banner?${query}`, sh.base).href, {
    credentials: 'omit',
  }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`banner ${r.status}`))));

/**
 * Paints the banner the collector rendered for this site and language: no Preact, no strings to download first.
 * The UI (and stage two) load when the browser is idle or at the first touch (`wake`), and adopt these very
 * nodes; a click made before that is held and replayed on the adopted button.
 */
export function paintBanner(sh: Shared, paint: Promise<Paint>, wake: () => void): Promise<Prerendered> {
  return paint.then(({ html, css }) => {
    const { doc } = sh;
    // Opened by the page meanwhile (Assent.showSettings()): the UI is drawing it already.
    if (doc.querySelector('assent-consent')) throw new Error('already open');
    const host = doc.createElement('assent-consent');
    host.setAttribute('data-layout', sh.layout);
    host.setAttribute('data-assent-view', 'banner');
    const shadow = host.attachShadow({ mode: 'open' });
    const sheet = new (sh.win as unknown as typeof globalThis).CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
    shadow.innerHTML = html;
    const painted: Prerendered = (sh.prerendered = { host, shownAt: sh.now() });
    shadow.addEventListener('focusin', wake);
    shadow.addEventListener('pointerdown', wake);
    shadow.addEventListener(
      'click',
      (e) => {
        if (host.hasAttribute('data-assent-ui')) return;
        const target = (e.target as Element).closest('button,input,label');
        if (!target) return;
        e.preventDefault();
        painted.pending = target;
        wake();
      },
      true,
    );
    placeHost(doc, host);
    const idle = (sh.win as { requestIdleCallback?: (f: () => void, o: object) => void }).requestIdleCallback;
    if (idle) idle(wake, { timeout: 1500 });
    else sh.win.setTimeout(wake, 200);
    return painted;
  });
}
