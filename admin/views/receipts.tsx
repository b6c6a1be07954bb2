import { ACTIONS, METHODS } from '../../protocol/constants';
import { useState } from 'preact/hooks';
import type { Ctx } from '../app';
import { choices, label, saveBlob, time } from '../format';
import type { Receipt } from '../types';
import { useLoad } from '../use-load';
import { ReceiptDetail } from './receipt-detail';
import { ScrollRegion } from './scroll-region';

/** The receipts of the chosen site and range, filtered, a page at a time, with exports of the same filter. */
export function Receipts(ctx: Ctx) {
  const { api, t, lang, site, range, openSubject } = ctx;
  const [filter, setFilter] = useState({ action: '', method: '', policy: '' });
  const [pages, setPages] = useState<{ items: Receipt[]; next: string | null }>({ items: [], next: null });
  const [open, setOpen] = useState<string>();
  // The viewer's local midnights: `new Date('YYYY-MM-DDT00:00')` is local time.
  const next = new Date(`${range.to}T00:00`);
  next.setDate(next.getDate() + 1);
  const query = {
    site: site.id,
    from: new Date(`${range.from}T00:00`).toISOString(),
    to: next.toISOString(),
    ...filter,
  };
  const { error, loading } = useLoad(async () => {
    const page = await api.get<{ items: Receipt[]; nextCursor: string | null }>('/receipts', { ...query, limit: 50 });
    setPages({ items: page.items, next: page.nextCursor });
  }, [site.id, range.from, range.to, filter.action, filter.method, filter.policy]);
  async function more() {
    const page = await api.get<{ items: Receipt[]; nextCursor: string | null }>('/receipts', {
      ...query,
      limit: 50,
      cursor: pages.next ?? undefined,
    });
    setPages({ items: [...pages.items, ...page.items], next: page.nextCursor });
  }
  async function exportAs(format: 'csv' | 'ndjson' | 'kantara') {
    saveBlob(
      await api.blob('/export', { ...query, format }),
      `assent-${site.id}-${range.from}-${range.to}.${format === 'kantara' ? 'json' : format}`,
    );
  }
  const select = (key: keyof typeof filter, name: string, options: readonly string[]) => (
    <label>
      {name}{' '}
      <select
        value={filter[key]}
        onChange={(e) => setFilter({ ...filter, [key]: (e.target as HTMLSelectElement).value })}
      >
        <option value="">{t.any}</option>
        {options.map((o) => (
          <option value={o} key={o}>
            {label(t, o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="receipts-h">
      <h2 id="receipts-h">{t.receipts}</h2>
      <div class="filters">
        {select('action', t.action, ACTIONS)}
        {select('method', t.method, METHODS)}
        {select(
          'policy',
          t.policy,
          site.policies.map((p) => p.id),
        )}
        <span class="exports" role="group" aria-label={t.export}>
          {t.export}:{' '}
          {(['csv', 'ndjson', 'kantara'] as const).map((f) => (
            <button type="button" key={f} onClick={() => void exportAs(f)}>
              {f === 'kantara' ? 'Kantara JSON' : f.toUpperCase()}
            </button>
          ))}
        </span>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {open && <ReceiptDetail {...ctx} id={open} onClose={() => setOpen(undefined)} />}
      <ScrollRegion label={t.receipts}>
        <table aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">{t.receivedAt}</th>
              <th scope="col">{t.subjectId}</th>
              <th scope="col">{t.action}</th>
              <th scope="col">{t.method}</th>
              <th scope="col">{t.policy}</th>
              <th scope="col">{t.choices}</th>
            </tr>
          </thead>
          <tbody>
            {pages.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <button type="button" class="link" onClick={() => setOpen(r.id)} aria-label={`${t.detail} ${r.id}`}>
                    {time(r.receivedAt, lang)}
                  </button>
                </td>
                <td>
                  {r.redacted || !r.subject ? (
                    t.erased
                  ) : (
                    <button type="button" class="link" onClick={() => openSubject(r.subject!)}>
                      {r.subject}
                    </button>
                  )}
                </td>
                <td class="nowrap">{label(t, r.action)}</td>
                <td class="nowrap">{label(t, r.method)}</td>
                <td class="nowrap">{r.policy}</td>
                <td>{choices(r, t, site, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {!loading && !pages.items.length && <p>{t.none}</p>}
      {pages.next && (
        <button type="button" onClick={() => void more()}>
          {t.more}
        </button>
      )}
    </section>
  );
}
