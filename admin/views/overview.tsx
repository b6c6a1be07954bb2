import type { ConsentStats } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { BarChart, RateChart, ShareBar } from '../chart';
import { label as labelOf } from '../format';
import { ACTIONS } from '../../protocol/constants';
import { fill, pick, type Strings } from '../i18n';
import { overviewStrings, type OverviewStrings } from '../overview-strings';
import { useLoad } from '../use-load';
import { ScrollRegion } from './scroll-region';

type Stats = ConsentStats;

const KINDS = ACTIONS;

export function Overview({ api, t: shared, lang, site, range }: Ctx) {
  const t = { ...shared, ...overviewStrings(lang) };
  const { data, error, loading } = useLoad(
    () => api.get<Stats>('/stats', { site: site.id, from: range.from, to: range.to, tz: range.timeZone }),
    [site.id, range.from, range.to],
  );
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!data) return <p aria-busy="true">{t.loading}</p>;
  const label = (id: string, list: { id: string; label: Record<string, string> }[]) =>
    pick(list.find((c) => c.id === id)?.label, lang, site) || id;
  return (
    <section aria-labelledby="overview-h" aria-busy={loading}>
      <h2 id="overview-h">{t.overview}</h2>
      <dl class="figures">
        <div>
          <dt>{t.visitors}</dt>
          <dd data-figure="visitors">
            {data.visitors} <small>{fill(t.newVisitors, { n: data.newVisitors })}</small>
          </dd>
        </div>
        <div>
          <dt>{t.decisions}</dt>
          <dd data-figure="decisions">{data.decisions}</dd>
        </div>
        <div>
          <dt>{t.shown}</dt>
          <dd data-figure="shown">{data.shown}</dd>
        </div>
        <div>
          <dt title={t.answeredHelp}>{t.decisionRate}</dt>
          <dd data-figure="answered">
            {data.shown ? `${Math.round((data.answered / data.shown) * 100)} %` : '–'}{' '}
            <small>
              ({data.answered}/{data.shown})
            </small>
          </dd>
        </div>
        {(['accept_all', 'reject_all', 'custom'] as const).map((k) => (
          <div key={k}>
            <dt>{t[k]}</dt>
            <dd data-figure={k}>
              {data.decisions ? Math.round((data.actions[k]! / data.decisions) * 100) : 0} %{' '}
              <small>({data.actions[k]})</small>
            </dd>
          </div>
        ))}
        <div>
          <dt>{t.withdrawals}</dt>
          <dd data-figure="withdraw">{data.actions.withdraw}</dd>
        </div>
        <div>
          <dt>{t.reconfirmCard}</dt>
          <dd data-figure="reconfirm">{data.actions.reconfirm}</dd>
        </div>
      </dl>
      <p class="muted small">{t.answeredHelp}</p>

      <h3>
        {t.byDay} <small class="muted">({range.timeZone})</small>
      </h3>
      <BarChart
        title={t.byDay}
        rows={data.days as unknown as Record<string, number | string>[]}
        x="day"
        series={KINDS.map((k) => ({ key: k, label: t[k], tone: `tone-${k}` }))}
        line={{ key: 'shown', label: t.shown, tone: 'tone-shown' }}
      />

      <div class="columns">
        <section>
          <h3>{t.categories}</h3>
          {data.categories.map((c) => (
            <ShareBar key={c.id} label={label(c.id, site.categories)} part={c.allowed} whole={c.decided} />
          ))}
        </section>
        <section>
          <h3>{t.channels}</h3>
          {data.channels.length ? (
            data.channels.map((c) => (
              <ShareBar key={c.id} label={label(c.id, site.channels)} part={c.optedIn} whole={c.decided} />
            ))
          ) : (
            <p>{t.none}</p>
          )}
        </section>
      </div>

      {data.channels.length > 0 && (
        <>
          <h3>{t.optInByDay}</h3>
          <RateChart
            title={t.optInByDay}
            days={data.days.map((d) => d.day)}
            series={data.channels.slice(0, 4).map((c, i) => ({
              key: c.id,
              label: label(c.id, site.channels),
              tone: `tone-ch${i}`,
              rates: data.days.map((d) => {
                const x = d.channels[c.id];
                return x?.decided ? Math.round((x.optedIn / x.decided) * 100) : undefined;
              }),
            }))}
          />
        </>
      )}

      <h3>{t.byPolicy}</h3>
      <CountsTable t={t} first={t.policy} rows={data.policies.map((p) => ({ ...p, name: p.policy }))} />

      <h3>{t.byMethod}</h3>
      <ScrollRegion label={t.byMethod}>
        <table>
          <tbody>
            {Object.entries(data.methods)
              .sort((a, b) => b[1] - a[1])
              .map(([m, n]) => (
                <tr key={m}>
                  <th scope="row">{labelOf(t, m)}</th>
                  <td>{n}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </ScrollRegion>

      <details>
        <summary>
          {t.byDay} — {t.count}
        </summary>
        <CountsTable t={t} first={t.day} rows={data.days.map((d) => ({ ...d, name: d.day }))} />
      </details>
    </section>
  );
}

/** Banners shown, decisions and each kind of decision, one row per policy version or per day. */
function CountsTable({
  t,
  first,
  rows,
}: {
  t: Strings & OverviewStrings;
  first: string;
  rows: { name: string; shown: number; answered: number; decisions: number; [k: string]: unknown }[];
}) {
  return (
    <ScrollRegion label={first}>
      <table>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">{t.shown}</th>
            <th scope="col">{t.answered}</th>
            <th scope="col">{t.decisions}</th>
            {KINDS.map((k) => (
              <th scope="col" key={k}>
                {t[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{r.shown}</td>
              <td>
                {r.answered}
                {r.shown ? ` (${Math.round((r.answered / r.shown) * 100)} %)` : ''}
              </td>
              <td>{r.decisions}</td>
              {KINDS.map((k) => (
                <td key={k}>{String(r[k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
