import { canonicalJson } from '../../protocol';
import type { LogEntry } from '../store/entry-log';
import type { LogReader } from '../store/log-reader';
import { requestClosed, requestOpened, type RightsRequestRow } from '../store/rights-requests';
import { Tampered } from './tampered';

type Opened = ReturnType<typeof requestOpened>;
type Closed = ReturnType<typeof requestClosed>;

/**
 * Rights requests against the signed `requests` log: each row must be exactly what its `opened` entry says (kind,
 * channel, received, due, who recorded it, the subject's keyed hash, site) and, once closed, what its `closed`
 * entry says; a row with no entry was inserted, an entry with no row was deleted. The subject itself is the
 * officer's working copy (verify cannot hash it without the lookup key): the collector acts on a request only
 * while it still hashes to `subject_key`, so pointing a request at someone else is refused, not acted on.
 */
export function requestLog() {
  const opened = new Map<string, { entry: Opened; site?: string }>();
  const closed = new Map<string, Closed>();
  return {
    onEntry(e: LogEntry) {
      const body = e as unknown as (Opened | Closed) & { seq: number };
      if (body.event === 'opened') {
        if (opened.has(body.request))
          throw new Tampered(`rights request entry ${body.seq}: request ${body.request} is opened twice`);
        opened.set(body.request, { entry: fieldsOf(body, OPENED), site: e.site });
      } else if (body.event === 'closed') {
        if (!opened.has(body.request) || closed.has(body.request))
          throw new Tampered(`rights request entry ${body.seq}: it closes request ${body.request}, which is not open`);
        closed.set(body.request, fieldsOf(body, CLOSED));
      } else throw new Tampered(`rights request entry ${e.seq}: it records no known event`);
    },
    async check(reader: Pick<LogReader, 'rightsRequests'>): Promise<number> {
      let rows = 0;
      for await (const row of reader.rightsRequests()) {
        const where = `rights request ${row.id}`;
        const open = opened.get(row.id);
        if (!open) throw new Tampered(`${where}: the signed log never opened it — inserted`);
        const asLogged = requestOpened(row);
        if (canonicalJson(asLogged) !== canonicalJson(open.entry) || open.site !== row.site)
          throw new Tampered(`${where}: it differs from the signed log's record of it — edited`);
        const close = closed.get(row.id);
        // An open row has nothing of a closing in it; a closed one exactly its closing entry.
        const untouched = row.outcome === null && row.reason === null && row.closed_by === null;
        const stored = row.closed_at === null ? (untouched ? undefined : closedOf(row)) : closedOf(row);
        if (canonicalJson(stored ?? null) !== canonicalJson(close ?? null))
          throw new Tampered(
            `${where}: ${close ? 'its closing differs from the signed log' : 'it has a closing the signed log never recorded'} — edited`,
          );
        opened.delete(row.id);
        rows++;
      }
      for (const id of opened.keys())
        throw new Tampered(`rights request ${id}: the signed log opened it, and it is gone — deleted`);
      return rows;
    },
  };
}

const closedOf = (row: RightsRequestRow) =>
  requestClosed(row.id, {
    outcome: String(row.outcome),
    reason: row.reason,
    closedAt: row.closed_at!,
    closedBy: String(row.closed_by),
  });

/** The fields an event has, taken from its signed entry (which also has its log, place and time). */
const fieldsOf = <T extends object>(entry: object, shape: T): T =>
  Object.fromEntries(Object.keys(shape).map((k) => [k, (entry as Record<string, unknown>)[k] ?? null])) as T;
const OPENED = requestOpened({
  id: '',
  site: '',
  kind: '',
  via: '',
  received_at: '',
  due_at: '',
  recorded_by: '',
  subject_key: '',
});
const CLOSED = requestClosed('', { outcome: '', reason: null, closedAt: '', closedBy: '' });
