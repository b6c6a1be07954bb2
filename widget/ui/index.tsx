import { hydrate, render } from 'preact';
import type { PublicSiteConfig } from '../../protocol';
import { placeHost } from '../core/first-paint';
import { matchLanguage } from '../core/language';
import type { OptInsContext, UiContext, UiModule, View } from '../core/types';
import { BUILT_IN, type Strings } from '../i18n';
import { App } from './app';
import { OptIns } from './opt-ins';
import { styledShadow } from './styles';

const loadStrings = (lang: string): Promise<Strings> =>
  BUILT_IN[matchLanguage(lang, Object.keys(BUILT_IN)) ?? 'en']!().then((m) => m.default);

/**
 * Draws the site's opt-ins with their four facts inside the site's own form (`Assent.renderOptIns`), in a shadow
 * root like the banner; what the visitor ticks goes to `onChange`, and `Assent.setChannels()` records it.
 */
export const mountOptIns: UiModule['mountOptIns'] = (ctx: OptInsContext) => {
  const { host, shadow } = styledShadow(ctx.doc, 'assent-opt-ins');
  let value = ctx.value;
  // The site's own content of the element stays until Assent's opt-ins can replace it (a failed load keeps it).
  return Promise.all([ctx.loadConfig() as Promise<PublicSiteConfig>, loadStrings(ctx.language)]).then(([config, s]) => {
    ctx.element.replaceChildren(host);
    const draw = () =>
      render(
        <div class="root opt-ins" lang={ctx.language}>
          <OptIns
            s={s}
            config={config}
            lang={ctx.language}
            value={value}
            only={Object.keys(ctx.value)}
            idPrefix="form"
            onChange={(v) => {
              value = v;
              ctx.onChange(v);
              draw();
            }}
          />
        </div>,
        shadow,
      );
    draw();
  });
};

/**
 * Mounts the UI in an open shadow root on a custom element, so the host page's CSS cannot reach it, styled by a
 * constructable stylesheet (no inline styles, nothing for a strict CSP to block).
 */
export const mountUi: UiModule['mountUi'] = (ctx: UiContext) => {
  // The loader's painted banner is adopted: Preact's first render reuses its nodes (same component, same markup).
  const painted = ctx.prerendered?.host.isConnected ? ctx.prerendered : undefined;
  const { host, shadow } = painted
    ? { host: painted.host, shadow: painted.host.shadowRoot! }
    : styledShadow(ctx.doc, 'assent-consent');
  if (!painted) {
    host.setAttribute('data-layout', ctx.layout);
    placeHost(ctx.doc, host);
  }

  let view: View | 'closed' = ctx.view;
  let lang = ctx.language;
  let config: PublicSiteConfig | undefined;
  let strings: Strings | undefined;
  let opener: Element | null = null;
  // The first draw over the painted banner, if it still shows the banner, hydrates it: the collector rendered the same
  // component, so Preact only attaches its handlers instead of reading and comparing every attribute.
  let adopt = !!painted;

  // After a decision focus goes to the page's own "privacy settings" link if it has one (where the choice can be
  // changed again; the note that it is saved is a live region), else it stays at the top, where the banner was.
  const focusPage = () => (ctx.doc.querySelector('[data-assent-open]') as HTMLElement | null)?.focus();
  const draw = () => {
    const inside = !!shadow.activeElement;
    if (view === 'closed') {
      ctx.close();
      if (inside) focusPage();
      return;
    }
    host.setAttribute('data-assent-view', view);
    if (view === 'saved' && inside) void Promise.resolve().then(focusPage);
    if (config && strings) {
      const paint = adopt && view === 'banner' ? hydrate : render;
      adopt = false;
      paint(
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
    }
  };
  const setView = (v: View | 'closed') => {
    if (v !== 'banner' && v !== 'saved' && v !== view) opener = shadow.activeElement ?? ctx.doc.activeElement;
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
    host.setAttribute('data-assent-ui', '');
    // A click on the painted banner before the UI came: replayed on the adopted node, through Preact's handler.
    const held = painted?.pending as HTMLElement | undefined;
    if (held) {
      painted!.pending = undefined;
      held.click();
    }
  }, ctx.close);

  return {
    update: setView,
    unmount() {
      render(null, shadow);
      host.remove();
    },
  };
};
