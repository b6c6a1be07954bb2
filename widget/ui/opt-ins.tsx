import type { PublicSiteConfig } from '../../protocol';
import { optInsOf } from '../../protocol/channels';
import type { Strings } from '../i18n';
import { texts } from './site-texts';

/**
 * Marketing opt-ins, one per channel and one per night-time refinement, each with its four facts (purpose, items,
 * retention, the right to refuse: PIPA Art. 22, ICN Act Art. 50), all unticked unless the visitor ticks them.
 * Night-time consent can only be chosen together with its daytime consent. `only` limits the channels shown.
 */
export function OptIns(p: {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  value: Record<string, boolean>;
  onChange: (v: Record<string, boolean>) => void;
  only?: readonly string[];
  idPrefix?: string;
}) {
  const t = texts(p.config, p.lang);
  const optIns = optInsOf(p.config.channels).filter(
    (o) => !p.only || p.only.includes(o.id) || (!!o.refines && p.only.includes(o.refines)),
  );
  if (!optIns.length) return null;
  const prefix = p.idPrefix ?? 'ch';
  const set = (id: string, on: boolean) => {
    const next = { ...p.value, [id]: on };
    for (const o of optIns) if (o.refines === id && !on) next[o.id] = false;
    p.onChange(next);
  };
  return (
    <fieldset class="group">
      <legend>{p.s.marketingTitle}</legend>
      <p class="hint">{p.s.marketingIntro}</p>
      {optIns.map((o) => {
        const disabled = !!o.refines && !p.value[o.refines];
        return (
          <div class="choice" key={o.id}>
            <label class="switch">
              <input
                type="checkbox"
                name={o.id}
                checked={!!p.value[o.id]}
                disabled={disabled}
                aria-describedby={`${prefix}-${o.id}-d`}
                onChange={(e) => set(o.id, (e.target as HTMLInputElement).checked)}
              />
              <span>{t(o.facts.label)}</span>
            </label>
            <dl id={`${prefix}-${o.id}-d`} class="facts">
              <dt>{p.s.purpose}</dt>
              <dd class="key">{t(o.facts.purpose)}</dd>
              <dt>{p.s.items}</dt>
              <dd>{t(o.facts.items)}</dd>
              <dt>{p.s.retention}</dt>
              <dd class="key">{t(o.facts.retention)}</dd>
              <dt>{p.s.refusal}</dt>
              <dd>{t(o.facts.refusal)}</dd>
            </dl>
            {disabled && <p class="hint">{p.s.nightNeedsDay}</p>}
          </div>
        );
      })}
    </fieldset>
  );
}
