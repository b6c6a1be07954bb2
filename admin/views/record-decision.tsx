import { useState } from 'preact/hooks';
import { choiceIssues, choiceSnapshot, type Action } from '../../protocol/choice-rules';
import { contactKindOf } from '../../protocol/contacts';
import type { StaffSubject } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { MethodSelect } from './method-select';
import { label, policyToRecord } from '../format';
import { pick } from '../i18n';
import type { Receipt } from '../types';

type History = StaffSubject & { history: Receipt[] };

/** In the order an officer most often needs them. */
const STAFF_ACTIONS: readonly Action[] = ['withdraw', 'custom', 'reconfirm', 'accept_all', 'reject_all'];

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

/** A decision taken by phone, in writing, in person or by fax, starting from what the action means. */
export function RecordDecision({
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
  // The person's phone number or email, if they want to be found by it: the collector keeps only its keyed hash.
  const [contact, setContact] = useState('');
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
    const kind = contact.trim() ? contactKindOf(contact) : undefined;
    if (contact.trim() && !kind) return setError(t.contactHelp);
    try {
      await api.post('/receipts', {
        id,
        site: site.id,
        subject: history.subject,
        ...(member ? { member } : {}),
        ...(kind ? { contacts: { [kind]: contact.trim() } } : {}),
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
        <MethodSelect t={t} value={method} onChange={setMethod} />
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
        <label>
          {t.contact}{' '}
          <input
            name="contact"
            autocomplete="off"
            value={contact}
            onInput={(e) => setContact((e.target as HTMLInputElement).value)}
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
