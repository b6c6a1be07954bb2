import type { PublicSiteConfig } from '../../protocol';
import { LANGUAGE_NAMES, fill, type Strings } from '../i18n';
import { Guardian, type AgeAnswer } from './guardian';
import { policies, texts } from './site-texts';

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
      <p id="assent-desc">
        {summary.summary}{' '}
        <button type="button" class="link" onClick={p.onNotice}>
          {p.s.notice} — {t(p.config.name)}
        </button>
      </p>
      {coming && (
        <p class="coming">
          {fill(p.s.coming, { notice: coming.noticeDate, date: coming.effectiveDate })}{' '}
          <button type="button" class="link" onClick={p.onNotice}>
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
        <button type="button" class="primary" onClick={p.onAccept}>
          {p.s.acceptAll}
        </button>
        <button type="button" class="primary" onClick={p.onReject}>
          {p.s.rejectAll}
        </button>
        <button type="button" class="primary" onClick={p.onSettings}>
          {p.s.settings}
        </button>
      </div>
    </div>
  );
}
