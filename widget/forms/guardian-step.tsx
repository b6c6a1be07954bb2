import { render } from 'preact';
import type { PublicSiteConfig } from '../../protocol';
import { matchLanguage } from '../core/language';
import type { GuardianStepContext } from '../core/types';
import { BUILT_IN, fill, type Strings } from '../i18n';
import { styledShadow } from '../ui/styles';
import { CodeStep } from './code-step';
import { guardianClient } from './guardian-client';
import { FORM_STRINGS } from './strings';

interface StepState {
  phase: 'contact' | 'code' | 'staff' | 'done';
  contact: string;
  code: string;
  error?: string;
}

/**
 * After a child's decision in the banner: the guardian's contact, the code sent there and entered here, and the
 * decision takes effect in this browser once the collector recorded the verification (PIPA Art. 22-2). "Later"
 * leaves it pending (staff can verify it; this browser then keeps only what is strictly necessary).
 */
export async function mountGuardianStep(ctx: GuardianStepContext) {
  const [config, s] = await Promise.all([
    ctx.loadConfig() as Promise<PublicSiteConfig>,
    BUILT_IN[matchLanguage(ctx.language, Object.keys(BUILT_IN)) ?? 'en']!().then((m) => m.default as Strings),
  ]);
  const f = FORM_STRINGS[matchLanguage(ctx.language, Object.keys(FORM_STRINGS)) ?? 'en']!;
  const client = guardianClient(ctx.win, ctx.base, f);
  const { host, shadow } = styledShadow(ctx.doc, 'assent-guardian');
  host.setAttribute('data-layout', 'box');
  (ctx.doc.body ?? ctx.doc.documentElement).append(host);
  const st: StepState = { phase: 'contact', contact: '', code: '' };
  const { id, secret } = ctx.receipt;
  const close = () => (render(null, shadow), host.remove());
  const set = (patch: Partial<StepState>) => (Object.assign(st, patch), draw());
  const send = async () => {
    if (!st.contact.trim()) return set({ error: s.required });
    const sent = await client.sendCode(id, secret, st.contact, ctx.language);
    set(
      sent === 'sent'
        ? { phase: 'code', code: '', error: undefined }
        : sent === 'staff'
          ? { phase: 'staff' }
          : { error: f.codeFailed },
    );
  };
  const verify = async () => {
    const checked = await client.verify(id, secret, st.code);
    if ('receipt' in checked) {
      ctx.verified(checked.receipt);
      return set({ phase: 'done', error: undefined });
    }
    set({ error: checked.error });
  };
  function draw() {
    render(
      <div class="root" lang={ctx.language}>
        <div class="banner" role="dialog" aria-labelledby="ag-t">
          <h2 id="ag-t">{f.stepTitle}</h2>
          {st.phase === 'contact' && (
            <>
              <p>{f.stepIntro}</p>
              <label for="ag-contact">{s.guardianContact}</label>
              <input
                id="ag-contact"
                value={st.contact}
                aria-invalid={!!st.error}
                onInput={(e) => set({ contact: (e.target as HTMLInputElement).value, error: undefined })}
              />
              <p class="hint">{fill(f.contactUse, { days: config.children.guardianContactDays })}</p>
              {st.error && (
                <p class="error" role="alert">
                  {st.error}
                </p>
              )}
              <div class="actions">
                <button type="button" class="primary" onClick={() => void send()}>
                  {f.sendCode}
                </button>
                <button type="button" class="primary" onClick={close}>
                  {f.later}
                </button>
              </div>
            </>
          )}
          {st.phase === 'code' && (
            <CodeStep
              f={f}
              id="ag-code"
              contact={st.contact}
              code={st.code}
              error={st.error}
              onCode={(code) => set({ code, error: undefined })}
              onVerify={() => void verify()}
              onResend={() => void send()}
            />
          )}
          {(st.phase === 'staff' || st.phase === 'done') && (
            <>
              <p role="status">{st.phase === 'staff' ? f.byStaff : f.verified}</p>
              <div class="actions">
                <button type="button" class="primary" onClick={close}>
                  {s.close}
                </button>
              </div>
            </>
          )}
        </div>
      </div>,
      shadow,
    );
  }
  draw();
  shadow.querySelector<HTMLElement>('#ag-contact')?.focus();
}
