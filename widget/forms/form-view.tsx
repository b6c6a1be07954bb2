import type { FormConsent, PublicSiteConfig } from '../../protocol';
import { sharesData } from '../../protocol/form-rules';
import { fill, type Strings } from '../i18n';
import { Guardian, type AgeAnswer } from '../ui/guardian';
import { OptIns } from '../ui/opt-ins';
import { texts } from '../ui/site-texts';
import { CodeStep } from './code-step';
import type { FormStrings } from './strings';

/** What the block shows and what the visitor chose; the form controller (index.tsx) owns it. */
export interface FormState {
  consents: Record<string, boolean>;
  channels: Record<string, boolean>;
  age: AgeAnswer;
  showErrors: boolean;
  phase: 'fill' | 'sending' | 'failed' | 'code' | 'staff' | 'done';
  code: string;
  codeError?: string;
  receipt?: string;
}

export interface FormViewProps {
  s: Strings;
  f: FormStrings;
  config: PublicSiteConfig;
  lang: string;
  formId: string;
  state: FormState;
  /** Missing required consents (labels), shown once the visitor tried to send. */
  missing: string[];
  set(patch: Partial<FormState>): void;
  agreeAll(): void;
  verify(): void;
  resend(): void;
}

/** One consent's facts; those PIPA names (items of sensitive data and identifiers, retention, recipients) stand out. */
function Facts(p: { c: FormConsent; s: Strings; f: FormStrings; t: ReturnType<typeof texts>; id: string }) {
  const { c, s, f, t } = p;
  const keyItems = c.kind === 'sensitive' || c.kind === 'unique-id';
  return (
    <dl class="facts" id={p.id}>
      {c.recipient && (
        <>
          <dt>{f.recipient}</dt>
          <dd class="key">{t(c.recipient)}</dd>
        </>
      )}
      {c.country && (
        <>
          <dt>{f.country}</dt>
          <dd class="key">{t(c.country)}</dd>
        </>
      )}
      {c.transfer && (
        <>
          <dt>{f.transfer}</dt>
          <dd>{t(c.transfer)}</dd>
        </>
      )}
      <dt>{s.purpose}</dt>
      <dd class="key">{t(c.purpose)}</dd>
      <dt>{s.items}</dt>
      <dd class={keyItems ? 'key' : undefined}>{t(c.items)}</dd>
      <dt>{s.retention}</dt>
      <dd class="key">{t(c.retention)}</dd>
      {c.refusal && (
        <>
          <dt>{s.refusal}</dt>
          <dd>{t(c.refusal)}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * The consent block of a site's form (PIPA Art. 22(1)): one unticked checkbox per consent, never bundled, each with
 * its facts; processing without consent as a notice with its legal basis; the form's marketing opt-ins; the age
 * question and, for a child, the guardian and the code that verifies them.
 */
export function FormView(p: FormViewProps) {
  const { s, f, config, lang, state, set } = p;
  const t = texts(config, lang);
  const form = config.forms.find((x) => x.id === p.formId)!;
  const consents = form.consents.map((id) => config.consents.find((c) => c.id === id)!);
  const child = state.age.adult === false;
  const barred = (c: FormConsent) => child && !config.children.shareWithThirdParties && sharesData(c);
  const busy = state.phase !== 'fill' && state.phase !== 'failed';
  const minimumAge = config.children.minimumAge;
  return (
    <div class="root form-block" lang={lang}>
      <h2>{t(form.title)}</h2>
      {config.children.enabled && (
        <Guardian
          s={s}
          age={minimumAge}
          value={state.age}
          onChange={(age) => set({ age })}
          showErrors={state.showErrors}
          idPrefix={`af-${form.id}`}
          contact
        />
      )}
      {child && <p class="hint">{fill(f.contactUse, { days: config.children.guardianContactDays })}</p>}
      <p>
        <button type="button" class="secondary" disabled={busy} onClick={p.agreeAll}>
          {f.agreeAll}
        </button>
      </p>
      <p class="hint">{f.agreeAllHint}</p>
      {consents.map((c) => {
        const id = `af-${form.id}-${c.id}`;
        if (c.basis)
          return (
            <section class="choice basis" key={c.id} aria-labelledby={`${id}-t`}>
              <h3 id={`${id}-t`}>{t(c.label)}</h3>
              <p>
                <strong>{f.noConsent}</strong>: {f.bases[c.basis.kind]} — {t(c.basis.text)}
              </p>
              <Facts c={c} s={s} f={f} t={t} id={`${id}-d`} />
            </section>
          );
        const off = barred(c);
        const invalid = state.showErrors && c.required && !state.consents[c.id];
        return (
          <div class={`choice${invalid ? ' invalid' : ''}`} key={c.id}>
            <label class="switch">
              <input
                type="checkbox"
                id={id}
                name={c.id}
                checked={!!state.consents[c.id] && !off}
                disabled={busy || off}
                required={c.required}
                aria-invalid={invalid}
                aria-describedby={`${id}-d`}
                onChange={(e) =>
                  set({ consents: { ...state.consents, [c.id]: (e.target as HTMLInputElement).checked } })
                }
              />
              <span>
                <span class={c.required ? 'tag required' : 'tag'}>{c.required ? f.required : f.optional}</span>{' '}
                {t(c.label)}
              </span>
            </label>
            {off && <p class="hint">{fill(f.childNoSharing, { age: minimumAge })}</p>}
            <Facts c={c} s={s} f={f} t={t} id={`${id}-d`} />
          </div>
        );
      })}
      {form.channels.length > 0 && (
        <OptIns
          s={s}
          config={config}
          lang={lang}
          value={state.channels}
          only={form.channels}
          idPrefix={`af-${form.id}-ch`}
          onChange={(channels) => set({ channels })}
        />
      )}
      {p.missing.length > 0 && (
        <p class="error" role="alert">
          {fill(f.missing, { list: p.missing.join(', ') })}
        </p>
      )}
      <div aria-live="polite">
        {state.phase === 'sending' && <p>{f.sending}</p>}
        {state.phase === 'failed' && (
          <p class="error" role="alert">
            {f.failed}
          </p>
        )}
        {state.phase === 'staff' && <p class="notice">{f.byStaff}</p>}
        {state.phase === 'done' && (
          <p class="notice">
            {child && <>{f.verified} </>}
            {fill(f.recorded, { id: state.receipt ?? '' })}
          </p>
        )}
      </div>
      {state.phase === 'code' && (
        <CodeStep
          f={f}
          id={`af-${form.id}-code`}
          contact={state.age.contact}
          code={state.code}
          error={state.codeError}
          onCode={(code) => set({ code, codeError: undefined })}
          onVerify={p.verify}
          onResend={p.resend}
        />
      )}
    </div>
  );
}
