import type { ConsentState, LoaderSite, Regime } from '../../protocol';
import { readState, writeState } from './cookie-jar';
import { consentMode } from './consent-mode';
import { fetchPaint, paintBanner, type Paint } from './first-paint';
import { askReason, cookieDays, cookiesHold, currentPolicy, siteDate } from './decision';
import type { ScriptGate } from './script-gate';
import type { Actions, AssentApi, AssentEvent, PublicState, Shared, View } from './types';

export interface LoaderEnv {
  doc: Document;
  win: Window;
  site: LoaderSite;
  language: string;
  gpc: boolean;
  /** How this visitor is asked, when the site sets regimes (`/assent.js` says, by where the visitor is). */
  regime?: Regime;
  layout: string;
  base: string;
  now: () => number;
  gate: ScriptGate;
  /** Loads stage two (decisions, receipts, UI). Called only when needed. */
  loadActions: (shared: Shared) => Promise<Actions>;
  /** Starts downloading the UI and the strings of a language, when a decision is needed. */
  preload?: (language: string) => void;
  /** True when receipts from an earlier page still wait to be delivered (given the document's cookie string). */
  outboxPending: (cookie: string) => boolean;
  report: (error: unknown) => void;
  /** The first-visit banner `/assent.js?site=…` brought along (for one site and language). */
  paint?: Paint;
}

/**
 * Stage one, on every page: reads the cookie, runs what it allows, sets Consent Mode, exposes `window.Assent`.
 * Everything that writes (decisions, receipts, UI) is in stage two, loaded on first use.
 */
export function startLoader(env: LoaderEnv): AssentApi {
  const { doc, site } = env;
  const jar = doc.cookie;
  let state: ConsentState | undefined = readState(jar);
  // Another site's cookie on the same host, or one naming categories this site lacks, is no decision here.
  if (
    state &&
    (state.site !== site.id || !(state.categories ?? []).every((c) => site.categories.some((k) => k.id === c)))
  )
    state = undefined;
  let language = env.language;
  let member: unknown;
  let config: Promise<unknown> | undefined;
  let actions: Promise<Actions> | undefined;
  let started = false;
  const listeners: Record<string, Set<(d: PublicState | null) => void>> = { ready: new Set(), change: new Set() };
  const mode = consentMode(env.win as never, site);

  const regime = env.regime ?? 'opt-in';
  const optOut = regime !== 'opt-in';
  const valid = () => (state?.categories && cookiesHold(state, site, env.now(), optOut) ? state : undefined);
  // Opt-out and notice: every category until the visitor decides (opts out); opt-in: the required ones.
  const allowed = () => {
    const s = valid();
    return new Set([
      ...site.categories.filter((c) => c.required || (!s && optOut)).map((c) => c.id),
      ...(s?.categories ?? []),
    ]);
  };
  const reasonNow = () => askReason(state, site, env.now(), optOut);
  const publicState = (): PublicState | null => {
    const s = valid();
    return s
      ? {
          categories: Object.fromEntries(
            site.categories.map((c) => [c.id, c.required || !!s.categories?.includes(c.id)]),
          ),
          channels: Object.fromEntries(site.channels.map((c) => [c.id, s.channels.includes(c.id)])),
          decidedAt: new Date(s.decidedAt).toISOString(),
          policy: s.policy,
          gpc: s.gpc,
        }
      : null;
  };
  const emit = (event: AssentEvent) => {
    const detail = publicState();
    for (const fn of listeners[event]!) {
      try {
        fn(detail);
      } catch (e) {
        env.report(e);
      }
    }
    doc.dispatchEvent(new (env.win as unknown as typeof globalThis).CustomEvent(`assent:${event}`, { detail }));
  };

  const shared: Shared = {
    doc,
    win: env.win,
    site,
    gpc: env.gpc,
    regime: env.regime,
    layout: env.layout,
    now: env.now,
    base: env.base,
    language: () => language,
    setLanguage: (l) => (language = l),
    state: () => state,
    reason: reasonNow,
    policy: (now) => currentPolicy(site, now),
    today: () => siteDate(site, env.now()),
    allowed,
    commit(next) {
      state = next;
      // A decision made before the UI adopted the painted banner (the page's API): the banner has nothing to ask.
      const painted = shared.prerendered?.host;
      if (painted && !painted.hasAttribute('data-assent-ui')) painted.remove();
      writeState(doc, next, cookieDays(site), site.cookieDomain);
      const on = allowed();
      mode.update(on);
      env.gate.apply(on);
      emit('change');
    },
    member: () => member,
    loadConfig: () =>
      (config ??= fetch(new URL(`v1/sites/${site.id}/config`, env.base).href, { credentials: 'omit' }).then((r) => {
        if (r.ok) return r.json();
        // The one warning a site owner needs when the collector refuses this page's origin (HTTP 403).
        if (r.status === 403)
          console.warn(
            `[assent] the collector refuses this page's origin ${env.win.location.origin}: ` +
              `add it to "origins" in the config of site "${site.id}"`,
          );
        throw new Error(`config ${r.status}`);
      })),
    report: env.report,
  };
  // A failed download (offline) is tried again at the next call instead of being remembered.
  const stage2 = () =>
    (actions ??= env.loadActions(shared).catch((e) => {
      actions = undefined;
      throw e;
    }));
  const open = (view: View, ifAsked = false) =>
    void stage2()
      .then((a) => a.open(view, ifAsked))
      .catch(env.report);
  // API calls run in stage two; their promises resolve even on an internal error, which is reported instead.
  const act = (fn: (a: Actions) => Promise<unknown>) =>
    stage2()
      .then(fn)
      .then(() => {}, env.report);

  const api: AssentApi = {
    show: () => open('banner'),
    showSettings: () => open('settings'),
    showNotice: () => open('notice'),
    ask: (category) => site.categories.some((c) => c.id === category && !c.required) && open(`allow:${category}`),
    get: publicState,
    regime,
    accept: (only, who) => act((a) => a.accept(only, who)),
    reject: () => act((a) => a.reject()),
    withdraw: () => act((a) => a.withdraw()),
    setChannels: (next, who) => act((a) => a.setChannels(next, who)),
    renderOptIns: (element, channels) => act((a) => a.renderOptIns(element, channels)),
    renderForm: (element) => act((a) => a.renderForm(element)),
    on(event, fn) {
      listeners[event]?.add(fn);
      if (event === 'ready' && started) fn(publicState());
      return () => listeners[event]?.delete(fn);
    },
    // Checked when a receipt is made (core/identity.ts, in stage two): the loader stays small.
    identify(who) {
      member = who;
    },
  };

  // Consent Mode defaults and the gate go first, before any tag the page runs after this script.
  const on = allowed();
  // GPC sent now but not when the stored decision allowed advertising: honour it as an opt-out of the
  // advertising categories (CCPA), recorded as a `gpc` receipt. A later explicit choice overrides it again.
  const ads = site.categories.filter(
    (c) => on.has(c.id) && !c.required && c.consentMode.some((t) => t.startsWith('ad_')),
  );
  const gpcOptOut = env.gpc && !valid()?.gpc && ads.length > 0;
  if (gpcOptOut) ads.forEach((c) => on.delete(c.id));
  mode.default(on);
  env.gate.apply(on);
  started = true;
  // Set before `assent:ready`, so a page script listening for it (the async embed) finds the API.
  (env.win as unknown as { Assent: AssentApi }).Assent = api;
  emit('ready');
  if (gpcOptOut) void act((a) => a.gpcOptOut(ads.map((c) => c.id)));
  const reason = reasonNow();
  // Stage two, the UI, its strings and the site's texts download in parallel.
  let preloaded = false;
  const preload = () => {
    if (preloaded) return;
    preloaded = true;
    // One task per request: starting one costs the main thread 10–15 ms at 4× CPU (measured), four in a row are a long task.
    setTimeout(() => void shared.loadConfig().catch(() => {}));
    env.preload?.(language);
  };
  const full = () => {
    // Decided meanwhile (the page's own API call): nothing to ask any more.
    if (!reasonNow()) return;
    preload();
    open('banner', true);
  };
  if (reason && reason !== 'reconfirm') {
    // The collector's rendering of the banner paints it in one request; the rest follows when the browser is idle.
    let woken = false;
    const wake = () => !woken && ((woken = true), full());
    const own = env.paint;
    const query = `lang=${encodeURIComponent(language)}${reason === 'first-visit' ? '' : `&reason=${reason}`}`;
    const paint =
      reason === 'first-visit' && !env.gpc && own?.site === site.id && own.lang === language
        ? Promise.resolve(own)
        : fetchPaint(shared, query + (env.gpc ? '&gpc=1' : ''));
    // The downloads start after the frame that shows the banner: starting requests costs the main thread ~35 ms at
    // 4× CPU (measured), which would otherwise delay the banner.
    paintBanner(shared, paint, wake).then(() => env.win.requestAnimationFrame(() => setTimeout(preload)), wake);
  } else if (reason) full();
  // Receipts an earlier page left waiting go out whatever this page shows (a banner asking again included).
  const resend = () =>
    void stage2()
      .then((a) => a.flush())
      .catch(env.report);
  if (env.outboxPending(jar)) resend();
  // The site's forms that carry Assent's consent block (data-assent-form) are drawn once the page is parsed.
  const forms = () => env.doc.querySelectorAll('[data-assent-form]').forEach((el) => void api.renderForm(el));
  if (env.doc.readyState === 'loading') env.doc.addEventListener('DOMContentLoaded', forms);
  else forms();
  // Leaving the page: send what waits with keepalive. Back online: send it now rather than at the next retry.
  const flush = (keepalive: boolean) => actions && void actions.then((a) => a.flush(keepalive)).catch(env.report);
  env.win.addEventListener('pagehide', () => flush(true));
  // A stage two that failed to download (offline) is tried again then, if receipts wait.
  env.win.addEventListener('online', () => (actions ? flush(false) : env.outboxPending(doc.cookie) && resend()));
  return api;
}
