import type { PublicSiteConfig } from '../../protocol';
import type { Strings } from '../i18n';
import { fill } from '../i18n';
import { Guardian, type AgeAnswer } from './guardian';
import { OptIns } from './opt-ins';
import { ServiceList } from './services';
import { texts } from './site-texts';

export interface PreferencesProps {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  gpc: boolean;
  categories: Record<string, boolean>;
  channels: Record<string, boolean>;
  onCategories: (v: Record<string, boolean>) => void;
  onChannels: (v: Record<string, boolean>) => void;
  age: AgeAnswer;
  onAge: (a: AgeAnswer) => void;
  ageErrors: boolean;
  canWithdraw: boolean;
  onSave: () => void;
  onWithdraw: () => void;
}

/** The second layer: every category with its services, the marketing opt-ins, and the age question. */
export function Preferences(p: PreferencesProps) {
  const t = texts(p.config, p.lang);
  return (
    <form
      class="prefs"
      onSubmit={(e) => {
        e.preventDefault();
        p.onSave();
      }}
    >
      {p.gpc && <p class="gpc">{p.s.gpc}</p>}
      <fieldset class="group">
        <legend>{p.s.cookiesTitle}</legend>
        {p.config.categories.map((c) => {
          // A child on a site that never shares children's data cannot turn on a category that gives data away.
          const barred = c.thirdParty && p.age.adult === false && !p.config.children.shareWithThirdParties;
          return (
            <div class="choice" key={c.id}>
              {c.required ? (
                // Strictly necessary: set without consent, so told, not asked — no checkbox to tick or untick.
                <p class="switch">
                  <span>{t(c.label)}</span>
                  <em class="locked"> — {p.s.alwaysOn}</em>
                </p>
              ) : (
                <label class="switch">
                  <input
                    type="checkbox"
                    checked={!barred && !!p.categories[c.id]}
                    disabled={barred}
                    aria-describedby={`cat-${c.id}-d`}
                    onChange={(e) =>
                      p.onCategories({ ...p.categories, [c.id]: (e.target as HTMLInputElement).checked })
                    }
                  />
                  <span>{t(c.label)}</span>
                </label>
              )}
              {barred && <p class="hint">{fill(p.s.childNoSharing, { age: p.config.children.minimumAge })}</p>}
              <p id={`cat-${c.id}-d`} class="hint">
                {t(c.description)}
              </p>
              {c.services.length > 0 && (
                <details>
                  <summary>{p.s.services}</summary>
                  <ServiceList s={p.s} services={c.services} t={t} />
                </details>
              )}
            </div>
          );
        })}
      </fieldset>
      <OptIns s={p.s} config={p.config} lang={p.lang} value={p.channels} onChange={p.onChannels} />
      {p.config.children.enabled && (
        <Guardian
          s={p.s}
          age={p.config.children.minimumAge}
          value={p.age}
          onChange={p.onAge}
          showErrors={p.ageErrors}
          idPrefix="p"
        />
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {p.s.save}
        </button>
        {p.canWithdraw && (
          <button type="button" class="primary" onClick={p.onWithdraw}>
            {p.s.withdraw}
          </button>
        )}
      </div>
    </form>
  );
}
