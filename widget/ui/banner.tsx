import type { PublicSiteConfig } from '../../protocol';
import { LANGUAGE_NAMES, fill, type Strings } from '../i18n';
import { Guardian, type AgeAnswer } from './guardian';
import { localDay, policies, texts } from './site-texts';

export interface BannerProps {
  inert: boolean;
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  today: string;
  reason?: string;
  gpc: boolean;
  age: AgeAnswer;
  onAge: (a: AgeAnswer) => void;
  ageErrors: boolean;
  onAccept: () => void;
  onReject: () => void;
  onSettings: () => void;
  onNotice: () => void;
  onLanguage: (lang: string) => void;
  /** The summary in full (on a phone it is cut to three lines until "more"). */
  expanded: boolean;
  onMore: () => void;
}

/** The first layer: a short notice and three buttons of equal weight. Non-modal: the page stays usable. */
export function Banner(p: BannerProps) {
  const t = texts(p.config, p.lang);
  const { current, coming } = policies(p.config, p.today);
  const summary = t(current.notice);
  return (
    <div
      class="banner"
      role="dialog"
      aria-modal="false"
      aria-labelledby="assent-title"
      aria-describedby="assent-desc"
      lang={p.lang}
      inert={p.inert}
      aria-hidden={p.inert || undefined}
    >
      <div class="banner-head">
        <h2 id="assent-title">{p.s.title}</h2>
        {p.config.languages.length > 1 && (
          <label class="lang">
            <span class="sr">{p.s.language}</span>
            <select
              value={p.lang}
              onChange={(e) => p.onLanguage((e.target as HTMLSelectElement).value)}
              aria-label={p.s.language}
            >
              {p.config.languages.map((l) => (
                <option value={l} key={l}>
                  {LANGUAGE_NAMES[l] ?? l}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {p.reason && p.s.reasons[p.reason] && <p class="reason">{p.s.reasons[p.reason]}</p>}
      <p id="assent-desc" class={p.expanded ? 'summary open' : 'summary'}>
        {summary.summary}
      </p>
      <p class="links">
        <button type="button" class="link more" aria-expanded={p.expanded} onClick={p.onMore}>
          {p.expanded ? p.s.less : p.s.more}
        </button>
        <button type="button" class="link" onClick={p.onNotice}>
          {p.s.notice}
          <span class="wide"> — {t(p.config.name)}</span>
        </button>
      </p>
      {coming && (
        <p class="coming">
          <span class="wide">
            {fill(p.s.coming, {
              notice: localDay(coming.noticeDate, p.lang),
              date: localDay(coming.effectiveDate, p.lang),
            })}
          </span>
          <span class="narrow">{fill(p.s.comingShort, { date: localDay(coming.effectiveDate, p.lang) })}</span>{' '}
          {/* On a phone the notice link above opens the new version too. */}
          <button type="button" class="link wide" onClick={p.onNotice}>
            {p.s.readComing}
          </button>
        </p>
      )}
      {p.gpc && <p class="gpc">{p.s.gpc}</p>}
      {p.config.children.enabled && (
        <Guardian
          s={p.s}
          age={p.config.children.minimumAge}
          value={p.age}
          onChange={p.onAge}
          showErrors={p.ageErrors}
          idPrefix="b"
        />
      )}
      <div class="actions">
        <button type="button" class="primary" data-assent-action="accept" onClick={p.onAccept}>
          {p.s.acceptAll}
        </button>
        <button type="button" class="primary" data-assent-action="reject" onClick={p.onReject}>
          {p.s.rejectAll}
        </button>
        <button type="button" class="primary" data-assent-action="settings" onClick={p.onSettings}>
          {p.s.settings}
        </button>
      </div>
    </div>
  );
}
