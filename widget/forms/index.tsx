import { render } from 'preact';
import type { PublicSiteConfig, ReceiptRequest, StoredReceipt } from '../../protocol';
import { optInsOf } from '../../protocol/channels';
import { formCheckboxes, sharesData } from '../../protocol/form-rules';
import { matchLanguage } from '../core/language';
import type { Decided, FormContext, FormModule } from '../core/types';
import { BUILT_IN, type Strings } from '../i18n';
import { ageComplete } from '../ui/guardian';
import { texts } from '../ui/site-texts';
import { styledShadow } from '../ui/styles';
import { FormView, type FormState } from './form-view';
import { guardianClient } from './guardian-client';
import { FORM_STRINGS } from './strings';

export { mountGuardianStep } from './guardian-step';

/** The block's look on top of the banner's: a bordered section of the page's form, required tags, the code step. */
const FORM_STYLES = `.form-block{display:block;border:1px solid var(--border);border-radius:var(--radius);padding:16px;
background:var(--bg)}
.tag{display:inline-block;font-size:13px;font-weight:700;padding:0 6px;border-radius:4px;border:1px solid var(--fg)}
.tag.required{background:var(--fg);color:var(--bg)}
.invalid{outline:2px solid #b3261e;outline-offset:4px;border-radius:4px}
.basis h3{margin-top:0}
.notice{border-left:4px solid var(--accent);padding:4px 10px}
.code-step{margin-top:12px}
button.secondary{padding:8px 14px;min-height:44px;background:var(--bg);color:var(--accent);border:2px solid var(--accent);
font-weight:600}`;

const loadStrings = (lang: string): Promise<Strings> =>
  BUILT_IN[matchLanguage(lang, Object.keys(BUILT_IN)) ?? 'en']!().then((m) => m.default);

/** The status a page can read (`element.assentForm.status()`) and that each event carries. */
export interface FormStatus {
  form: string;
  complete: boolean;
  missing: string[];
  consents: Record<string, boolean>;
  receipt?: string;
  guardian?: 'pending' | 'verified';
}

/**
 * Draws the consent block into the site's form and holds the form's submission until the required consents are
 * given; on submit records one receipt (form id, exactly the consents shown, the member the page identified) and
 * puts its id into the form (`assent_receipt`), then lets the submission go on. A child's submission first
 * verifies the guardian with a code the collector sends through the site's gateway (or waits for staff).
 */
export const mountForm: FormModule['mountForm'] = async (ctx: FormContext) => {
  const el = ctx.element as HTMLElement & { assentForm?: { status(): FormStatus } };
  const formId = el.dataset.assentForm ?? '';
  const [config, s] = await Promise.all([ctx.loadConfig() as Promise<PublicSiteConfig>, loadStrings(ctx.language)]);
  const lang = matchLanguage(ctx.language, config.languages) ?? config.defaultLanguage;
  const f = FORM_STRINGS[matchLanguage(lang, Object.keys(FORM_STRINGS)) ?? 'en']!;
  const asked = formCheckboxes(config, formId);
  if (!asked) throw new Error(`data-assent-form="${formId}" is not a form of site "${config.id}"`);
  const form = config.forms.find((x) => x.id === formId)!;
  const t = texts(config, lang);
  const optIns = optInsOf(config.channels).filter((o) => form.channels.includes(o.refines ?? o.id));

  const { host, shadow } = styledShadow(ctx.doc, 'assent-form', FORM_STYLES);
  el.replaceChildren(host);

  const st: FormState = {
    consents: Object.fromEntries(asked.map((c) => [c.id, false])),
    channels: Object.fromEntries(optIns.map((o) => [o.id, !!ctx.granted[o.id]])),
    age: { name: '', contact: '' },
    showErrors: false,
    phase: 'fill',
    code: '',
  };
  let pending: { id: string; secret: string } | undefined;
  let verifiedId: string | undefined;

  const child = () => config.children.enabled && st.age.adult === false;
  const barred = (c: (typeof asked)[number]) => child() && !config.children.shareWithThirdParties && sharesData(c);
  const consentsNow = () => Object.fromEntries(asked.map((c) => [c.id, !!st.consents[c.id] && !barred(c)]));
  const missing = () => asked.filter((c) => c.required && !st.consents[c.id]).map((c) => t(c.label));
  const complete = () => !missing().length && (!config.children.enabled || ageComplete(st.age, true));
  const status = (): FormStatus => ({
    form: formId,
    complete: complete(),
    missing: asked.filter((c) => c.required && !st.consents[c.id]).map((c) => c.id),
    consents: consentsNow(),
    ...(st.receipt ? { receipt: st.receipt } : {}),
    ...(pending ? { guardian: verifiedId ? ('verified' as const) : ('pending' as const) } : {}),
  });
  const emit = (type: string) => el.dispatchEvent(new CustomEvent(type, { detail: status(), bubbles: true }));
  el.assentForm = { status };

  const draw = () =>
    render(
      <FormView
        s={s}
        f={f}
        config={config}
        lang={lang}
        formId={formId}
        state={st}
        missing={st.showErrors ? missing() : []}
        set={(patch) => {
          Object.assign(st, patch);
          draw();
          emit('assent:form-change');
        }}
        agreeAll={() => {
          st.consents = Object.fromEntries(asked.map((c) => [c.id, !barred(c)]));
          st.channels = Object.fromEntries(optIns.map((o) => [o.id, true]));
          draw();
          emit('assent:form-change');
        }}
        verify={() => void verify()}
        resend={() => void sendCode()}
      />,
      shadow,
    );
  draw();

  const page = el.closest('form');
  const hidden = (name: string, value: string) => {
    if (!page) return;
    let input = page.querySelector<HTMLInputElement>(`input[type=hidden][name="${name}"]`);
    if (!input) {
      input = ctx.doc.createElement('input');
      input.type = 'hidden';
      input.name = name;
      page.append(input);
    }
    input.value = value;
  };
  const guardian = guardianClient(ctx.win, ctx.base, f);
  let passing = false;
  /** The receipt is stored (and a child's guardian verified): the submission may go on. */
  const release = () => {
    st.phase = 'done';
    draw();
    emit('assent:form-recorded');
    passing = true;
    page?.requestSubmit();
  };

  async function sendCode() {
    if (!pending) return;
    const sent = await guardian.sendCode(pending.id, pending.secret, st.age.contact, lang);
    if (sent === 'sent') Object.assign(st, { phase: 'code', code: '', codeError: undefined });
    // No gateway for codes on this site: the clinic calls the guardian (the contact is kept for that call). The
    // child's form is not sent before that: collecting a child's data needs the guardian's consent first.
    else if (sent === 'staff') {
      st.phase = 'staff';
      emit('assent:form-recorded');
    } else Object.assign(st, { phase: 'code', codeError: f.codeFailed });
    draw();
  }
  async function verify() {
    if (!pending) return;
    const checked = await guardian.verify(pending.id, pending.secret, st.code);
    if ('receipt' in checked) {
      verifiedId = checked.receipt.id;
      ctx.verified(checked.receipt);
      hidden('assent_guardian_verification', checked.receipt.id);
      return release();
    }
    st.codeError = checked.error;
    draw();
  }

  // A submission that did not get through: sent again under the same receipt while the choices are the same (a
  // new receipt would leave the old one queued, to land later as the subject's latest decision).
  let unsent: { key: string; receipt: ReceiptRequest } | undefined;
  async function record() {
    st.phase = 'sending';
    draw();
    const kid = child();
    const decision = {
      action: 'custom' as const,
      method: 'api' as const,
      form: formId,
      consents: consentsNow(),
      channels: { ...st.channels },
      ...(config.children.enabled ? { age: kid ? ('child' as const) : ('adult' as const) } : {}),
      ...(kid ? { guardian: { name: st.age.name.trim() } } : {}),
      shownBy: 'assent' as const,
      language: lang,
    };
    const key = JSON.stringify(decision);
    const done: Decided =
      unsent?.key === key
        ? { receipt: unsent.receipt, stored: await ctx.resend(unsent.receipt) }
        : await ctx.decide(decision);
    unsent = done.receipt && !done.stored ? { key, receipt: done.receipt } : undefined;
    const secret = (done.stored as (StoredReceipt & { secret?: string }) | undefined)?.secret;
    // The form goes on only with a receipt the collector stored (a refused or unsent one would leave the site with
    // an id that proves nothing); the visitor sends again once the connection is back.
    if (!done.receipt || !secret) {
      st.phase = 'failed';
      return draw();
    }
    st.receipt = done.receipt.id;
    hidden('assent_receipt', done.receipt.id);
    // With the secret the site's back end can read the receipt from the collector and check it.
    hidden('assent_receipt_secret', secret);
    if (!kid) return release();
    pending = { id: done.receipt.id, secret: secret! };
    await sendCode();
  }

  // Capture on the document: before the page's own submit handlers (on the form or bubbling to the document), which
  // see the submission only once it may go.
  ctx.doc.addEventListener(
    'submit',
    (e) => {
      if (e.target !== page) return;
      if (passing) {
        passing = false;
        return;
      }
      e.preventDefault();
      e.stopImmediatePropagation();
      if (st.phase !== 'fill' && st.phase !== 'failed') return;
      if (!complete()) {
        st.showErrors = true;
        draw();
        emit('assent:form-invalid');
        shadow.querySelector<HTMLElement>('[aria-invalid=true], .choice.invalid input')?.focus();
        return;
      }
      void record();
    },
    true,
  );
};
