import { SHARING_KINDS } from './constants';
import type { FieldIssue } from './issues';
import type { SiteConfig } from './site-config-schema';

/** What the rules of forms, ages and guardians need to know of a site (or of the revision the visitor saw). */
export type FormSite = Pick<SiteConfig, 'consents' | 'forms' | 'categories' | 'children' | 'channels'>;

/** The fields of a receipt these rules read. */
export interface FormDecision {
  action?: string;
  method?: string;
  /** The subject's cookie choices before this decision (a GPC opt-out may keep those on, and nothing more). */
  before?: Record<string, boolean>;
  form?: string;
  age?: 'adult' | 'child';
  guardian?: { name: string };
  choices: {
    categories?: Record<string, boolean>;
    channels: Record<string, boolean>;
    consents?: Record<string, boolean>;
  };
}

/** The consents a form asks with a checkbox, in its order; those with a legal basis are notices, not asked. */
export function formCheckboxes(site: Pick<FormSite, 'consents' | 'forms'>, formId: string) {
  const form = site.forms.find((f) => f.id === formId);
  if (!form) return undefined;
  return form.consents.map((id) => site.consents.find((c) => c.id === id)!).filter((c) => c && !c.basis);
}

/** Whether a consent or a category gives the data to someone else (PIPA Art. 17, 28-8). */
export const sharesData = (c: { kind?: string; thirdParty?: boolean }) =>
  !!c.thirdParty || (SHARING_KINDS as readonly string[]).includes(c.kind ?? '');

/**
 * Whether a decision turns anything optional on (a category, a channel, a consent): what needs the age answer,
 * and for a child the guardian's verified consent.
 */
export function grantsOptional(d: FormDecision, site: Pick<FormSite, 'categories'>): boolean {
  const { categories, channels, consents } = d.choices;
  return (
    site.categories.some((c) => !c.required && categories?.[c.id]) ||
    Object.values(channels).some(Boolean) ||
    Object.values(consents ?? {}).some(Boolean)
  );
}

/**
 * The one rule of a form's receipt, used by the collector (the form block builds its receipts to it): it names
 * a form of the site and records exactly the consents that form asks (every one, given or not — none it did not
 * show), every required one given, marketing channels only those the form shows, and no cookie choice.
 */
export function formIssues(d: FormDecision, site: FormSite): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });
  const { consents } = d.choices;
  if (!d.form) {
    if (consents) add(['form'], "is missing: consents are given in one of the site's forms (name it)");
    return issues;
  }
  const asked = formCheckboxes(site, d.form);
  if (!asked) {
    add(['form'], `is not a form of this site (known: ${site.forms.map((f) => f.id).join(', ') || 'none'})`);
    return issues;
  }
  const form = site.forms.find((f) => f.id === d.form)!;
  if (d.choices.categories) add(['choices', 'categories'], `form "${d.form}" records its consents, not cookie choices`);
  for (const id of Object.keys(consents ?? {}))
    if (!asked.some((c) => c.id === id))
      add(['choices', 'consents', id], `was not shown by form "${d.form}": a receipt records only what the form asked`);
  for (const c of asked) {
    if (!consents || !(c.id in consents))
      add(['choices', 'consents', c.id], `is missing: form "${d.form}" asks it, given or not`);
    else if (c.required && !consents[c.id])
      add(['choices', 'consents', c.id], `is required by form "${d.form}": the form cannot be sent without it`);
  }
  const shown = new Set(form.channels.flatMap((id) => [id, `${id}_night`]));
  for (const id of Object.keys(d.choices.channels))
    if (!shown.has(id)) add(['choices', 'channels', id], `was not shown by form "${d.form}"`);
  return issues;
}

/**
 * The age answer and the guardian (PIPA Art. 22-2): a site that asks the age has it on every receipt that turns
 * anything optional on and on every form's receipt; a child's such receipt names the guardian, an adult's none;
 * where the site never shares children's data, a child's receipt turns on no category or consent that gives data
 * to someone else (a guardian cannot approve what the site promised not to do).
 */
export function ageIssues(d: FormDecision, site: FormSite): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });
  const { children } = site;
  if (!children.enabled) {
    if (d.age) add(['age'], "this site does not ask the visitor's age");
    if (d.guardian) add(['guardian'], "this site does not collect children's consent");
    return issues;
  }
  // A re-confirmation keeps consents already given (and verified), a GPC opt-out only turns things off: neither
  // asks the age again.
  const keepsCookies =
    d.method === 'gpc' &&
    !Object.values(d.choices.channels).some(Boolean) &&
    site.categories.every((c) => c.required || !d.choices.categories?.[c.id] || !!d.before?.[c.id]);
  const keeps = d.action === 'reconfirm' || keepsCookies;
  const needs = (grantsOptional(d, site) && !keeps) || !!d.form;
  if (!d.age) {
    if (needs)
      add(
        ['age'],
        `is required: this site asks whether the visitor is ${children.minimumAge} or older before anything ` +
          `optional is allowed or a form is sent (PIPA Art. 22-2)`,
      );
    if (d.guardian) add(['guardian'], 'needs the age answer "child"');
    return issues;
  }
  if (d.age === 'adult' && d.guardian) add(['guardian'], 'is for a child: the age answer is "adult"');
  if (d.age === 'child' && needs && !d.guardian)
    add(
      ['guardian'],
      `is required: under ${children.minimumAge} the legal representative consents (PIPA Art. 22-2(1))`,
    );
  if (d.age === 'child' && !children.shareWithThirdParties) {
    const { categories, consents } = d.choices;
    for (const c of site.categories)
      if (c.thirdParty && categories?.[c.id])
        add(['choices', 'categories', c.id], "gives data to third parties: this site never shares children's data");
    for (const c of site.consents)
      if (sharesData(c) && consents?.[c.id])
        add(['choices', 'consents', c.id], "gives data to third parties: this site never shares children's data");
  }
  return issues;
}
