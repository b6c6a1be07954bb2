import type { Lang, Strings } from '../i18n';
import { noticeStrings, type NoticeStrings } from '../notice-strings';

/** The stored notice document (server/sites/notice-document.ts), as far as the dashboard lays it out. */
interface Service {
  name: string;
  purpose?: string;
  cookies?: string[];
  retention?: string;
}
export interface NoticeDoc {
  policy?: string;
  noticeDate?: string;
  effectiveDate?: string;
  language?: string;
  controller?: { name?: string; officer?: string };
  notice?: Record<string, unknown> & { extra?: { title: string; body: string }[] };
  categories?: { id: string; required?: boolean; label?: string; description?: string; services?: Service[] }[];
  channels?: { id: string; label?: string; purpose?: string; items?: string; retention?: string; refusal?: string }[];
  consents?: (Record<string, unknown> & { id: string; label?: string; required?: boolean; kind?: string })[];
}

/** The notice's sections in the order the widget's notice viewer shows them. */
export const SECTIONS = ['summary', 'purposes', 'items', 'retention', 'refusal', 'rights', 'cookies'] as const;
const FACTS = ['purpose', 'items', 'retention', 'refusal'] as const;
const CONSENT_FACTS = ['purpose', 'items', 'retention', 'refusal', 'recipient', 'country', 'transfer'] as const;

export function parseNotice(text: string): NoticeDoc | undefined {
  try {
    const doc = JSON.parse(text);
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The notice as the visitor read it: the policy's sections, each cookie category with its services and cookies,
 * each marketing channel with its four facts, each form consent with its facts and legal basis. Headings are the
 * officer's language; the texts are the visitor's (marked with their `lang`).
 */
export function NoticeView({ doc, t: base }: { doc: NoticeDoc; t: Strings }) {
  const t = withNoticeStrings(base);
  const n = doc.notice ?? {};
  return (
    <article class="notice-doc" lang={doc.language}>
      <p class="meta" lang={t.lang}>
        {[
          doc.controller?.name && `${t.controller}: ${doc.controller.name}`,
          doc.controller?.officer && `${t.officer}: ${doc.controller.officer}`,
          `${t.policy} ${doc.policy ?? '—'}`,
          doc.noticeDate && `${t.noticeDate} ${doc.noticeDate}`,
          doc.effectiveDate && `${t.effectiveDate} ${doc.effectiveDate}`,
          doc.language && `${t.language}: ${doc.language}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {SECTIONS.filter((k) => typeof n[k] === 'string').map((k) => (
        <section key={k} data-section={k}>
          <h5 lang={t.lang}>{t[`n_${k}` as const]}</h5>
          <p>{String(n[k])}</p>
        </section>
      ))}
      {(n.extra ?? []).map((x, i) => (
        <section key={`extra-${i}`} data-section={`extra-${i}`}>
          <h5>{x.title}</h5>
          <p>{x.body}</p>
        </section>
      ))}
      {!!doc.categories?.length && (
        <section data-section="categories">
          <h5 lang={t.lang}>{t.nCategories}</h5>
          {doc.categories.map((c) => (
            <div class="category" key={c.id} data-category={c.id}>
              <h6>
                {c.label ?? c.id}{' '}
                <span class="badge" lang={t.lang}>
                  {c.required ? t.required : t.optional}
                </span>
              </h6>
              {c.description && <p>{c.description}</p>}
              {!!c.services?.length && (
                <table class="services">
                  <thead lang={t.lang}>
                    <tr>
                      <th scope="col">{t.service}</th>
                      <th scope="col">{t.f_purpose}</th>
                      <th scope="col">{t.cookieNames}</th>
                      <th scope="col">{t.f_retention}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.services.map((s) => (
                      <tr key={s.name}>
                        <th scope="row">{s.name}</th>
                        <td>{s.purpose}</td>
                        <td>{s.cookies?.length ? <code>{s.cookies.join(', ')}</code> : '—'}</td>
                        <td>{s.retention}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </section>
      )}
      {!!doc.channels?.length && (
        <section data-section="channels">
          <h5 lang={t.lang}>{t.nChannels}</h5>
          {doc.channels.map((ch) => (
            <div class="channel" key={ch.id} data-channel={ch.id}>
              <h6>{ch.label ?? ch.id}</h6>
              <Facts facts={FACTS} of={ch} t={t} />
            </div>
          ))}
        </section>
      )}
      {!!doc.consents?.length && (
        <section data-section="consents">
          <h5 lang={t.lang}>{t.formConsents}</h5>
          {doc.consents.map((c) => (
            <div class="consent" key={c.id} data-consent={c.id}>
              <h6>
                {c.label ?? c.id}{' '}
                <span class="badge" lang={t.lang}>
                  {c.basis ? t.byLaw : c.required ? t.required : t.optional}
                </span>
              </h6>
              <Facts facts={CONSENT_FACTS} of={c} t={t} />
              {c.basis && typeof c.basis === 'object' && (
                <p>
                  <strong lang={t.lang}>{t.f_basis}:</strong> {String((c.basis as { text?: string }).text ?? '')}
                </p>
              )}
            </div>
          ))}
        </section>
      )}
    </article>
  );
}

/** The dashboard's strings with the notice headings of the same language. */
export const withNoticeStrings = (t: Strings): Strings & NoticeStrings => ({ ...t, ...noticeStrings(t.lang as Lang) });

function Facts({
  facts,
  of,
  t,
}: {
  facts: readonly string[];
  of: Record<string, unknown>;
  t: Strings & NoticeStrings;
}) {
  return (
    <dl class="facts">
      {facts
        .filter((f) => typeof of[f] === 'string')
        .map((f) => (
          <div key={f}>
            <dt lang={t.lang}>{t[`f_${f}` as `f_${(typeof CONSENT_FACTS)[number]}`]}</dt>
            <dd>{String(of[f])}</dd>
          </div>
        ))}
    </dl>
  );
}
