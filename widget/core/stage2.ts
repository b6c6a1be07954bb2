import type { ReceiptRequest, StoredReceipt } from '../../protocol';
import { actionFor, choiceSnapshot } from '../../protocol/choice-rules';
import { formsHook } from './forms-hook';
import { takeDecision } from './take-decision';
import { newSubject, uuidv7 } from './ids';
import { createOutbox, localStorageOf, type OutboxOptions } from './outbox';
import type { Actions, AgeAnswer, Decided, Decision, FormModule, Shared, UiModule } from './types';

export interface Stage2Options {
  /** Overrides of the outbox's parts (tests: another IndexedDB store, fetch, clock, timers). */
  outbox?: Partial<Pick<OutboxOptions, 'fetch' | 'now' | 'store' | 'setTimer' | 'local'>>;
  /** Loads the UI module; main.ts passes the built file (core/ never imports ui/). */
  loadUi: () => Promise<UiModule>;
  /** Loads the form consent block's module (only on pages with a form that has one). */
  loadForms?: () => Promise<FormModule>;
  /** Marks in localStorage whether receipts wait, so the loader of a later page knows to load stage two. */
  markPending?: (pending: boolean) => void;
}

/**
 * Stage two: turns decisions into cookie + receipt, delivers receipts through the outbox, and opens the UI.
 * Loaded by the loader on first use; never on a returning visitor's page view without pending work. What the
 * loader already has (policy dates, the reason to ask) comes through `Shared` rather than a second copy here.
 */
export function createActions(sh: Shared, opts: Stage2Options): Actions {
  const { site, doc } = sh;
  const waiting = new Map<string, (s: StoredReceipt) => void>();
  const outbox = createOutbox({
    endpoint: new URL('v1/receipts', sh.base).href,
    fetch: (...a) => sh.win.fetch(...a),
    now: sh.now,
    local: localStorageOf(sh.win),
    ...opts.outbox,
    onStored: (s) => waiting.get(s.id)?.(s),
    onRejected: (_r, status) => sh.report(new Error(`the collector refused a receipt (HTTP ${status})`)),
    onStale: () => void askAgain().catch(sh.report),
    onIdle: (pending) => opts.markPending?.(pending),
    onStorageFailure: (e) => sh.report(new Error(`IndexedDB is not available (${(e as Error)?.name})`)),
  });
  const { loadUi } = opts;
  let ui: ReturnType<UiModule['mountUi']> | undefined;

  /**
   * The collector says the decision was made against a config it no longer serves (a revision older than its
   * own, or a policy no longer in force): fetch the config afresh, take its revision and policies, and ask again.
   */
  async function askAgain() {
    const fresh = sh.win
      .fetch(new URL(`v1/sites/${site.id}/config`, sh.base).href, { credentials: 'omit', cache: 'no-cache' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`config ${r.status}`))));
    const config = (await fresh) as {
      revision: string;
      policies: { id: string; noticeDate: string; effectiveDate: string }[];
    };
    site.revision = config.revision;
    site.policies = config.policies.map((p) => [p.id, p.noticeDate, p.effectiveDate]);
    sh.loadConfig = () => fresh;
    ui?.unmount();
    ui = undefined;
    // Opt-out visitors see no banner: their settings, to make the choice again under the new config.
    await open(sh.regime && sh.regime !== 'opt-in' ? 'settings' : 'banner');
  }

  /** Never rejects: the page and the UI go on whatever fails (reported once); the decision itself is already in effect. */
  async function decide(d: Decision): Promise<Decided> {
    try {
      return await record(d);
    } catch (error) {
      sh.report(error);
      return {};
    }
  }

  const take = takeDecision(sh);
  /** The collector's verification receipt restates the pending choices: they take effect now. */
  const verified = (r: StoredReceipt) =>
    void take(r.id, r.action, sh.now(), r.choices.categories, r.choices.channels, false, r.subject);

  /** Puts a receipt in the outbox (again: the same id, an idempotent replay) and sends it; the stored one if in time. */
  async function deliver(receipt: ReceiptRequest) {
    let stored: StoredReceipt | undefined;
    waiting.set(receipt.id, (s) => (stored = s));
    opts.markPending?.(true);
    await outbox.add(receipt);
    waiting.delete(receipt.id);
    return stored as StoredReceipt | undefined;
  }

  async function record(asked: Decision) {
    // A child on a site that never shares children's data: its third-party categories stay off (the banner does
    // the same; the collector refuses them), and the action says what is really allowed.
    let d = asked;
    if (asked.age === 'child' && asked.categories && site.noChildSharing.length) {
      const categories = { ...asked.categories };
      for (const id of site.noChildSharing) categories[id] = false;
      const previous = sh.state() && { granted: Object.fromEntries(sh.state()!.channels.map((c) => [c, true])) };
      d = { ...asked, categories, action: actionFor({ categories, channels: asked.channels }, site, previous) };
    }
    // A cookie decision from the host page's code settles what the banner was asking (a form's marketing choices
    // do not: the cookie question stays open).
    if (d.method === 'api' && d.categories && ui) {
      ui.unmount();
      ui = undefined;
    }
    const now = sh.now();
    const at = new Date(now).toISOString();
    const { categories, channels } = choiceSnapshot(site, d);
    // The collector's rule (protocol/form-rules.ts): a site that asks the age records nothing optional without it.
    const optional = site.categories.some((c) => !c.required && categories?.[c.id]);
    const grants = optional || Object.values(channels).some(Boolean);
    if (site.children && grants && d.action !== 'reconfirm' && d.method !== 'gpc')
      if (!d.age || (d.age === 'child' && !d.guardian)) throw new Error('age answer required');
    const subject = sh.state()?.subject ?? newSubject(now);
    const policy = sh.policy(now);
    const id = uuidv7(now);
    // A child's decision waits for the guardian's verification: only what is strictly necessary takes effect.
    const pending = !!d.guardian;
    const held =
      categories && pending ? Object.fromEntries(site.categories.map((c) => [c.id, c.required])) : categories;
    const results = take(id, d.action, now, held, channels, pending, subject);
    // Only pages that identify a member load the check of what they passed (kept out of every first visit's bytes).
    const who = sh.member();
    const identity =
      who === undefined
        ? {}
        : await import('./identity').then(
            (m) => m.identityFields(who, sh.report),
            (e) => (sh.report(e), {}),
          );
    const receipt: ReceiptRequest = {
      id,
      site: site.id,
      subject,
      ...identity,
      policy,
      configRevision: site.revision,
      language: d.language ?? sh.language(),
      method: d.method,
      action: d.action,
      ...(d.form ? { form: d.form } : {}),
      choices: { ...(categories ? { categories } : {}), channels, ...(d.consents ? { consents: d.consents } : {}) },
      ...(d.age ? { age: d.age } : {}),
      ...(d.guardian ? { guardian: d.guardian } : {}),
      signals: {
        gpc: sh.gpc,
        ...(d.shownAt ? { shownAt: new Date(d.shownAt).toISOString() } : {}),
        decidedAt: at,
        ...(d.shownBy ? { shownBy: d.shownBy } : {}),
        ...(d.view ? { view: d.view } : {}),
        ...(sh.regime ? { regime: sh.regime } : {}),
      },
    };
    const stored = await deliver(receipt);
    // A child's decision in the banner or settings: the guardian's code step (the form block has its own; a page's
    // API decision is verified by staff).
    if (d.guardian && d.method !== 'api') forms.guardianStep(receipt, stored);
    return { receipt, stored, results };
  }

  async function open(view: Parameters<Actions['open']>[0], ifAsked = false) {
    if (ui) return ui.update(view);
    const mod = await loadUi();
    // Decided while the UI downloaded (the page's API): the banner has nothing left to ask.
    if (ifAsked && !sh.reason()) return sh.prerendered?.host.remove();
    const painted = sh.prerendered;
    const shownAt = painted?.shownAt ?? sh.now();
    // Counted for the site's dashboard (banners shown and answered): a bodiless simple request, no subject; the
    // view's id goes with the decision answering it.
    let viewId: string | undefined;
    if (view === 'banner' || painted) {
      viewId = newSubject(shownAt).slice(0, 16);
      const url = new URL(
        `v1/sites/${encodeURIComponent(site.id)}/shown?policy=${encodeURIComponent(sh.policy(shownAt))}&view=${viewId}`,
        sh.base,
      ).href;
      sh.win.fetch(url, { method: 'POST', keepalive: true }).catch(() => {});
    }
    ui = mod.mountUi({
      doc,
      site,
      language: sh.language(),
      setLanguage: sh.setLanguage,
      view,
      layout: sh.layout,
      reason: sh.reason(),
      // Read at each render: the UI stays mounted after a banner decision (the note offering the receipt).
      get state() {
        return sh.state();
      },
      allowed: sh.allowed,
      gpc: sh.gpc,
      today: sh.today(),
      loadConfig: sh.loadConfig,
      prerendered: painted,
      decide: (d) => decide({ shownAt, view: viewId, ...d }),
      history: () => outbox.history(),
      receiptUrl: (id, secret) => new URL(`v1/receipts/${id}?secret=${encodeURIComponent(secret)}`, sh.base).href,
      close: () => {
        ui?.unmount();
        ui = undefined;
      },
    });
  }

  const on = () => sh.allowed();
  /** The page's age answer for an API decision (the collector checks it as it checks the banner's). */
  const aged = (who?: AgeAnswer): Partial<Decision> =>
    who
      ? { age: who.age, ...(who.age === 'child' && who.guardian ? { guardian: { name: who.guardian.name } } : {}) }
      : {};
  const all = (yes: boolean, only?: string[]) =>
    Object.fromEntries(site.categories.map((c) => [c.id, c.required || (yes && (!only || only.includes(c.id)))]));
  const granted = (id: string) => !!sh.state()?.channels.includes(id);
  const none = () => Object.fromEntries(site.channels.map((c) => [c.id, false]));
  const current = () => Object.fromEntries(site.categories.map((c) => [c.id, on().has(c.id)]));
  // Opt-ins rendered by Assent into the site's own forms (renderOptIns), and what each shows now.
  const rendered = new Map<Element, Record<string, boolean>>();
  const shownByAssent = (ids: string[]) =>
    ids.every((id) => [...rendered].some(([el, value]) => el.isConnected && id in value));

  /** A form's marketing choices, completed so night-time consent travels with its daytime consent. */
  function formChannels(next: Record<string, boolean>) {
    const out = { ...next };
    for (const c of site.channels) {
      if (!c.refines) continue;
      if (c.refines in out && !(c.id in out)) out[c.id] = !!out[c.refines] && granted(c.id);
      if (c.id in out && !(c.refines in out)) out[c.refines] = granted(c.refines);
    }
    return out;
  }

  async function renderOptIns(element: Element, only?: string[]) {
    const mod = await loadUi();
    const value = Object.fromEntries(
      site.channels
        .filter((c) => !only || only.includes(c.id) || only.includes(c.refines!))
        .map((c) => [c.id, granted(c.id)]),
    );
    await mod.mountOptIns({
      doc,
      element,
      language: sh.language(),
      loadConfig: sh.loadConfig,
      value,
      onChange: (v) => rendered.set(element, v),
    });
    // Counted as shown by Assent only once its opt-ins are in the page.
    rendered.set(element, value);
  }

  const forms = formsHook(sh, { loadForms: opts.loadForms, decide, deliver, verified, granted });

  return {
    decide,
    open,
    renderForm: (element) => forms.renderForm(element).catch(sh.report),
    flush: (keepalive) => outbox.flush({ keepalive }),
    // Cookie decisions name no channel: a cookie click never moves a marketing consent or its 2-year clock.
    accept: (only, who) =>
      decide({
        action: only ? 'custom' : 'accept_all',
        method: 'api',
        categories: all(true, only),
        channels: {},
        ...aged(who),
      }),
    reject: () => decide({ action: 'reject_all', method: 'api', categories: all(false), channels: {} }),
    withdraw: () => decide({ action: 'withdraw', method: 'api', categories: all(false), channels: none() }),
    // A form's opt-ins are a marketing-only decision (no cookie choice, so a first visit records no cookie
    // refusal); a channel turned off is a withdrawal of it. Without an argument: what renderOptIns shows.
    setChannels: (next, who) => {
      const chosen = formChannels(
        next ?? Object.assign({}, ...[...rendered].filter(([el]) => el.isConnected).map(([, v]) => v)),
      );
      if (!Object.keys(chosen).length) return Promise.resolve({});
      return decide({
        action: 'custom',
        method: 'api',
        channels: chosen,
        shownBy: shownByAssent(Object.keys(chosen)) ? 'assent' : 'site',
        ...aged(who),
      });
    },
    renderOptIns: (element, only) => renderOptIns(element, only).catch(sh.report),
    gpcOptOut: (ads) =>
      decide({
        action: 'custom',
        method: 'gpc',
        categories: Object.fromEntries(Object.entries(current()).map(([id, yes]) => [id, yes && !ads.includes(id)])),
        channels: {},
      }),
  };
}
