import type { StaffReceiptDetail } from '../../protocol/staff-api';
import { useEffect, useRef } from 'preact/hooks';
import type { Ctx } from '../app';
import { choices, label, time } from '../format';
import { fill, pick, type Strings } from '../i18n';
import type { Receipt } from '../types';
import { useLoad } from '../use-load';
import { NoticeView, parseNotice, withNoticeStrings } from './notice-view';
import { PolicyCompare } from './policy-compare';

type Detail = StaffReceiptDetail & { receipt: Receipt };

/** One receipt: its fields, whether its signature holds, and the exact notice text the visitor saw. */
export function ReceiptDetail(props: Ctx & { id: string; onClose: () => void }) {
  const { api, t, lang, site, id, onClose } = props;
  const { data, error } = useLoad(
    () => api.get<Detail>(`/receipts/${encodeURIComponent(id)}`, { site: site.id }),
    [id],
  );
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [data]);
  return (
    <section class="card detail" aria-labelledby="detail-h">
      <h3 id="detail-h" tabIndex={-1} ref={heading}>
        {t.detail} <code>{id}</code>
      </h3>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {data && (
        <>
          <dl class="fields">
            <dt>{t.signature}</dt>
            <dd data-signature={data.signature.ok ? 'valid' : 'invalid'} class={data.signature.ok ? 'ok' : 'bad'}>
              {data.signature.ok
                ? fill(t.sigOk, { kid: data.signature.kid })
                : fill(t.sigBad, { reason: data.signature.reason })}
            </dd>
            <dt>{t.receivedAt}</dt>
            <dd>{time(data.receipt.receivedAt, lang)}</dd>
            <dt>{t.subjectId}</dt>
            <dd>{data.receipt.subject ?? t.erased}</dd>
            <dt>{t.action}</dt>
            <dd>{label(t, data.receipt.action)}</dd>
            <dt>{t.method}</dt>
            <dd>{label(t, data.receipt.method)}</dd>
            <dt>{t.policy}</dt>
            <dd>{data.receipt.policy}</dd>
            <dt>{t.choices}</dt>
            <dd>{choices(data.receipt, t, site, lang)}</dd>
            {data.receipt.form && (
              <>
                <dt>{t.form}</dt>
                <dd>
                  {pick(site.forms.find((f) => f.id === data.receipt.form)?.title, lang, site) || data.receipt.form}
                </dd>
              </>
            )}
            {data.receipt.age && (
              <>
                <dt>{t.age}</dt>
                <dd>{label(t, `age_${data.receipt.age}`)}</dd>
              </>
            )}
            {data.receipt.guardianCheck && (
              <>
                <dt>{t.guardian}</dt>
                <dd>
                  {[
                    'guardian' in data.receipt ? data.receipt.guardian?.name : undefined,
                    label(t, `guardian_${data.receipt.guardianCheck.status}`),
                    data.receipt.guardianCheck.method && label(t, `gmethod_${data.receipt.guardianCheck.method}`),
                    data.receipt.guardianCheck.verifies,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </dd>
              </>
            )}
          </dl>
          <h4>{t.noticeSeen}</h4>
          {data.notice ? (
            <div class="notice" lang={data.notice.language}>
              <Readable text={data.notice.text} t={t} />
              <details>
                <summary lang={t.lang}>{t.rawNotice}</summary>
                <p lang={t.lang}>
                  {withNoticeStrings(t).noticeHash}: <code>{data.receipt.notice.hash}</code>
                </p>
                <pre class="raw" tabIndex={0} aria-label={t.rawNotice}>
                  {data.notice.text}
                </pre>
              </details>
            </div>
          ) : (
            <p>{t.none}</p>
          )}
          {data.notice && parseNotice(data.notice.text)?.notice && (
            <PolicyCompare {...props} doc={parseNotice(data.notice.text)!} />
          )}
        </>
      )}
      <button type="button" onClick={onClose}>
        {t.close}
      </button>
    </section>
  );
}

/**
 * The stored notice (canonical JSON, which is what its hash covers) laid out as the visitor read it; a text in a
 * shape this dashboard does not know is shown as its key tree, so nothing stored is ever hidden.
 */
function Readable({ text, t }: { text: string; t: Strings }) {
  const doc = parseNotice(text);
  if (doc?.notice && typeof doc.notice === 'object') return <NoticeView doc={doc} t={t} />;
  if (!doc) return <p class="prose">{text}</p>;
  return <Value value={doc} />;
}
function Value({ value }: { value: unknown }): preact.JSX.Element {
  if (Array.isArray(value))
    return (
      <ul>
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} />
          </li>
        ))}
      </ul>
    );
  if (value && typeof value === 'object')
    return (
      <dl class="tree">
        {Object.entries(value).map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>
              <Value value={v} />
            </dd>
          </>
        ))}
      </dl>
    );
  return <span class="prose">{String(value)}</span>;
}
