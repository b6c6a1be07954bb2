import type { ConsentState, LoaderSite, ReceiptRequest, StoredReceipt } from '../../protocol';
import { deleteCookies, readState, writeState } from './cookie-jar';
import { consentMode } from './consent-mode';
import { askReason, currentPolicy, localDate } from './decision';
import { newSubject, uuidv7 } from './ids';
import type { Outbox } from './outbox';
import type { ScriptGate } from './script-gate';
import type { AssentApi, AssentEvent, Decision, UiModule, View } from './types';

export interface ManagerEnv {
  doc: Document;
  win: Window;
  site: LoaderSite;
  language: string;
  gate: ScriptGate;
  outbox: Outbox;
  now: () => number;
  gpc: boolean;
  configUrl: string;
  loadUi: () => Promise<UiModule>;
  report: (error: unknown) => void;
}

/** The headless consent manager behind `window.Assent`: state, effects, receipts. No UI code. */
export function createManager(env: ManagerEnv) {
  const { doc, site, gate, outbox } = env;
  let state: ConsentState | undefined = readState(doc);
  // A cookie from another site on the same host (or stale categories) is not a decision for this one.
  if (state && !state.categories.every((c) => site.categories.some((k) => k.id === c))) state = undefined;
  let member: string | undefined;
  let language = env.language;
  const listeners = new Map<AssentEvent, Set<(d: unknown) => void>>();
  const mode = consentMode(env.win as never, site);
  let ui: ReturnType<UiModule['mountUi']> | undefined;

  const allowed = () => new Set([...site.categories.filter((c) => c.required).map((c) => c.id), ...(state && !askReason(state, site, env.now()) ? state.categories : [])]);
  const emit = (event: AssentEvent, detail: unknown) => {
    listeners.get(event)?.forEach((fn) => {
      try {
        fn(detail);
      } catch (e) {
        env.report(e);
      }
    });
    doc.dispatchEvent(new (env.win as unknown as typeof globalThis).CustomEvent(`assent:${event}`, { detail }));
  };

  const publicState = () =>
    state
      ? {
          categories: Object.fromEntries(site.categories.map((c) => [c.id, c.required || state!.categories.includes(c.id)])),
          channels: Object.fromEntries(site.channels.map((c) => [c, state!.channels.includes(c)])),
          decidedAt: new Date(state.decidedAt).toISOString(),
          policy: state.policy,
          gpc: state.gpc,
        }
      : null;

  async function decide(d: Decision): Promise<{ receipt: ReceiptRequest; stored?: StoredReceipt }> {
    const now = env.now();
    const before = allowed();
    const subject = state?.subject ?? newSubject();
    const categories = Object.fromEntries(site.categories.map((c) => [c.id, c.required || !!d.categories[c.id]]));
    const channels = Object.fromEntries(site.channels.map((c) => [c, !!d.channels[c]]));
    if (!channels.sms && 'sms_night' in channels) channels.sms_night = false; // night SMS only with SMS
    state = {
      subject,
      policy: currentPolicy(site, now),
      revision: site.revision,
      decidedAt: now,
      categories: Object.keys(categories).filter((k) => categories[k]),
      channels: Object.keys(channels).filter((k) => channels[k]),
      gpc: env.gpc,
    };
    writeState(doc, state, site.consentDays);
    const after = allowed();
    const withdrawn = site.categories.filter((c) => before.has(c.id) && !after.has(c.id));
    deleteCookies(doc, withdrawn.flatMap((c) => c.cookies));
    mode.update(after);
    gate.apply(after);
    const receipt: ReceiptRequest = {
      id: uuidv7(now),
      site: site.id,
      subject,
      policy: state.policy,
      configRevision: site.revision,
      language: d.language ?? language,
      method: d.method,
      action: d.action,
      choices: { categories, channels },
      signals: { gpc: env.gpc, decidedAt: new Date(now).toISOString(), ...(d.shownAt ? { shownAt: new Date(d.shownAt).toISOString() } : {}) },
      ...(member ? { member } : {}),
      ...(d.guardian ? { guardian: d.guardian } : {}),
    };
    emit('change', publicState());
    let stored: StoredReceipt | undefined;
    const unsubscribe = storedListener((s) => s.id === receipt.id && (stored = s));
    await outbox.add(receipt);
    unsubscribe();
    return { receipt, stored };
  }

  const storedHandlers = new Set<(s: StoredReceipt) => void>();
  const storedListener = (fn: (s: StoredReceipt) => void) => (storedHandlers.add(fn), () => storedHandlers.delete(fn));

  async function open(view: View) {
    try {
      if (ui) return ui.update(view);
      const mod = await env.loadUi();
      const shownAt = env.now();
      ui = mod.mountUi({
        doc,
        site,
        language,
        setLanguage: (l) => (language = l),
        view,
        reason: askReason(state, site, env.now()),
        state,
        gpc: env.gpc,
        today: localDate(env.now()),
        loadConfig: () => fetch(env.configUrl, { credentials: 'omit' }).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`config ${r.status}`)))),
        decide: (d) => decide({ shownAt, ...d }),
        history: () => outbox.history(),
        close: () => {
          ui?.unmount();
          ui = undefined;
        },
      });
    } catch (e) {
      env.report(e);
    }
  }

  const all = (on: boolean, only?: string[]) => Object.fromEntries(site.categories.map((c) => [c.id, c.required || (on && (!only || only.includes(c.id)))]));
  const currentChannels = () => Object.fromEntries(site.channels.map((c) => [c, !!state?.channels.includes(c)]));

  const api: AssentApi = {
    show: () => void open('banner'),
    showSettings: () => void open('settings'),
    get: publicState,
    accept: async (only) => {
      await decide({ action: only ? 'custom' : 'accept_all', method: 'api', categories: all(true, only), channels: currentChannels() });
    },
    reject: async () => {
      await decide({ action: 'reject_all', method: 'api', categories: all(false), channels: {} });
    },
    withdraw: async () => {
      await decide({ action: 'withdraw', method: 'api', categories: all(false), channels: {} });
    },
    setChannels: async (channels) => {
      const categories = Object.fromEntries(site.categories.map((c) => [c.id, c.required || !!state?.categories.includes(c.id)]));
      const next = { ...currentChannels(), ...channels };
      const withdrawing = Object.keys(channels).some((c) => !channels[c] && state?.channels.includes(c));
      await decide({ action: withdrawing ? 'withdraw' : 'custom', method: 'api', categories, channels: next });
    },
    on: (event, fn) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      if (event === 'ready' && ready) fn(publicState());
      return () => listeners.get(event)?.delete(fn);
    },
    identify: (ref) => {
      if (/^[A-Za-z0-9_:.=+/-]{8,128}$/.test(ref)) member = ref;
      else env.report(new Error('Assent.identify: the member reference must be 8–128 characters of an opaque (hashed) id'));
    },
  };

  let ready = false;
  return {
    api,
    onStored: (s: StoredReceipt) => storedHandlers.forEach((fn) => fn(s)),
    start() {
      const on = allowed();
      mode.default(on);
      gate.apply(on);
      ready = true;
      emit('ready', publicState());
      if (askReason(state, site, env.now())) void open('banner');
    },
  };
}
