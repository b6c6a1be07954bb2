import type { StaffNotice, StaffReconfirmations } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { choiceLabel, label, time } from '../format';
import { useLoad } from '../use-load';

type Due = StaffReconfirmations['due'][number];
type Notice = StaffNotice;

/** What the privacy officer must act on: re-confirmations coming due, notices not delivered, purges done. */
export function Duties({ api, t, lang, site, openSubject }: Ctx) {
  const { data, error } = useLoad(
    () =>
      Promise.all([
        api.get<{ due: Due[] }>('/reconfirmations', { site: site.id, days: 30 }),
        api.get<{ notices: Notice[] }>('/notices', { site: site.id, status: 'pending' }),
        api.get<{ purges: { at: string; reason: string; count: number }[]; retentionDays: number }>('/purges', {
          site: site.id,
        }),
      ]),
    [site.id],
  );
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!data) return <p aria-busy="true">{t.loading}</p>;
  const [reconfirm, notices, purges] = data;
  return (
    <section aria-labelledby="duties-h">
      <h2 id="duties-h">{t.duties}</h2>
      <h3>{t.reconfirmations}</h3>
      <Table
        empty={t.none}
        head={[t.subjectId, t.member, t.dueAt, t.channels]}
        rows={reconfirm.due.map((d) => [
          <button type="button" class="link" onClick={() => openSubject(d.subject)}>
            {d.subject}
          </button>,
          d.member ?? '',
          time(d.dueAt, lang),
          d.channels.map((k) => choiceLabel(site, lang, k)).join(', '),
        ])}
      />
      <h3>{t.notices}</h3>
      <Table
        empty={t.none}
        head={[t.subjectId, t.channels, t.createdAt, t.attempts, t.lastError]}
        rows={notices.notices.map((n) => [
          n.notice.subject,
          Object.entries(n.notice.changes)
            .map(([k, on]) => `${choiceLabel(site, lang, k)} ${on ? t.yes : t.no}`)
            .join(', '),
          time(n.createdAt, lang),
          String(n.attempts),
          n.lastError ?? '',
        ])}
      />
      <h3>{t.purges}</h3>
      <Table
        empty={t.none}
        head={[t.at, t.reason, t.count]}
        rows={purges.purges.map((p) => [time(p.at, lang), label(t, p.reason), String(p.count)])}
      />
    </section>
  );
}

export function Table({
  head,
  rows,
  empty,
}: {
  head: string[];
  rows: (string | preact.JSX.Element)[][];
  empty: string;
}) {
  if (!rows.length) return <p>{empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((cell, j) => (
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
