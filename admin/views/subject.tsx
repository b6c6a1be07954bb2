import type { StaffSubject } from '../../protocol/staff-api';
import { useEffect, useState } from 'preact/hooks';
import { choiceIssues, choiceSnapshot, type Action } from '../../protocol/choice-rules';
import { STAFF_METHODS } from '../../protocol/constants';
import { RECEIPT_ID } from '../../protocol/formats';
import { ApiError } from '../api';
import type { Ctx } from '../app';
import { choices, label, policyToRecord, time } from '../format';
import { fill, pick } from '../i18n';
import type { Receipt } from '../types';
import { ReceiptDetail } from './receipt-detail';

type History = StaffSubject & { history: Receipt[] };

/** In the order an officer most often needs them. */
const STAFF_ACTIONS: readonly Action[] = ['withdraw', 'custom', 'reconfirm', 'accept_all', 'reject_all'];

/** Finds a person by subject id, receipt id or member reference; shows their history; records off-line decisions. */
export function Subject(ctx: Ctx & { initial: string }) {
  const { api, t, lang, site } = ctx;
  const [q, setQ] = useState(ctx.initial);
  const [found, setFound] = useState<History>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [open, setOpen] = useState<string>();

  async function historyOf(subject: string) {
    return api.get<History>(`/subjects/${encodeURIComponent(subject)}`, { site: site.id });
  }
  async function find(query: string) {
    setMessage(undefined);
    setFound(undefined);
    const term = query.trim();
    if (!term) return;
    try {
      // A receipt id names its subject; else a member reference (a filter: no 404 when there is none); else a subject id.
      let subject = term;
      if (RECEIPT_ID.test(term))
        subject = (await api.get<{ receipt: Receipt }>(`/receipts/${term}`, { site: site.id })).receipt.subject ?? term;
      else
        subject =
          (await api.get<{ items: Receipt[] }>('/receipts', { site: site.id, member: term, limit: 1 })).items[0]
            ?.subject ?? term;
      setFound(await historyOf(subject));
    } catch (e) {
      setMessage({
        text: e instanceof ApiError && e.status === 404 ? fill(t.notFound, { q: term }) : (e as Error).message,
        error: true,
      });
    }
  }
  useEffect(() => {
    if (ctx.initial) void find(ctx.initial); // opened from a receipt row
  }, []);

  return (
    <section aria-labelledby="subject-h">
      <h2 id="subject-h">{t.subject}</h2>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void find(q);
        }}
      >
        <label for="subject-q">{t.searchHelp}</label>
        <input id="subject-q" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary">
          {t.search}
        </button>
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {open && <ReceiptDetail {...ctx} id={open} onClose={() => setOpen(undefined)} />}
      {found && (
        <>
          <h3>
            {t.current}: <code>{found.subject}</code>
          </h3>
          <p>
            {choices(found.current, t, site, lang)} — {t.policy} {found.current.policy},{' '}
            {time(found.current.since, lang)}
          </p>
          <RecordDecision
            {...ctx}
            history={found}
            onSaved={async (id) => (
              setFound(await historyOf(found.subject)),
              setMessage({ text: fill(t.saved, { id }) })
            )}
          />
          <h3>{t.timeline}</h3>
          <ol class="timeline" reversed>
            {[...found.history].reverse().map((r) => (
              <li key={r.id} data-action={r.action} data-method={r.method}>
                <time dateTime={r.receivedAt}>{time(r.receivedAt, lang)}</time> <strong>{label(t, r.action)}</strong> ·{' '}
                {label(t, r.method)}
                {r.recordedBy && <> · {r.recordedBy.staffId}</>}
                <br />
                <span class="muted">{choices(r, t, site, lang)}</span>{' '}
                <button type="button" class="link" onClick={() => setOpen(r.id)}>
                  {t.detail}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

type Choices = { categories?: Record<string, boolean>; channels: Record<string, boolean> };

/** Where the form starts for each action: what the action allows is what it records (protocol/choice-rules.ts). */
function startingChoices(action: string, site: Ctx['site'], current: Choices): Choices {
  const cats = (on: (id: string) => boolean) =>
    Object.fromEntries(site.categories.map((c) => [c.id, c.required || on(c.id)]));
  const chans = (on: (id: string) => boolean) => Object.fromEntries(site.channels.map((c) => [c.id, on(c.id)]));
  if (action === 'accept_all') return { categories: cats(() => true), channels: chans(() => false) };
  // A re-confirmation names the channels consented now, and no cookie choice.
  if (action === 'reconfirm')
    return {
      // Each consented channel, and its night-time consent with it (decided together).
      channels: Object.fromEntries(
        site.channels
          .filter((c) => current.channels[c.id] || (c.refines && current.channels[c.refines]))
          .map((c) => [c.id, !!current.channels[c.id]]),
      ),
    };
  if (action === 'custom')
    return {
      categories: cats((id) => !!current.categories?.[id]),
      channels: chans((id) => !!current.channels[id]),
    };
  return { categories: cats(() => false), channels: chans(() => false) }; // withdraw, reject_all
}

/**
 * Which boxes the officer may change for an action: withdraw and reject lock everything off, accept locks the
 * categories on, re-confirm may only drop a channel.
 */
function editable(action: string, kind: 'categories' | 'channels', id: string, current: Choices) {
  if (action === 'withdraw' || action === 'reject_all') return false;
  if (action === 'accept_all') return kind === 'channels';
  if (action === 'reconfirm') return kind === 'channels' && !!current.channels[id];
  if (kind === 'channels') return true;
  return true;
}

function RecordDecision({
  api,
  t,
  lang,
  site,
  history,
  onSaved,
}: Ctx & { history: History; onSaved: (id: string) => Promise<void> }) {
  const policy = policyToRecord(site, Date.now());
  const current = history.current.choices as Choices;
  const [method, setMethod] = useState('staff-phone');
  const [action, setAction] = useState('withdraw');
  const [staffId, setStaffId] = useState('');
  const [chosen, setChosen] = useState<Choices>(() => startingChoices('withdraw', site, current));
  const [error, setError] = useState<string>();
  const cats = chosen.categories ?? {};
  const chans = chosen.channels;
  const setCats = (categories: Record<string, boolean>) => setChosen({ ...chosen, categories });
  const setChans = (channels: Record<string, boolean>) => setChosen({ ...chosen, channels });

  function chooseAction(a: string) {
    setAction(a);
    setChosen(startingChoices(a, site, current));
  }
  async function submit(e: Event) {
    e.preventDefault();
    setError(undefined);
    const choices = choiceSnapshot(site, chosen);
    // The collector applies the same rule; checking here says what is wrong before anything is sent.
    const problems = choiceIssues(action as Action, choices, site, current.channels);
    if (problems.length) return setError(problems.map((p) => `${p.path.at(-1)}: ${p.message}`).join(' — '));
    const id = crypto.randomUUID();
    const member = [...history.history].reverse().find((r) => r.member)?.member;
    try {
      await api.post('/receipts', {
        id,
        site: site.id,
        subject: history.subject,
        ...(member ? { member } : {}),
        policy: policy.id,
        configRevision: site.revision,
        language: site.languages.includes(lang) ? lang : site.languages[0],
        method,
        action,
        choices,
        signals: { gpc: false, decidedAt: new Date().toISOString() },
        staffId,
      });
      await onSaved(id);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <form class="card record" onSubmit={submit} aria-labelledby="record-h">
      <h3 id="record-h">{t.record}</h3>
      <div class="row">
        <label>
          {t.method}{' '}
          <select name="method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}>
            {STAFF_METHODS.map((m) => (
              <option value={m} key={m}>
                {label(t, m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.action}{' '}
          <select name="action" value={action} onChange={(e) => chooseAction((e.target as HTMLSelectElement).value)}>
            {STAFF_ACTIONS.map((a) => (
              <option value={a} key={a}>
                {label(t, a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.staffId}{' '}
          <input
            name="staffId"
            required
            value={staffId}
            onInput={(e) => setStaffId((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      {chosen.categories && (
        <fieldset>
          <legend>{t.categories}</legend>
          {site.categories.map((c) => (
            <label key={c.id} class="check">
              <input
                type="checkbox"
                name={`category-${c.id}`}
                checked={c.required || !!cats[c.id]}
                disabled={c.required || !editable(action, 'categories', c.id, current)}
                onChange={(e) => setCats({ ...cats, [c.id]: (e.target as HTMLInputElement).checked })}
              />{' '}
              {pick(c.label, lang, site)}
            </label>
          ))}
        </fieldset>
      )}
      {site.channels.length > 0 && (
        <fieldset>
          <legend>{t.channels}</legend>
          {site.channels.map((c) => (
            <label key={c.id} class="check">
              <input
                type="checkbox"
                name={`channel-${c.id}`}
                checked={!!chans[c.id]}
                disabled={!editable(action, 'channels', c.id, current) || (!!c.refines && !chans[c.refines])}
                onChange={(e) => setChans({ ...chans, [c.id]: (e.target as HTMLInputElement).checked })}
              />{' '}
              {pick(c.label, lang, site)}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="submit" class="primary">
        {t.save}
      </button>
    </form>
  );
}
