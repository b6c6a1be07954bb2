import type { PublicSiteConfig } from '../../protocol';
import type { Strings } from '../i18n';
import { texts } from './site-texts';

/**
 * Marketing opt-ins, one per channel, all unticked unless the visitor ticks them (PIPA and the ICN Act want
 * them separate from the other consents). Night-time SMS can only be chosen together with SMS.
 */
export function OptIns(p: {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  value: Record<string, boolean>;
  onChange: (v: Record<string, boolean>) => void;
}) {
  const t = texts(p.config, p.lang);
  if (!p.config.channels.length) return null;
  const set = (id: string, on: boolean) => {
    const next = { ...p.value, [id]: on };
    if (id === 'sms' && !on) next.sms_night = false;
    p.onChange(next);
  };
  return (
    <fieldset class="group">
      <legend>{p.s.marketingTitle}</legend>
      <p class="hint">{p.s.marketingIntro}</p>
      {p.config.channels.map((c) => {
        const disabled = c.id === 'sms_night' && !p.value.sms;
        return (
          <div class="choice" key={c.id}>
            <label class="switch">
              <input
                type="checkbox"
                checked={!!p.value[c.id]}
                disabled={disabled}
                aria-describedby={`ch-${c.id}-d`}
                onChange={(e) => set(c.id, (e.target as HTMLInputElement).checked)}
              />
              <span>{t(c.label)}</span>
            </label>
            <dl id={`ch-${c.id}-d`} class="facts">
              <dt>{p.s.purpose}</dt>
              <dd>{t(c.purpose)}</dd>
              <dt>{p.s.items}</dt>
              <dd>{t(c.items)}</dd>
              <dt>{p.s.retention}</dt>
              <dd>{t(c.retention)}</dd>
              <dt>{p.s.refusal}</dt>
              <dd>{t(c.refusal)}</dd>
            </dl>
            {disabled && <p class="hint">{p.s.nightNeedsSms}</p>}
          </div>
        );
      })}
    </fieldset>
  );
}
