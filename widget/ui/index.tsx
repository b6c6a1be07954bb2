import { render } from 'preact';
import type { PublicSiteConfig } from '../../protocol';
import { matchLanguage } from '../core/language';
import type { UiContext, UiModule, View } from '../core/types';
import { BUILT_IN, type Strings } from '../i18n';
import { App } from './app';
import { STYLES } from './styles';

const loadStrings = (lang: string): Promise<Strings> =>
  BUILT_IN[matchLanguage(lang, Object.keys(BUILT_IN)) ?? 'en']!().then((m) => m.default);

/**
 * Mounts the UI in an open shadow root on a custom element, so the host page's CSS cannot reach it, styled by a
 * constructable stylesheet (no inline styles, nothing for a strict CSP to block).
 */
export const mountUi: UiModule['mountUi'] = (ctx: UiContext) => {
  const host = ctx.doc.createElement('assent-consent');
  host.setAttribute('data-layout', ctx.layout);
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new (ctx.doc.defaultView as typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(STYLES);
  shadow.adoptedStyleSheets = [sheet];
  // The tag may run in <head> before <body> exists; the parser adds <body> after our element.
  (ctx.doc.body ?? ctx.doc.documentElement).append(host);

  let view: View | 'closed' = ctx.view;
  let lang = ctx.language;
  let config: PublicSiteConfig | undefined;
  let strings: Strings | undefined;
  let opener: Element | null = null;

  const draw = () => {
    if (view === 'closed') return ctx.close();
    if (config && strings)
      render(
        <App
          ctx={ctx}
          config={config}
          strings={strings}
          lang={lang}
          view={view}
          setView={setView}
          onLanguage={setLanguage}
          opener={opener}
        />,
        shadow,
      );
  };
  const setView = (v: View | 'closed') => {
    if (v !== 'banner' && v !== view) opener = shadow.activeElement ?? ctx.doc.activeElement;
    view = v;
    draw();
  };
  const setLanguage = (l: string) => {
    lang = l;
    ctx.setLanguage(l);
    void loadStrings(l).then((s) => ((strings = s), draw()));
  };
  void Promise.all([ctx.loadConfig() as Promise<PublicSiteConfig>, loadStrings(lang)]).then(([c, s]) => {
    config = c;
    strings = s;
    draw();
  }, ctx.close);

  return {
    update: setView,
    unmount() {
      render(null, shadow);
      host.remove();
    },
  };
};
