import type { PublicSiteConfig, ReceiptRequest, StoredReceipt } from '../../protocol';
import { actionFor } from '../../protocol/choice-rules';
import type { Decision, UiContext, View } from '../core/types';
import type { Strings } from '../i18n';
import { Banner } from './banner';
import { Dialog } from './dialog';
import { ageComplete, type AgeAnswer } from './guardian';
import { Notice } from './notice';
import { Preferences } from './preferences';
import { ReceiptView } from './receipt';
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
  saved?: { receipt: ReceiptRequest; stored?: StoredReceipt };
}

/** A class, not hooks: preact/hooks would add 1.4 KB (brotli) to every first visit for five pieces of state. */
export class App extends Component<AppProps, AppState> {
  constructor(props: AppProps) {
    super(props);
    const { ctx, config } = props;
    this.state = {
      categories: Object.fromEntries(
        config.categories.map((c) => [c.id, c.required || !!ctx.state?.categories.includes(c.id)]),
      ),
      channels: Object.fromEntries(config.channels.map((c) => [c.id, !!ctx.state?.channels.includes(c.id)])),
      age: { name: '', contact: '' },
      ageErrors: false,
    };
  }

  render(
    { ctx, config, strings: s, lang, view, setView, onLanguage, opener }: AppProps,
    { categories, channels, age, ageErrors, saved }: AppState,
  ) {
    const set = (patch: Partial<AppState>) => this.setState(patch);
    const setCategories = (categories: Record<string, boolean>) => set({ categories });
    const setChannels = (channels: Record<string, boolean>) => set({ channels });
    const setAge = (age: AgeAnswer) => set({ age });
    const setAgeErrors = (ageErrors: boolean) => set({ ageErrors });
    const setSaved = (saved: AppState['saved']) => set({ saved });
    const state = ctx.state;
    const decided = !!state && !ctx.reason;

    const optional = config.categories.filter((c) => !c.required);
    const send = async (d: Omit<Decision, 'language'>, confirm: boolean) => {
      const allowsSomething = optional.some((c) => d.categories[c.id]) || Object.values(d.channels).some(Boolean);
      if (config.children.enabled && allowsSomething && !ageComplete(age)) {
        setAgeErrors(true);
        return;
      }
      const guardian =
        config.children.enabled && age.adult === false && allowsSomething
          ? { name: age.name.trim(), contact: age.contact.trim(), verification: 'self-declared' as const }
          : undefined;
      const pending = ctx.decide({ ...d, language: lang, ...(guardian ? { guardian } : {}) });
      // The decision takes effect at once (cookie, scripts); only the receipt's delivery is awaited, and the
      // banner does not wait for it.
      if (!confirm) return setView('closed');
      const done = await pending;
      // Recording failed (reported): the decision is in effect all the same; there is just no receipt to show.
      if (!done.receipt) return setView('closed');
      setSaved(done as AppState['saved']);
    };
    const noChannels = Object.fromEntries(config.channels.map((c) => [c.id, false]));
    const allOn = Object.fromEntries(config.categories.map((c) => [c.id, true]));
    const allOff = Object.fromEntries(config.categories.map((c) => [c.id, c.required]));

    const save = () => {
      const previous = state && {
        categories: Object.fromEntries(
          config.categories.map((c) => [c.id, c.required || state.categories.includes(c.id)]),
        ),
        channels: Object.fromEntries(config.channels.map((c) => [c.id, state.channels.includes(c.id)])),
      };
      const action = actionFor({ categories, channels }, config, previous, ctx.reason === 'reconfirm');
      void send({ action, method: 'preferences', categories, channels }, true);
    };
    const closeDialog = () => (decided || saved ? setView('closed') : setView('banner'));

    return (
      <div class="root" lang={lang}>
        {/* The banner stays under an open dialog (inert), so closing the dialog returns focus to its button. */}
        {!decided && !saved && (
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
            onAccept={() => void send({ action: 'accept_all', method: 'banner', categories: allOn, channels }, false)}
            onReject={() =>
              void send({ action: 'reject_all', method: 'banner', categories: allOff, channels: noChannels }, false)
            }
            onSettings={() => setView('settings')}
            onNotice={() => setView('notice')}
            onLanguage={onLanguage}
          />
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
              <ReceiptView s={s} receipt={saved.receipt} stored={saved.stored} url={ctx.receiptUrl} />
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
