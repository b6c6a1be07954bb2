import type { PublicSiteConfig } from '../../protocol';
import type { Strings } from '../i18n';
import { policies, texts } from './site-texts';

const SECTIONS = ['items', 'purposes', 'retention', 'rights', 'cookies', 'refusal'] as const;

/** The full notice in force, its version and date, the controller's privacy officer, and any announced change. */
export function Notice(p: { s: Strings; config: PublicSiteConfig; lang: string; today: string }) {
  const t = texts(p.config, p.lang);
  const { current, coming } = policies(p.config, p.today);
  const notice = t(current.notice);
  const officer = p.config.controller.officer;
  return (
    <div class="notice">
      <p class="meta">
        {p.s.version} {current.id} · {p.s.effective} {current.effectiveDate}
      </p>
      {coming && <p class="coming">{p.s.coming.replace('{date}', coming.effectiveDate)}</p>}
      <p>{notice.summary}</p>
      {SECTIONS.map((k) => (
        <section key={k}>
          <h3>{p.s.sections[k]}</h3>
          <p>{notice[k]}</p>
        </section>
      ))}
      {notice.extra.map((x) => (
        <section key={x.title}>
          <h3>{x.title}</h3>
          <p>{x.body}</p>
        </section>
      ))}
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
