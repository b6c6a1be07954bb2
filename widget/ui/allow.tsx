import type { PublicSiteConfig } from '../../protocol';
import { fill, type Strings } from '../i18n';
import { Guardian, type AgeAnswer } from './guardian';
import { ServiceList } from './services';
import { texts } from './site-texts';

/**
 * What a blocked frame's placeholder opens: the one category the frame needs, with its services and cookies, and
 * a button that records an explicit consent to that category (a `placeholder` receipt); nothing else changes.
 */
export function Allow(p: {
  s: Strings;
  config: PublicSiteConfig;
  lang: string;
  category: string;
  age: AgeAnswer;
  onAge: (a: AgeAnswer) => void;
  ageErrors: boolean;
  onAllow: () => void;
  onCancel: () => void;
}) {
  const t = texts(p.config, p.lang);
  const c = p.config.categories.find((k) => k.id === p.category);
  if (!c) return null;
  const label = t(c.label);
  return (
    <div class="allow">
      <p>{fill(p.s.allowIntro, { category: label })}</p>
      <p class="hint">{t(c.description)}</p>
      {c.services.length > 0 && <ServiceList s={p.s} services={c.services} t={t} />}
      <p class="hint">{p.s.allowOthers}</p>
      {p.config.children.enabled && (
        <Guardian
          s={p.s}
          age={p.config.children.minimumAge}
          value={p.age}
          onChange={p.onAge}
          showErrors={p.ageErrors}
          idPrefix="a"
        />
      )}
      <div class="actions">
        <button type="button" class="primary" data-assent-action="allow" onClick={p.onAllow}>
          {fill(p.s.allowButton, { category: label })}
        </button>
        <button type="button" class="primary" onClick={p.onCancel}>
          {p.s.notNow}
        </button>
      </div>
    </div>
  );
}
