import type { LoaderSite } from '../protocol';
import { createManager } from './core/consent-manager';
import { pickLanguage } from './core/language';
import { createOutbox } from './core/outbox';
import { reporter } from './core/report';
import { createScriptGate } from './core/script-gate';
import type { UiModule } from './core/types';

declare const __ASSENT_UI_FILE__: string;

// The only module with side effects: read the tag, wire the parts, start. Any error fails closed.
const report = reporter();
try {
  const tag = document.currentScript as HTMLScriptElement | null;
  const sites = (self as unknown as { __assentSites?: Record<string, LoaderSite> }).__assentSites ?? {};
  const site = sites[tag?.dataset.site ?? ''];
  if (!tag || !site) throw new Error(`unknown site "${tag?.dataset.site ?? ''}" (data-site on the script tag)`);
  const base = new URL('.', tag.src);
  const nonce = tag.nonce || tag.getAttribute('nonce') || undefined;
  const language = pickLanguage([tag.dataset.lang, document.documentElement.lang, ...navigator.languages], site.languages, site.defaultLanguage);
  let manager: ReturnType<typeof createManager> | undefined;
  const outbox = createOutbox({
    endpoint: new URL('v1/receipts', base).href,
    fetch: (...a) => fetch(...a),
    now: Date.now,
    onStored: (s) => manager?.onStored(s),
    onRejected: (_r, status) => report(new Error(`the collector refused a receipt (${status})`)),
  });
  const gate = createScriptGate(document, {
    nonce,
    placeholder: (frame, category) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'assent-placeholder';
      button.textContent = frame.title ? `▶ ${frame.title}` : '▶';
      button.setAttribute('data-assent-allow', category);
      button.onclick = () => void manager?.api.accept([...(manager.api.get() ? Object.keys(manager.api.get()!.categories).filter((c) => manager!.api.get()!.categories[c]) : []), category]);
      return button;
    },
  });
  manager = createManager({
    doc: document,
    win: window,
    site,
    language,
    gate,
    outbox,
    now: Date.now,
    gpc: (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true,
    configUrl: new URL(`v1/sites/${site.id}/config`, base).href,
    loadUi: () => import(/* @vite-ignore */ new URL(__ASSENT_UI_FILE__, base).href) as Promise<UiModule>,
    report,
  });
  (window as unknown as { Assent: unknown }).Assent = manager.api;
  document.addEventListener('click', (e) => {
    if ((e.target as Element | null)?.closest?.('[data-assent-open]')) {
      e.preventDefault();
      manager?.api.showSettings();
    }
  });
  addEventListener('pagehide', () => void outbox.flush({ keepalive: true }).catch(report));
  addEventListener('online', () => void outbox.flush().catch(report));
  manager.start();
  void outbox.flush().catch(report);
} catch (error) {
  report(error);
}
