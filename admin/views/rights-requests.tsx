import { useState } from 'preact/hooks';
import { choiceSnapshot } from '../../protocol/choice-rules';
import { GRANTED_OUTCOME, REFUSAL_GROUNDS, REQUEST_CHANNELS, RIGHTS_KINDS } from '../../protocol/rights-requests';
import type { StaffRightsRequest, StaffSubject } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { label, policyToRecord, time } from '../format';
import { fill } from '../i18n';
import { rightsStrings } from '../rights-strings';
import { useLoad } from '../use-load';
import { Table } from './table';

const withRights = (ctx: Ctx) => ({ ...ctx.t, ...rightsStrings(ctx.lang) });

type Requests = { responseDays: number; requests: StaffRightsRequest[] };

/** How a request's channel becomes the method of the decision staff record for it. */
const METHOD_OF = { phone: 'staff-phone', 'in-person': 'staff-in-person' } as Record<string, string>;

/**
 * Data subjects' requests with their deadline, each closed by acting on it: an access request answered (the
 * export is on the person's page), a correction made, an erasure done here, processing suspended by recording the
 * person's withdrawal here — or refused on a stated ground. The collector signs each step in its requests log.
 */
export function RightsRequests(ctx: Ctx) {
  const { api, lang, site, openSubject } = ctx;
  const t = withRights(ctx);
  const [changed, setChanged] = useState(0);
  const [message, setMessage] = useState<string>();
  const { data, error } = useLoad(() => api.get<Requests>('/requests', { site: site.id }), [site.id, changed]);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!data) return <p aria-busy="true">{t.loading}</p>;
  const open = data.requests.filter((r) => r.status !== 'closed');
  const closed = data.requests.filter((r) => r.status === 'closed');
  const done = (text: string) => (setMessage(text), setChanged((n) => n + 1));
  return (
    <>
      <h3 id="rights-h">{t.rightsRequests}</h3>
      <p class="hint">{fill(t.rightsHelp, { days: data.responseDays })}</p>
      {message && <p role="status">{message}</p>}
      <Table
        empty={t.none}
        head={[t.subjectId, t.requestKind, t.received, t.dueAt, t.act]}
        rowKeys={open.map((r) => r.id)}
        rows={open.map((r) => [
          r.subject ? (
            <button type="button" class="link" onClick={() => openSubject(r.subject!)}>
              {r.subject}
            </button>
          ) : (
            t.erased
          ),
          `${label(t, `kind_${r.kind}`)} · ${label(t, `via_${r.via}`)}`,
          time(r.receivedAt, lang),
          <span class={r.status === 'overdue' ? 'badge warn' : undefined}>
            {time(r.dueBy, lang)}
            {r.status === 'overdue' && ` · ${t.overdue}`}
          </span>,
          <CloseRequest ctx={ctx} request={r} onDone={done} />,
        ])}
      />
      {closed.length > 0 && (
        <details>
          <summary>{t.closedRequests}</summary>
          <Table
            empty={t.none}
            head={[t.subjectId, t.requestKind, t.received, t.closedAt, t.outcome]}
            rows={closed.map((r) => [
              r.subject ?? t.erased,
              label(t, `kind_${r.kind}`),
              time(r.receivedAt, lang),
              time(r.closedAt!, lang),
              `${label(t, `outcome_${r.outcome}`)}${r.reason ? ` (${label(t, `ground_${r.reason}`)})` : ''} · ${r.closedBy}`,
            ])}
          />
        </details>
      )}
    </>
  );
}

/** The actions that close one request: the granted outcome of its kind (done here where it can be), or a refusal. */
function CloseRequest({
  ctx,
  request,
  onDone,
}: {
  ctx: Ctx;
  request: StaffRightsRequest;
  onDone: (m: string) => void;
}) {
  const { api, lang, site, staffName } = ctx;
  const t = withRights(ctx);
  const [ground, setGround] = useState<string>(REFUSAL_GROUNDS[0]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const granted = GRANTED_OUTCOME[request.kind];
  const close = (outcome: string, reason?: string) =>
    api.post(`/requests/${request.id}/close`, { outcome, ...(reason ? { reason } : {}) }, { site: site.id });
  // One action at a time: a second click while the first is on its way would record it twice.
  const act = async (work: () => Promise<unknown>, outcome: string) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onDone(fill(t.requestClosed, { outcome: label(t, `outcome_${outcome}`) }));
    } catch (e) {
      setError((e as Error).message);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  // Suspension: the person's withdrawal, every optional box off — cookies and marketing, and each form's optional
  // consents they gave — recorded by the officer; then the request closes.
  const withdrawAndClose = async () => {
    const common = {
      site: site.id,
      subject: request.subject,
      policy: policyToRecord(site, Date.now()).id,
      configRevision: site.revision,
      language: site.languages.includes(lang) ? lang : site.defaultLanguage,
      method: METHOD_OF[request.via] ?? 'staff-written',
      signals: { gpc: false, decidedAt: new Date().toISOString() },
      staffId: staffName,
    };
    const off = Object.fromEntries(site.channels.map((c) => [c.id, false]));
    await api.post('/receipts', {
      ...common,
      id: crypto.randomUUID(),
      action: 'withdraw',
      choices: choiceSnapshot(site, { categories: {}, channels: off }),
    });
    const person = await api.get<StaffSubject>(`/subjects/${encodeURIComponent(request.subject!)}`, { site: site.id });
    const age = [...person.history].reverse().find((r) => r.age)?.age;
    for (const form of site.forms) {
      const last = [...person.history].reverse().find((r) => r.form === form.id);
      const given = last?.choices.consents ?? {};
      const required = (id: string) => !!site.consents.find((c) => c.id === id)?.required;
      if (!form.consents.some((id) => given[id] && !required(id))) continue;
      await api.post('/receipts', {
        ...common,
        id: crypto.randomUUID(),
        action: 'custom',
        form: form.id,
        ...(age ? { age } : {}),
        choices: {
          consents: Object.fromEntries(form.consents.map((id) => [id, required(id)])),
          channels: Object.fromEntries(
            site.channels.filter((c) => form.channels.includes(c.refines ?? c.id)).map((c) => [c.id, false]),
          ),
        },
      });
    }
    await close('suspended');
  };
  const grant =
    request.kind === 'erasure' ? (
      confirming ? (
        <button type="button" class="danger" disabled={busy} onClick={() => act(() => close('erased'), 'erased')}>
          {t.confirmErase}
        </button>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t.eraseClose}
        </button>
      )
    ) : request.kind === 'suspension' && request.subject ? (
      <button type="button" disabled={busy} onClick={() => act(withdrawAndClose, 'suspended')}>
        {t.suspendClose}
      </button>
    ) : (
      <button type="button" disabled={busy} onClick={() => act(() => close(granted), granted)}>
        {label(t, `mark_${granted}`)}
      </button>
    );
  return (
    <div class="actions">
      {grant}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => close('refused', ground), 'refused');
        }}
      >
        <select
          aria-label={t.refuseGround}
          value={ground}
          onChange={(e) => setGround((e.target as HTMLSelectElement).value)}
        >
          {REFUSAL_GROUNDS.map((g) => (
            <option value={g} key={g}>
              {label(t, `ground_${g}`)}
            </option>
          ))}
        </select>{' '}
        <button type="submit" disabled={busy}>
          {t.refuse}
        </button>
      </form>
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** On a person's page: record that they asked for something, by phone, letter, email, in person or on the web. */
export function RecordRequest({ ctx, subject }: { ctx: Ctx; subject: string }) {
  const { api, lang, site } = ctx;
  const t = withRights(ctx);
  const [kind, setKind] = useState<string>(RIGHTS_KINDS[0]);
  const [via, setVia] = useState<string>(REQUEST_CHANNELS[0]);
  const [day, setDay] = useState(() => new Date().toLocaleDateString('en-CA'));
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      // The day it arrived, at the current time of day, but never later than now.
      const received = new Date(Math.min(Date.now(), Date.parse(`${day}T${new Date().toTimeString().slice(0, 8)}`)));
      const r = await api.post<StaffRightsRequest>(
        '/requests',
        { subject, kind, via, receivedAt: received.toISOString() },
        { site: site.id },
      );
      setResult({ ok: true, text: fill(t.requestSaved, { due: time(r.dueBy, lang) }) });
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const select = (
    value: string,
    set: (v: string) => void,
    options: readonly string[],
    prefix: string,
    name: string,
  ) => (
    <select name={name} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
      {options.map((o) => (
        <option value={o} key={o}>
          {label(t, `${prefix}${o}`)}
        </option>
      ))}
    </select>
  );
  return (
    <form class="card record" onSubmit={submit} aria-labelledby="request-h">
      <h3 id="request-h">{t.recordRequest}</h3>
      <div class="row">
        <label>
          {t.requestKind} {select(kind, setKind, RIGHTS_KINDS, 'kind_', 'kind')}
        </label>
        <label>
          {t.via} {select(via, setVia, REQUEST_CHANNELS, 'via_', 'via')}
        </label>
        <label>
          {t.received}{' '}
          <input
            type="date"
            name="received"
            value={day}
            max={new Date().toLocaleDateString('en-CA')}
            onInput={(e) => setDay((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {t.recordRequest}
      </button>
      {result && (
        <p role={result.ok ? 'status' : 'alert'} class={result.ok ? undefined : 'error'}>
          {result.text}
        </p>
      )}
    </form>
  );
}
