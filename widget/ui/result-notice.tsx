import type { ChannelResult, PublicSiteConfig } from '../../protocol';
import { optInsOf } from '../../protocol/channels';
import { fill, type Strings } from '../i18n';
import { texts } from './site-texts';

/**
 * The on-screen result notice of a marketing decision (ICN Act Art. 50(7)): who sends, when, and for each channel
 * what was done. The collector makes the same notice for the site's webhook (notices/result-notice.ts).
 */
export function ResultNotice(p: {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  results: Readonly<Record<string, ChannelResult>>;
  at: string;
}) {
  const t = texts(p.config, p.lang);
  const rows = optInsOf(p.config.channels).filter((o) => o.id in p.results);
  if (!rows.length) return null;
  return (
    <section class="result" aria-labelledby="assent-result">
      <h3 id="assent-result">{p.s.resultTitle}</h3>
      <p class="hint">
        {fill(p.s.resultBy, { sender: t(p.config.controller.name), date: new Date(p.at).toLocaleString(p.lang) })}
      </p>
      <ul>
        {rows.map((o) => (
          <li key={o.id}>
            {t(o.facts.label)}: <strong>{p.s.results[p.results[o.id]!]}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
