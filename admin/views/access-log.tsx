import type { StaffAccessEntry } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { time } from '../format';
import { useLoad } from '../use-load';
import { Table } from './table';

type Entry = StaffAccessEntry;

/** Who looked at what: the staff API's own chained access log, this view's calls included. */
export function AccessLog({ api, t, lang, site }: Ctx) {
  const { data, error } = useLoad(
    () => api.get<{ entries: Entry[] }>('/access-log', { site: site.id, limit: 200 }),
    [site.id],
  );
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!data) return <p aria-busy="true">{t.loading}</p>;
  return (
    <section aria-labelledby="access-h">
      <h2 id="access-h">{t.accessLog}</h2>
      <Table
        empty={t.none}
        head={[t.at, t.who, t.route, t.subjects, t.status]}
        rows={data.entries.map((e) => [
          time(e.at, lang),
          <span class="nowrap">{e.staff}</span>,
          `${e.method} ${e.route}${
            e.query && Object.keys(e.query).length
              ? ` ?${Object.entries(e.query)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('&')}`
              : ''
          }`,
          (e.subjects ?? []).join(', '),
          String(e.status),
        ])}
      />
    </section>
  );
}
