import * as v from 'valibot';
import { upgradeLegacyChannels } from './channels';
import { NIGHT_SUFFIX, WIDGET_LANGUAGES } from './constants';
import { withCatalogue } from './catalogue-services';
import { fromValibot, type Checked, type FieldIssue } from './issues';
import { siteConfigSchema, type SiteConfig } from './site-config-schema';

/** Validates a site config: the schema, then the rules that tie its fields together. */
export function parseSiteConfig(input: unknown): Checked<SiteConfig> {
  // `$schema` tells an editor which JSON Schema the file follows (protocol/site-config.schema.json): not config.
  if (input && typeof input === 'object' && !Array.isArray(input) && '$schema' in input) {
    const { $schema: _, ...rest } = input as Record<string, unknown>;
    input = rest;
  }
  // Configs written when the channels were a fixed email/sms/sms_night are read as channels with a medium.
  const result = v.safeParse(siteConfigSchema, upgradeLegacyChannels(input).input);
  if (!result.success) return { ok: false, issues: fromValibot(result.issues) };
  // Services named from the catalogue get its fields; each is then checked like any other.
  const { config, issues: missing } = withCatalogue(result.output);
  if (missing.length) return { ok: false, issues: missing };
  const issues = crossCheck(config);
  return issues.length ? { ok: false, issues } : { ok: true, value: config };
}

function crossCheck(config: SiteConfig): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });
  const { languages, defaultLanguage } = config;

  if (!languages.includes(defaultLanguage))
    add(['defaultLanguage'], `must be one of languages (${languages.join(', ')})`);
  duplicates(languages).forEach((i) => add(['languages', i], 'is listed twice'));
  languages.forEach((lang, i) => {
    if (!(WIDGET_LANGUAGES as readonly string[]).includes(lang))
      add(
        ['languages', i],
        `"${lang}" has no built-in widget strings (${WIDGET_LANGUAGES.join(', ')}): its visitors would read buttons ` +
          `in another language around the site's texts`,
      );
  });
  if (config.cookieDomain)
    config.origins.forEach((origin, i) => {
      const host = new URL(origin).hostname;
      if (host !== config.cookieDomain && !host.endsWith(`.${config.cookieDomain}`))
        add(
          ['origins', i],
          `is not under cookieDomain "${config.cookieDomain}": the consent cookie would not reach it`,
        );
    });
  // The age is asked in the banner, which opt-out and notice visitors never see: a child's data would be used by default.
  if (config.children.enabled)
    for (const [place, regime] of Object.entries(config.regimes ?? {}))
      if (regime !== 'opt-in')
        add(
          ['regimes', place],
          "must be opt-in on a site that asks the visitor's age (children.enabled): the age is asked in the banner, " +
            "which opt-out and notice visitors never see, so a child's data would be used without their guardian",
        );
  (config.fallbackLanguages ?? []).forEach((lang, i) => {
    if (!languages.includes(lang))
      add(['fallbackLanguages', i], `is not one of the site's languages (${languages.join(', ')})`);
  });

  // Every localized text needs the default language, so a visitor never sees an empty label.
  const needDefault = (value: Record<string, unknown> | undefined, path: FieldIssue['path']) => {
    if (!value) return;
    if (!(defaultLanguage in value)) add(path, `needs a text in the default language "${defaultLanguage}"`);
    for (const lang of Object.keys(value))
      if (!languages.includes(lang))
        add([...path, lang], `is not one of the site's languages (${languages.join(', ')})`);
  };
  needDefault(config.name, ['name']);
  needDefault(config.controller.name, ['controller', 'name']);
  needDefault(config.controller.address, ['controller', 'address']);
  needDefault(config.controller.officer.name, ['controller', 'officer', 'name']);
  needDefault(config.controller.officer.title, ['controller', 'officer', 'title']);

  duplicates(config.policies.map((p) => p.id)).forEach((i) =>
    add(['policies', i, 'id'], 'is used by another policy version'),
  );
  config.policies.forEach((p, i) => {
    needDefault(p.notice, ['policies', i, 'notice']);
    // A listed language without the notice would show its buttons around the legal text of another language.
    for (const lang of languages)
      if (!(lang in p.notice))
        add(
          ['policies', i, 'notice'],
          `has no text in "${lang}", one of the site's languages: add it, or take "${lang}" out of languages`,
        );
    if (p.effectiveDate < p.noticeDate)
      add(['policies', i, 'effectiveDate'], `must not be before noticeDate (${p.noticeDate})`);
  });
  // A change must be announced `policyNoticeDays` before it takes effect (the seeds promise 7 days); the first
  // version has nothing before it to change.
  config.policies.forEach((p, i) => {
    if (i === 0) return;
    const lead = (Date.parse(p.effectiveDate) - Date.parse(p.noticeDate)) / 86_400_000;
    if (lead < config.policyNoticeDays)
      add(
        ['policies', i, 'effectiveDate'],
        `takes effect ${lead} day(s) after its notice date (${p.noticeDate}): a change must be announced at least ` +
          `${config.policyNoticeDays} days before (policyNoticeDays)`,
      );
    needDefault(p.changes, ['policies', i, 'changes']);
  });
  const sorted = [...config.policies].map((p) => p.effectiveDate);
  if (sorted.some((d, i) => i > 0 && d <= sorted[i - 1]!))
    add(['policies'], 'must be listed oldest first, with distinct effective dates');

  duplicates(config.categories.map((c) => c.id)).forEach((i) =>
    add(['categories', i, 'id'], 'is used by another category'),
  );
  if (!config.categories.some((c) => c.required))
    add(['categories'], 'must include one required category (strictly necessary cookies)');
  config.categories.forEach((c, i) => {
    if (c.required && c.thirdParty && config.children.enabled && !config.children.shareWithThirdParties)
      add(
        ['categories', i, 'thirdParty'],
        "a strictly necessary category cannot give data to third parties where children's data is never shared",
      );
    needDefault(c.label, ['categories', i, 'label']);
    needDefault(c.description, ['categories', i, 'description']);
    c.services.forEach((s, j) => {
      needDefault(s.purpose, ['categories', i, 'services', j, 'purpose']);
      needDefault(s.retention, ['categories', i, 'services', j, 'retention']);
    });
  });

  duplicates(config.channels.map((c) => c.id)).forEach((i) => add(['channels', i, 'id'], 'is used by another channel'));
  const keys = config.channels.map((c) => c.id);
  config.channels.forEach((c, i) => {
    for (const key of ['label', 'purpose', 'items', 'retention', 'refusal'] as const)
      needDefault(c[key], ['channels', i, key]);
    if (c.id.endsWith(NIGHT_SUFFIX) && keys.includes(c.id.slice(0, -NIGHT_SUFFIX.length)))
      add(['channels', i, 'id'], `is the choice key of a night-time refinement: write it as "night" of its channel`);
    if (!c.night) return;
    if (c.medium === 'email')
      add(['channels', i, 'night'], 'email has no night-time rule (ICN Act Enforcement Decree Art. 61(3))');
    for (const key of ['label', 'purpose', 'items', 'retention', 'refusal'] as const)
      needDefault(c.night[key], ['channels', i, 'night', key]);
  });
  checkConsents(config, add, needDefault);
  return issues;
}

const sharing = (kind: string) => kind === 'third-party' || kind === 'overseas';

/** Each consent with its kind's facts, each form naming consents and channels the site has. */
function checkConsents(
  config: SiteConfig,
  add: (path: FieldIssue['path'], message: string) => void,
  needDefault: (value: Record<string, unknown> | undefined, path: FieldIssue['path']) => void,
) {
  duplicates(config.consents.map((c) => c.id)).forEach((i) => add(['consents', i, 'id'], 'is used by another consent'));
  config.consents.forEach((c, i) => {
    const path = (key: string): FieldIssue['path'] => ['consents', i, key];
    for (const key of [
      'label',
      'purpose',
      'items',
      'retention',
      'refusal',
      'recipient',
      'country',
      'transfer',
    ] as const)
      needDefault(c[key], path(key));
    if (c.basis) needDefault(c.basis.text, ['consents', i, 'basis', 'text']);
    const need = (key: 'refusal' | 'recipient' | 'country' | 'transfer', why: string) => {
      if (!c[key]) add(path(key), `is required: ${why}`);
    };
    if (!c.basis)
      need('refusal', 'a consent must say that it can be refused and what refusing means (PIPA Art. 15(2)4)');
    else if (c.required) add(path('required'), 'processing on a legal basis is told, not consented to: leave it out');
    // A child could never send a form that requires sharing the site promised never to do with children's data.
    if (c.required && sharing(c.kind) && config.children.enabled && !config.children.shareWithThirdParties)
      add(
        path('required'),
        'a child could never send the form: children.shareWithThirdParties is false, so sharing stays optional',
      );
    if (c.kind === 'third-party' || c.kind === 'overseas')
      need(
        'recipient',
        `provision to a third party names who receives the data (PIPA Art. ${c.kind === 'overseas' ? '28-8(2)' : '17(2)1'})`,
      );
    if (c.kind === 'overseas') {
      need('country', 'a transfer overseas names the country the data goes to (PIPA Art. 28-8(2)2)');
      need('transfer', 'a transfer overseas says when and how the data goes (PIPA Art. 28-8(2)3)');
    }
    // Sensitive data and unique identifiers need their own consent unless a law requires or allows the processing.
    if (c.basis && c.basis.kind !== 'law' && (c.kind === 'sensitive' || c.kind === 'unique-id'))
      add(
        ['consents', i, 'basis', 'kind'],
        `"${c.kind}" is processed only with its own consent or where a law requires it ` +
          `(PIPA Art. ${c.kind === 'sensitive' ? '23(1)' : '24(1)'}): "law" or a consent`,
      );
  });
  duplicates(config.forms.map((f) => f.id)).forEach((i) => add(['forms', i, 'id'], 'is used by another form'));
  const consentIds = config.consents.map((c) => c.id);
  const channelIds = config.channels.map((c) => c.id);
  config.forms.forEach((f, i) => {
    needDefault(f.title, ['forms', i, 'title']);
    f.consents.forEach((id, j) => {
      if (!consentIds.includes(id)) add(['forms', i, 'consents', j], `is not a consent of this site ("${id}")`);
    });
    duplicates(f.consents).forEach((j) => add(['forms', i, 'consents', j], 'is listed twice'));
    f.channels.forEach((id, j) => {
      if (!channelIds.includes(id))
        add(['forms', i, 'channels', j], `is not a marketing channel of this site ("${id}")`);
    });
  });
}

function duplicates(values: readonly string[]): number[] {
  return values.flatMap((value, i) => (values.indexOf(value) < i ? [i] : []));
}
