import { useState } from 'preact/hooks';
import { STAFF_GUARDIAN_METHODS } from '../../protocol/constants';
import {
  NOTICE_MEANS,
  type StaffGuardianChecks,
  type StaffNotice,
  type StaffReconfirmations,
} from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { choiceLabel, label, time } from '../format';
import { fill } from '../i18n';
import { useLoad } from '../use-load';
import { RightsRequests } from './rights-requests';
import { Table } from './table';

type Due = StaffReconfirmations['due'][number];
type Notice = StaffNotice;

/** What the privacy officer must act on: re-confirmations coming due, result notices not yet given, purges done. */
export function Duties(ctx: Ctx) {
  const { api, t, lang, site, openSubject } = ctx;
  const [given, setGiven] = useState<string>();
  const [verified, setVerified] = useState<string>();
  const { data, error } = useLoad(
    () =>
      Promise.all([
        api.get<{ due: Due[] }>('/reconfirmations', { site: site.id, days: 30 }),
        api.get<{ notices: Notice[] }>('/notices', { site: site.id, status: 'pending' }),
        api.get<{ purges: { at: string; reason: string; count: number }[]; retentionDays: number }>('/purges', {
          site: site.id,
        }),
        site.children
          ? api.get<StaffGuardianChecks>('/guardians', { site: site.id })
          : Promise.resolve({ site: site.id, pending: [] }),
      ]),
    [site.id, given, verified],
  );
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!data) return <p aria-busy="true">{t.loading}</p>;
  const [reconfirm, notices, purges, guardians] = data;
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
          <span class={d.overdue ? 'badge warn' : undefined}>
            {time(d.dueAt, lang)}
            {d.overdue && ` · ${t.overdue}`}
          </span>,
          d.channels
            .map((ch) => `${choiceLabel(site, lang, ch.channel)} (${t.consentedAt} ${time(ch.consentedAt, lang)})`)
            .join(', '),
        ])}
      />
      <h3>{t.notices}</h3>
      {!site.resultNoticeWebhook && <p class="hint">{t.noWebhook}</p>}
      {given && <p role="status">{fill(t.notifiedSaved, { receipt: given })}</p>}
      <Table
        empty={t.none}
        head={[t.subjectId, t.channels, t.dueBy, t.status, t.attempts, t.notifiedBy]}
        rowKeys={notices.notices.map((n) => n.receipt)}
        rows={notices.notices.map((n) => [
          n.member ?? n.subject,
          n.results.map((r) => `${r.label}: ${label(t, r.result)}`).join(', '),
          time(n.dueBy, lang),
          <span class={n.status === 'overdue' || n.status === 'failed' ? 'badge warn' : undefined}>
            {label(t, `notice_${n.status}`)}
            {n.lastError && ` (${n.lastError})`}
          </span>,
          String(n.attempts),
          <RecordAction
            ctx={ctx}
            path={`/notices/${encodeURIComponent(n.receipt)}/delivered`}
            field="means"
            choices={NOTICE_MEANS}
            labelPrefix="means_"
            title={t.notifiedBy}
            onDone={() => setGiven(n.receipt)}
          />,
        ])}
      />
      {site.children && (
        <>
          <h3>{t.guardians}</h3>
          <p class="hint">{t.guardiansHelp}</p>
          {!site.guardianCodeGateway && <p class="hint">{t.noGateway}</p>}
          {verified && <p role="status">{fill(t.verifiedSaved, { receipt: verified })}</p>}
          <Table
            empty={t.none}
            head={[t.subjectId, t.guardianName, t.guardianContact, t.form, t.since, t.verifyBy]}
            rowKeys={guardians.pending.map((g) => g.receipt)}
            rows={guardians.pending.map((g) => [
              <button type="button" class="link" onClick={() => openSubject(g.subject)}>
                {g.subject}
              </button>,
              g.guardian ?? '',
              g.contact ?? '',
              g.form ?? '',
              time(g.since, lang),
              <RecordAction
                ctx={ctx}
                path={`/guardians/${encodeURIComponent(g.receipt)}/verify`}
                field="method"
                choices={STAFF_GUARDIAN_METHODS}
                labelPrefix="gmethod_"
                title={t.verifyBy}
                onDone={() => setVerified(g.receipt)}
              />,
            ])}
          />
        </>
      )}
      <RightsRequests {...ctx} />
      <h3>{t.purges}</h3>
      <Table
        empty={t.none}
        head={[t.at, t.reason, t.count]}
        rows={purges.purges.map((p) => [time(p.at, lang), label(t, p.reason), String(p.count)])}
      />
    </section>
  );
}

/**
 * One recorded action of the officer: a choice of how it was done, and a button that posts it; the collector signs
 * it in its log. "Given by other means" for a result notice, "Record verification" for a guardian.
 */
function RecordAction(p: {
  ctx: Ctx;
  path: string;
  field: string;
  choices: readonly string[];
  labelPrefix: string;
  title: string;
  onDone: () => void;
}) {
  const { api, t, site } = p.ctx;
  const [choice, setChoice] = useState<string>(p.choices[0]!);
  const [error, setError] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api.post(p.path, { site: site.id, [p.field]: choice });
      p.onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="inline" onSubmit={submit}>
      <select
        aria-label={p.title}
        name={p.field}
        value={choice}
        onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}
      >
        {p.choices.map((m) => (
          <option value={m} key={m}>
            {label(t, `${p.labelPrefix}${m}`)}
          </option>
        ))}
      </select>{' '}
      <button type="submit">{p.title}</button>
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </form>
  );
}
