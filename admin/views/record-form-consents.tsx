import { useState } from 'preact/hooks';
import type { StaffSubject } from '../../protocol/staff-api';
import type { Ctx } from '../app';
import { MethodSelect } from './method-select';
import { choiceLabel, policyToRecord } from '../format';
import { pick, type Lang } from '../i18n';
import type { Receipt } from '../types';

type History = StaffSubject & { history: Receipt[] };

const WORDS = {
  en: {
    title: "Change a form's consents (by phone, in writing, in person)",
    form: 'Form',
    consents: 'Consents asked by the form',
    required: 'required by the form: to take it back, the person asks for erasure (Duties → requests)',
    allOff: 'Withdraw every optional consent',
    child: "A child's consents change with their guardian, through the form: not here.",
    noAge: 'No age answer is on record for this person: their consents change through the form.',
    save: 'Record these consents',
  },
  ko: {
    title: '양식 동의 변경 (전화·서면·방문)',
    form: '양식',
    consents: '양식이 받는 동의',
    required: '양식의 필수 동의: 철회하려면 삭제를 요구합니다 (처리할 일 → 요구)',
    allOff: '선택 동의 모두 철회',
    child: '아동의 동의는 법정대리인이 양식에서 변경합니다: 여기서는 할 수 없습니다.',
    noAge: '이 정보주체의 연령 확인 기록이 없습니다: 양식에서 변경합니다.',
    save: '이 동의로 기록',
  },
} satisfies Record<Lang, Record<string, string>>;

/**
 * A decision about a form's consents taken outside the website — most often a withdrawal of an optional consent
 * (a third party, a transfer abroad, marketing) by phone. It starts from what the person gave in that form last;
 * required consents stay on (a form's receipt cannot drop them: ending them is an erasure), optional ones and the
 * form's channels can be turned off or on. Recorded as a receipt of that form, signed with the staff member's id.
 */
export function RecordFormConsents({
  api,
  t,
  lang,
  site,
  staffName,
  history,
  onSaved,
}: Ctx & { history: History; onSaved: (id: string) => Promise<void> }) {
  const w = WORDS[lang];
  const given = site.forms.filter((f) => history.history.some((r) => r.form === f.id));
  const [formId, setFormId] = useState(given.at(-1)?.id ?? '');
  const [method, setMethod] = useState('staff-phone');
  const form = given.find((f) => f.id === formId);
  const lastOf = (fid: string) => [...history.history].reverse().find((r) => r.form === fid);
  const last = lastOf(formId);
  // What the person gave in that form last, and where the form's channels stand now.
  const start = (fid: string) => {
    const f = given.find((x) => x.id === fid);
    return {
      consents: Object.fromEntries((f?.consents ?? []).map((id) => [id, !!lastOf(fid)?.choices.consents?.[id]])),
      channels: Object.fromEntries(
        site.channels
          .filter((c) => f?.channels.includes(c.refines ?? c.id))
          .map((c) => [c.id, !!history.current.choices.channels[c.id]]),
      ),
    };
  };
  const [chosen, setChosen] = useState(() => start(formId));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!form) return null;
  const age = [...history.history].reverse().find((r) => r.age)?.age;
  const required = (id: string) => !!site.consents.find((c) => c.id === id)?.required;
  const choose = (group: 'consents' | 'channels', id: string, on: boolean) => {
    const next = { ...chosen[group], [id]: on };
    // Night-time consent goes with its daytime consent.
    if (group === 'channels' && !on) for (const c of site.channels) if (c.refines === id) next[c.id] = false;
    setChosen({ ...chosen, [group]: next });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const id = crypto.randomUUID();
    try {
      await api.post('/receipts', {
        id,
        site: site.id,
        subject: history.subject,
        ...(last?.member ? { member: last.member } : {}),
        policy: policyToRecord(site, Date.now()).id,
        configRevision: site.revision,
        language: site.languages.includes(lang) ? lang : site.defaultLanguage,
        method,
        action: 'custom',
        form: form.id,
        ...(age ? { age } : {}),
        choices: chosen,
        signals: { gpc: false, decidedAt: new Date().toISOString() },
        staffId: staffName,
      });
      await onSaved(id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card record" onSubmit={submit} aria-labelledby="form-consents-h">
      <h3 id="form-consents-h">{w.title}</h3>
      {site.children && age !== 'adult' ? (
        <p class="hint">{age === 'child' ? w.child : w.noAge}</p>
      ) : (
        <>
          <div class="row">
            <label>
              {w.form}{' '}
              <select
                name="form"
                value={formId}
                onChange={(e) => {
                  const fid = (e.target as HTMLSelectElement).value;
                  setFormId(fid);
                  setChosen(start(fid));
                }}
              >
                {given.map((f) => (
                  <option value={f.id} key={f.id}>
                    {pick(f.title, lang, site)}
                  </option>
                ))}
              </select>
            </label>
            <MethodSelect t={t} value={method} onChange={setMethod} />
          </div>
          <fieldset>
            <legend>{w.consents}</legend>
            {form.consents.map((id) => (
              <label key={id} class="check">
                <input
                  type="checkbox"
                  name={`consent-${id}`}
                  checked={required(id) || !!chosen.consents[id]}
                  disabled={required(id)}
                  onChange={(e) => choose('consents', id, (e.target as HTMLInputElement).checked)}
                />{' '}
                {choiceLabel(site, lang, id)}
                {required(id) && <small class="muted"> — {w.required}</small>}
              </label>
            ))}
            {Object.keys(chosen.channels).map((id) => (
              <label key={id} class="check">
                <input
                  type="checkbox"
                  name={`channel-${id}`}
                  checked={!!chosen.channels[id]}
                  onChange={(e) => choose('channels', id, (e.target as HTMLInputElement).checked)}
                />{' '}
                {choiceLabel(site, lang, id)}
              </label>
            ))}
          </fieldset>
          <div class="actions">
            <button
              type="button"
              onClick={() =>
                setChosen({
                  consents: Object.fromEntries(form.consents.map((id) => [id, required(id)])),
                  channels: Object.fromEntries(Object.keys(chosen.channels).map((id) => [id, false])),
                })
              }
            >
              {w.allOff}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {w.save}
            </button>
          </div>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </>
      )}
    </form>
  );
}
