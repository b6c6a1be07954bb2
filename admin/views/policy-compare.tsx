import { useState } from 'preact/hooks';
import type { StaffPolicyNotice } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import type { Strings } from '../i18n';
import type { NoticeStrings } from '../notice-strings';
import { SECTIONS, parseNotice, withNoticeStrings, type NoticeDoc } from './notice-view';
import { ScrollRegion } from './scroll-region';

type Row = { key: string; label: string; text: string };

/** A notice flattened to comparable rows: each section, each category (with its services), each channel, each consent. */
export function noticeRows(doc: NoticeDoc, t: Strings & NoticeStrings): Row[] {
  const n = doc.notice ?? {};
  const rows: Row[] = SECTIONS.filter((k) => typeof n[k] === 'string').map((k) => ({
    key: k,
    label: t[`n_${k}` as const],
    text: String(n[k]),
  }));
  for (const [i, x] of (n.extra ?? []).entries()) rows.push({ key: `extra-${i}`, label: x.title, text: x.body });
  for (const c of doc.categories ?? [])
    rows.push({
      key: `category-${c.id}`,
      label: `${t.nCategories}: ${c.label ?? c.id}`,
      text: [
        c.description,
        ...(c.services ?? []).map((s) => {
          const facts = [(s.cookies ?? []).join(', '), s.retention].filter(Boolean).join('; ');
          return `${s.name} — ${s.purpose ?? ''}${facts ? ` (${facts})` : ''}`;
        }),
      ]
        .filter(Boolean)
        .join('\n'),
    });
  for (const ch of doc.channels ?? [])
    rows.push({
      key: `channel-${ch.id}`,
      label: `${t.nChannels}: ${ch.label ?? ch.id}`,
      text: [ch.purpose, ch.items, ch.retention, ch.refusal].filter(Boolean).join('\n'),
    });
  for (const c of doc.consents ?? [])
    rows.push({
      key: `consent-${c.id}`,
      label: `${t.formConsents}: ${c.label ?? c.id}`,
      text: ['purpose', 'items', 'retention', 'refusal', 'recipient', 'country', 'transfer']
        .map((f) => c[f])
        .filter((v) => typeof v === 'string')
        .join('\n'),
    });
  return rows;
}

/**
 * The receipt's notice beside another policy version's, in the same language, row by row; rows that differ are
 * marked (and said so for screen readers). The other version is the site's text as served now.
 */
export function PolicyCompare({ api, t: base, site, doc }: Ctx & { doc: NoticeDoc }) {
  const t = withNoticeStrings(base);
  const others = site.policies.filter((p) => p.id !== doc.policy);
  const [other, setOther] = useState<{ policy: string; doc: NoticeDoc }>();
  const [error, setError] = useState<string>();
  if (!others.length) return null;
  async function choose(policy: string) {
    setError(undefined);
    if (!policy) return setOther(undefined);
    try {
      const got = await api.get<StaffPolicyNotice>(`/policies/${encodeURIComponent(policy)}/notice`, {
        site: site.id,
        language: doc.language ?? site.defaultLanguage,
      });
      setOther({ policy, doc: parseNotice(got.text) ?? {} });
    } catch (e) {
      setError((e as Error).message);
    }
  }
  const mine = noticeRows(doc, t);
  const theirs = other ? noticeRows(other.doc, t) : [];
  const keys = [...new Set([...mine, ...theirs].map((r) => r.key))];
  const text = (rows: Row[], key: string) => rows.find((r) => r.key === key)?.text;
  return (
    <div class="compare">
      <label>
        {t.compareWith}{' '}
        <select name="compare" onChange={(e) => void choose((e.target as HTMLSelectElement).value)}>
          <option value="">—</option>
          {others.map((p) => (
            <option value={p.id} key={p.id}>
              {t.policy} {p.id} ({p.effective})
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {other && (
        <ScrollRegion label={`${t.policy} ${doc.policy} ↔ ${other.policy}`}>
          <table class="compare">
            <caption>
              {t.policy} {doc.policy} ↔ {other.policy}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t.section}</th>
                <th scope="col">{doc.policy}</th>
                <th scope="col">{other.policy}</th>
              </tr>
            </thead>
            <tbody lang={doc.language}>
              {keys.map((key) => {
                const [a, b] = [text(mine, key), text(theirs, key)];
                const changed = a !== b;
                return (
                  <tr key={key} data-row={key} data-changed={changed ? 'yes' : 'no'}>
                    <th scope="row" lang={t.lang}>
                      {(mine.find((r) => r.key === key) ?? theirs.find((r) => r.key === key))!.label}
                      {changed && <span class="badge changed">{t.changed}</span>}
                    </th>
                    <td>{a ?? '—'}</td>
                    <td>{b ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
