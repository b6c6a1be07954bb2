import { useState } from 'preact/hooks';
import type { StaffScan } from '../../protocol/scan-report';
import type { Ctx } from '../app';
import { time } from '../format';
import { scanStrings } from '../scan-strings';
import { Table } from './table';

/** `assent scan`, run by the collector on one of the site's pages: what it really sets, against its config. */
export function Scan({ api, t, lang, site }: Ctx) {
  const s = scanStrings(lang);
  const [url, setUrl] = useState(() => `${site.origins[0] ?? ''}/`);
  const [pages, setPages] = useState(3);
  const [state, setState] = useState<{ running?: boolean; error?: string; result?: StaffScan }>({});
  const run = async () => {
    setState({ running: true });
    try {
      setState({ result: await api.post<StaffScan>('/scans', { url, pages }, { site: site.id }) });
    } catch (e) {
      setState({ error: (e as Error).message });
    }
  };
  const r = state.result;
  const word = (key: string) => (s as unknown as Record<string, string>)[key] ?? key;
  return (
    <section aria-labelledby="scan-h">
      <h2 id="scan-h">{s.scanTitle}</h2>
      <p>{s.scanHelp}</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          {s.scanUrl}{' '}
          <input type="url" required value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {s.scanPages}{' '}
          <select value={pages} onChange={(e) => setPages(Number((e.target as HTMLSelectElement).value))}>
            {[1, 2, 3, 5, 10].map((n) => (
              <option value={n} key={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={state.running}>
          {s.scanRun}
        </button>
      </form>
      {state.running && <p aria-busy="true">{s.scanRunning}</p>}
      {state.error && (
        <p role="alert" class="error">
          {state.error}
        </p>
      )}
      {r && (
        <>
          <p role="status">
            {s.scanAt.replace('{at}', time(r.scannedAt, lang)).replace('{pages}', r.pages.join(', '))}
          </p>
          <h3>{s.scanFindings}</h3>
          {r.findings.length ? (
            <ul class="findings">
              {r.findings.map((f) => (
                <li key={`${f.kind} ${f.what}`}>
                  <strong>{word(`kind_${f.kind}`)}</strong>: {f.what} — {f.detail}
                </li>
              ))}
            </ul>
          ) : (
            <p>{s.scanNoFindings}</p>
          )}
          <h3>{s.scanSeen}</h3>
          <Table
            empty={t.none}
            head={[s.scanWhat, s.scanName, s.scanVisits, s.scanCategory, s.scanService, s.scanSetBy]}
            rows={r.seen.map((row) => [
              row.kind,
              <code>{row.name}</code>,
              row.phases.map((p) => word(`phase_${p}`)).join(', '),
              row.category ?? '—',
              row.service ?? '—',
              row.setter ? <code>{row.setter.replace(/^https?:\/\/[^/]+/, '')}</code> : '',
            ])}
          />
        </>
      )}
    </section>
  );
}
