import type { PublicSiteConfig } from '../../protocol';
import { fill, type Strings } from '../i18n';
import { localDay, policies, texts } from './site-texts';

const SECTIONS = ['items', 'purposes', 'retention', 'rights', 'cookies', 'refusal'] as const;

function Sections(p: { s: Strings; notice: PublicSiteConfig['policies'][number]['notice'][string] }) {
  return (
    <>
      <p>{p.notice.summary}</p>
      {SECTIONS.map((k) => (
        <section key={k}>
          <h3>{p.s.sections[k]}</h3>
          <p>{p.notice[k]}</p>
        </section>
      ))}
      {p.notice.extra.map((x) => (
        <section key={x.title}>
          <h3>{x.title}</h3>
          <p>{x.body}</p>
        </section>
      ))}
    </>
  );
}

/** The full notice in force, its version and date, the controller's privacy officer, and any announced change. */
export function Notice(p: { s: Strings; config: PublicSiteConfig; lang: string; today: string }) {
  const t = texts(p.config, p.lang);
  const { current, coming } = policies(p.config, p.today);
  const officer = p.config.controller.officer;
  return (
    <div class="notice">
      <p class="meta">
        {p.s.version} {current.id} · {p.s.announced} {localDay(current.noticeDate, p.lang)} · {p.s.effective}{' '}
        {localDay(current.effectiveDate, p.lang)}
      </p>
      {coming && (
        <p class="coming">
          {fill(p.s.coming, {
            notice: localDay(coming.noticeDate, p.lang),
            date: localDay(coming.effectiveDate, p.lang),
          })}
        </p>
      )}
      <Sections s={p.s} notice={t(current.notice)} />
      {coming && (
        <details class="coming-version" open>
          <summary>{fill(p.s.comingTitle, { id: coming.id, date: coming.effectiveDate })}</summary>
          {coming.changes && (
            <section>
              <h3>{p.s.changes}</h3>
              <p>{t(coming.changes)}</p>
            </section>
          )}
          <Sections s={p.s} notice={t(coming.notice)} />
        </details>
      )}
      <section>
        <h3>{p.s.officer}</h3>
        <p>
          {t(officer.name)}
          {officer.title && `, ${t(officer.title)}`}
          {officer.phone && ` · ${officer.phone}`}
          {officer.email && ` · ${officer.email}`}
        </p>
      </section>
    </div>
  );
}
