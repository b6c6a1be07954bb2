/**
 * The banner's first paint, rendered ahead of time by the collector (it knows the site's texts): the same
 * `Banner` component and stylesheet as the UI, to HTML with preact-render-to-string. The loader paints it in one
 * request; the Preact UI loads when the browser is idle, or at the first touch, and adopts the very same nodes.
 * Built by widget/build.ts into dist/widget/prerender.js, a Node module the collector loads.
 */
import { renderToString } from 'preact-render-to-string';
import type { PublicSiteConfig } from '../protocol';
import type { Strings } from './i18n';
import { matchLanguage } from './core/language';
import en from './i18n/en';
import ja from './i18n/ja';
import ko from './i18n/ko';
import zhCN from './i18n/zh-CN';
import zhTW from './i18n/zh-TW';
import { Banner } from './ui/banner';
import { STYLES } from './ui/styles';

const STRINGS: Record<string, Strings> = { en, ko, ja, 'zh-CN': zhCN, 'zh-TW': zhTW };

export interface PrerenderInput {
  config: PublicSiteConfig;
  lang: string;
  /** The site's calendar day (YYYY-MM-DD): the notice in force and any coming one depend on it. */
  today: string;
  /** Why the visitor is asked (not for a first visit). */
  reason?: string;
  gpc: boolean;
}

export const css = STYLES;

/** The banner's HTML, as the UI's first render draws it for a visitor who has not answered anything yet. */
export function renderBanner({ config, lang, today, reason, gpc }: PrerenderInput): string {
  const s = STRINGS[matchLanguage(lang, Object.keys(STRINGS)) ?? 'en']!;
  const nothing = () => {};
  return renderToString(
    <div class="root" lang={lang}>
      <Banner
        inert={false}
        s={s}
        config={config}
        lang={lang}
        today={today}
        reason={reason}
        gpc={gpc}
        age={{ name: '', contact: '' }}
        onAge={nothing}
        ageErrors={false}
        onAccept={nothing}
        onReject={nothing}
        onSettings={nothing}
        onNotice={nothing}
        onLanguage={nothing}
        expanded={false}
        onMore={nothing}
      />
    </div>,
  );
}
