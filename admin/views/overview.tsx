import type { Ctx } from '../app';
import { BarChart, ShareBar } from '../chart';
import { pick } from '../i18n';
import { useLoad } from '../use-load';

interface Stats {
  shown: number;
  decisions: number;
  actions: Record<string, number>;
  categories: { id: string; allowed: number }[];
  channels: { id: string; optedIn: number }[];
  days: ({ day: string; shown: number; decisions: number } & Record<string, number>)[];
  policies: ({ policy: string; shown: number; decisions: number } & Record<string, number>)[];
}

const KINDS = ['accept_all', 'reject_all', 'custom', 'withdraw', 'reconfirm'] as const;

export function Overview({ api, t, lang, site, range }: Ctx) {
  const { data, error, loading } = useLoad(() => api.get<Stats>('/stats', { site: site.id, from: range.from, to: range.to, tz: range.timeZone }), [site.id, range.from, range.to]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!data) return <p aria-busy="true">{t.loading}</p>;
  const label = (id: string, list: { id: string; label: Record<string, string> }[]) => pick(list.find((c) => c.id === id)?.label, lang) || id;
  return (
    <section aria-labelledby="overview-h" aria-busy={loading}>
      <h2 id="overview-h">{t.overview}</h2>
      <dl class="figures">
        <div>
          <dt>{t.shown}</dt>
          <dd data-figure="shown">{data.shown}</dd>
        </div>
        <div>
          <dt>{t.decisions}</dt>
          <dd data-figure="decisions">{data.decisions}</dd>
        </div>
        <div>
          <dt>{t.decisionRate}</dt>
          <dd>{data.shown ? `${Math.round((data.decisions / data.shown) * 100)} %` : '–'}</dd>
        </div>
        {(['accept_all', 'reject_all', 'custom'] as const).map((k) => (
          <div key={k}>
            <dt>{t[k]}</dt>
            <dd data-figure={k}>
              {data.decisions ? Math.round((data.actions[k]! / data.decisions) * 100) : 0} % <small>({data.actions[k]})</small>
            </dd>
          </div>
        ))}
      </dl>

      <h3>
        {t.byDay} <small class="muted">({range.timeZone})</small>
      </h3>
      <BarChart title={t.byDay} rows={data.days} x="day" series={KINDS.map((k) => ({ key: k, label: t[k], tone: `tone-${k}` }))} line={{ key: 'shown', label: t.shown, tone: 'tone-shown' }} />

      <div class="columns">
        <section>
          <h3>{t.categories}</h3>
          {data.categories.map((c) => (
            <ShareBar key={c.id} label={label(c.id, site.categories)} part={c.allowed} whole={data.decisions} />
          ))}
        </section>
        <section>
          <h3>{t.channels}</h3>
          {data.channels.length ? data.channels.map((c) => <ShareBar key={c.id} label={label(c.id, site.channels)} part={c.optedIn} whole={data.decisions} />) : <p>{t.none}</p>}
        </section>
      </div>

      <h3>{t.byPolicy}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.policy}</th>
            <th scope="col">{t.shown}</th>
            <th scope="col">{t.decisions}</th>
            {KINDS.map((k) => (
              <th scope="col" key={k}>
                {t[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.policies.map((p) => (
            <tr key={p.policy}>
              <th scope="row">{p.policy}</th>
              <td>{p.shown}</td>
              <td>{p.decisions}</td>
              {KINDS.map((k) => (
                <td key={k}>{p[k]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <details>
        <summary>{t.byDay} — {t.count}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.day}</th>
              <th scope="col">{t.shown}</th>
              <th scope="col">{t.decisions}</th>
              {KINDS.map((k) => (
                <th scope="col" key={k}>
                  {t[k]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.shown}</td>
                <td>{d.decisions}</td>
                {KINDS.map((k) => (
                  <td key={k}>{d[k]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
