import type { PublicSiteConfig, ReceiptRequest, StoredReceipt } from '../../protocol';
import { optInsOf } from '../../protocol/channels';
import { actionFor } from '../../protocol/choice-rules';
import type { Decided, Decision, UiContext, View } from '../core/types';
import type { Strings } from '../i18n';
import { Allow } from './allow';
import { Banner } from './banner';
import { Dialog } from './dialog';
import { History } from './history';
import { ageComplete, type AgeAnswer } from './guardian';
import { Notice } from './notice';
import { Preferences } from './preferences';
import { ReceiptView } from './receipt';
import { Reconfirm } from './reconfirm';
import { ResultNotice } from './result-notice';
import { Component } from 'preact';

export interface AppProps {
  ctx: UiContext;
  config: PublicSiteConfig;
  strings: Strings;
  lang: string;
  view: View;
  setView: (v: View | 'closed') => void;
  onLanguage: (lang: string) => void;
  /** What had focus when the current dialog opened; it gets focus back when the dialog closes. */
  opener?: Element | null;
}

interface AppState {
  categories: Record<string, boolean>;
  channels: Record<string, boolean>;
  age: AgeAnswer;
  ageErrors: boolean;
  expanded?: boolean;
  /** A banner decision's delivery, for the receipt the note after it offers. */
  toast?: Promise<Decided>;
  /** The receipts this browser holds, read when the settings open. */
  history?: StoredReceipt[];
  saved?: Decided & { receipt: ReceiptRequest };
}

/** A class, not hooks: preact/hooks would add 1.4 KB (brotli) to every first visit for five pieces of state. */
export class App extends Component<AppProps, AppState> {
  constructor(props: AppProps) {
    super(props);
    this.state = { ...this.current(), age: { name: '', contact: '' }, ageErrors: false };
  }

  current() {
    const { ctx, config } = this.props;
    return {
      categories: Object.fromEntries(
        config.categories.map((c) => [
          c.id,
          // Without a decision, what is on now (an opt-out regime's defaults); with one, what it chose.
          c.required || (ctx.state?.categories ? ctx.state.categories.includes(c.id) : ctx.allowed().has(c.id)),
        ]),
      ),
      channels: Object.fromEntries(optInsOf(config.channels).map((c) => [c.id, !!ctx.state?.channels.includes(c.id)])),
    };
  }

  timer?: ReturnType<typeof setTimeout>;
  override componentDidMount() {
    this.componentDidUpdate({ ...this.props, view: 'banner' });
  }
  override componentDidUpdate(prev: AppProps) {
    const { view, ctx, setView } = this.props;
    if (view === prev.view) return;
    if (view === 'settings') {
      // The choices as they stand now (a decision may have been made since the UI was mounted).
      this.setState(this.current());
      void ctx.history().then(
        (history) => this.setState({ history }),
        () => {},
      );
    }
    // The note after a banner decision goes by itself; the receipt stays in the settings' "my consents".
    if (view === 'saved') this.timer = setTimeout(() => this.props.view === 'saved' && setView('closed'), 10_000);
  }
  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  render(
    { ctx, config, strings: s, lang, view, setView, onLanguage, opener }: AppProps,
    { categories, channels, age, ageErrors, saved, expanded, toast, history }: AppState,
  ) {
    const set = (patch: Partial<AppState>) => this.setState(patch);
    const setCategories = (categories: Record<string, boolean>) => set({ categories });
    const setChannels = (channels: Record<string, boolean>) => set({ channels });
    const setAge = (age: AgeAnswer) => set({ age });
    const setAgeErrors = (ageErrors: boolean) => set({ ageErrors });
    const setSaved = (saved: AppState['saved']) => set({ saved });
    const state = ctx.state;
    // Nothing to ask: a decision that holds, or an opt-out regime's visitor (no banner under the settings either).
    const decided = !ctx.reason;
    const reconfirming = !!state && ctx.reason === 'reconfirm';

    const optional = config.categories.filter((c) => !c.required);
    const send = async (d: Omit<Decision, 'language'>, confirm: boolean) => {
      // (A child's third-party categories are turned off in stage two, where the API's decisions go too.)
      const allowsSomething = optional.some((c) => d.categories?.[c.id]) || Object.values(d.channels).some(Boolean);
      // A re-confirmation keeps consents given before (and their guardian's): no age question again.
      const asks = config.children.enabled && allowsSomething && d.action !== 'reconfirm';
      if (asks && !ageComplete(age)) {
        setAgeErrors(true);
        return;
      }
      // The age answer goes on every receipt of a site that asks it, once given; a child's guardian is named and
      // their consent waits (pending) until the collector or staff verify them.
      const answer = config.children.enabled && age.adult !== undefined && d.action !== 'reconfirm';
      const guardian = asks && age.adult === false ? { name: age.name.trim() } : undefined;
      const pending = ctx.decide({
        ...d,
        language: lang,
        ...(answer ? { age: age.adult ? ('adult' as const) : ('child' as const) } : {}),
        ...(guardian ? { guardian } : {}),
      });
      // The decision takes effect at once (cookie, scripts); only the receipt's delivery is awaited, and the
      // banner does not wait for it.
      // A banner's or a placeholder's decision: a short note that offers the receipt (the others have a dialog).
      if (!confirm && (d.method === 'banner' || d.method === 'placeholder')) {
        set({ toast: pending });
        return setView('saved');
      }
      if (!confirm) return setView('closed');
      const done = await pending;
      // Recording failed (reported): the decision is in effect all the same; there is just no receipt to show.
      if (!done.receipt) return setView('closed');
      setSaved(done as AppState['saved']);
    };
    const noChannels = Object.fromEntries(optInsOf(config.channels).map((c) => [c.id, false]));
    const allOn = Object.fromEntries(config.categories.map((c) => [c.id, true]));
    const allOff = Object.fromEntries(config.categories.map((c) => [c.id, c.required]));

    const save = () => {
      const previous = state && { granted: Object.fromEntries(state.channels.map((c) => [c, true])) };
      const action = actionFor({ categories, channels }, ctx.site, previous);
      void send({ action, method: 'preferences', categories, channels }, true);
    };
    // The on-screen result notice of a marketing decision (re-confirmation prompt and settings alike).
    const result = saved?.results && (
      <ResultNotice s={s} config={config} lang={lang} results={saved.results} at={saved.receipt.signals.decidedAt} />
    );
    const closeDialog = () => (decided || saved ? setView('closed') : setView('banner'));

    return (
      <div class="root" lang={lang}>
        {/* The banner stays under an open dialog (inert), so closing the dialog returns focus to its button. */}
        {reconfirming && view === 'banner' && (
          <div class="banner" role="dialog" aria-modal="false" aria-labelledby="assent-title" lang={lang}>
            {saved?.results ? (
              <div role="status">
                {result}
                <div class="actions">
                  <button type="button" class="primary" onClick={() => setView('closed')}>
                    {s.close}
                  </button>
                </div>
              </div>
            ) : (
              <Reconfirm
                s={s}
                config={config}
                lang={lang}
                state={state}
                onConfirm={(chosen) => void send({ action: 'reconfirm', method: 'banner', channels: chosen }, true)}
              />
            )}
          </div>
        )}
        {/* Asked for with Assent.show() the banner opens over a decision too (the docs say it does). */}
        {(!decided || view === 'banner') && view !== 'saved' && !saved && !reconfirming && (
          <Banner
            inert={view !== 'banner'}
            s={s}
            config={config}
            lang={lang}
            today={ctx.today}
            reason={ctx.reason === 'first-visit' ? undefined : ctx.reason}
            gpc={ctx.gpc}
            age={age}
            onAge={setAge}
            ageErrors={ageErrors}
            onAccept={() =>
              void send({ action: 'accept_all', method: 'banner', categories: allOn, channels: {} }, false)
            }
            onReject={() =>
              void send({ action: 'reject_all', method: 'banner', categories: allOff, channels: {} }, false)
            }
            onSettings={() => setView('settings')}
            onNotice={() => setView('notice')}
            onLanguage={onLanguage}
            expanded={!!expanded}
            onMore={() => set({ expanded: !expanded })}
          />
        )}
        {view === 'saved' && toast && (
          <div class="toast" role="status" lang={lang}>
            <span>{s.saved}</span>
            <button
              type="button"
              class="link"
              onClick={() =>
                void toast.then((done) =>
                  done.receipt ? (setSaved(done as AppState['saved']), setView('settings')) : setView('closed'),
                )
              }
            >
              {s.receiptLink}
            </button>
            <button type="button" class="icon" aria-label={s.close} onClick={() => setView('closed')}>
              ×
            </button>
          </div>
        )}
        {view === 'settings' && (
          <Dialog
            id="assent-settings"
            title={s.settingsTitle}
            closeLabel={s.close}
            onClose={closeDialog}
            returnFocus={opener}
          >
            {saved ? (
              <>
                <ReceiptView s={s} receipt={saved.receipt} stored={saved.stored} url={ctx.receiptUrl} />
                {result}
              </>
            ) : (
              <Preferences
                s={s}
                config={config}
                lang={lang}
                gpc={ctx.gpc}
                categories={categories}
                channels={channels}
                onCategories={setCategories}
                onChannels={setChannels}
                age={age}
                onAge={setAge}
                ageErrors={ageErrors}
                canWithdraw={!!state}
                onSave={save}
                onWithdraw={() =>
                  void send(
                    { action: 'withdraw', method: 'preferences', categories: allOff, channels: noChannels },
                    true,
                  )
                }
              />
            )}
            {history && history.length > 0 && (
              <History s={s} config={config} lang={lang} receipts={history} url={ctx.receiptUrl} />
            )}
          </Dialog>
        )}
        {view.startsWith('allow:') && (
          <Dialog
            id="assent-allow"
            title={s.allowTitle}
            closeLabel={s.close}
            onClose={closeDialog}
            returnFocus={opener}
          >
            <Allow
              s={s}
              config={config}
              lang={lang}
              category={view.slice(6)}
              age={age}
              onAge={setAge}
              ageErrors={ageErrors}
              onAllow={() => {
                const chosen = { ...categories, [view.slice(6)]: true };
                const previous = state && { granted: Object.fromEntries(state.channels.map((c) => [c, true])) };
                const action = actionFor({ categories: chosen, channels: {} }, ctx.site, previous);
                void send({ action, method: 'placeholder', categories: chosen, channels: {} }, false);
              }}
              onCancel={closeDialog}
            />
          </Dialog>
        )}
        {view === 'notice' && (
          <Dialog id="assent-notice" title={s.notice} closeLabel={s.close} onClose={closeDialog} returnFocus={opener}>
            <Notice s={s} config={config} lang={lang} today={ctx.today} />
          </Dialog>
        )}
      </div>
    );
  }
}
