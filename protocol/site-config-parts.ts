import * as v from 'valibot';
import { CONSENT_KINDS, CONSENT_MODE_TYPES, LEGAL_BASES, MEDIA } from './constants';
import { about, isoDate, languageTag, localized, slug, text } from './primitives';
import { CATALOGUE_IDS } from './service-catalogue';

/** The parts of a site config (protocol/site-config-schema.ts puts them together). */
/** The things a consent notice must tell (PIPA Art. 15–17, GDPR Art. 13), per language. */
export const notice = v.strictObject({
  summary: about(text(600), 'The first lines of the notice: who processes what, and why, in a sentence or two.'),
  items: about(text(4000), 'The personal data collected.'),
  purposes: about(text(4000), 'Why the data is collected.'),
  retention: about(text(4000), 'How long it is kept, and why.'),
  rights: about(
    text(4000),
    "The visitor's rights (access, correction, erasure, suspension, withdrawal) and how to use them.",
  ),
  cookies: about(text(4000), 'What the cookies do and how to refuse them.'),
  refusal: about(text(2000), 'That consent may be refused, and what refusing costs.'),
  extra: about(
    v.optional(v.array(v.strictObject({ title: text(200), body: text(8000) })), []),
    'Further sections of the policy, each with a title and a body.',
  ),
});

export const policy = v.strictObject({
  id: about(slug, "The version's id, named in every receipt made under it.", ['2025-02']),
  noticeDate: about(isoDate, 'The day the version was announced: it can be read from then on.', ['2025-01-24']),
  effectiveDate: about(isoDate, 'The day it takes effect (at least `policyNoticeDays` after the notice date).', [
    '2025-02-01',
  ]),
  changes: about(
    v.optional(localized(4000)),
    'What changes against the version before, and why (PIPA Art. 30(2)): shown while the version is coming.',
  ),
  notice: about(
    v.pipe(
      v.record(languageTag, notice, 'must be a notice per language, such as { "ko": { "summary": "…", … } }'),
      v.check((r) => Object.keys(r).length > 0, 'must have at least one language'),
      v.metadata({ 'x-per-language': true, minProperties: 1 }),
    ),
    'The notice text per language: summary, items, purposes, retention, rights, cookies, refusal.',
  ),
});

/**
 * A service: described in full, or named from the catalogue (protocol/service-catalogue.ts) with any field given
 * here overriding the catalogue's. Without `catalogue`, `name`, `purpose` and `retention` are required (checked in
 * site-config-check.ts, which also puts the catalogue's fields in).
 */
export const service = v.strictObject({
  catalogue: about(
    v.optional(v.picklist(CATALOGUE_IDS)),
    'A service of the catalogue (docs/catalogue.md): its name, provider, purpose, cookies and retention, in ' +
      "ko/en/ja/zh-CN; any field given beside it overrides the catalogue's.",
    ['google-analytics'],
  ),
  name: about(v.optional(text(120)), 'The service as the visitor knows it (required without `catalogue`).', [
    'Google Analytics',
  ]),
  provider: about(v.optional(text(200)), 'The company that runs it.', ['Google LLC']),
  purpose: about(v.optional(localized()), 'What it is used for (required without `catalogue`).'),
  cookies: about(v.optional(v.array(text(200))), 'The cookies it sets (names; `*` for any suffix).', [
    ['_ga', '_ga_*'],
  ]),
  retention: about(v.optional(localized(300)), 'How long its cookies or data are kept (required without `catalogue`).'),
});

export const category = v.strictObject({
  id: about(slug, 'The category id: scripts are marked with it (`data-assent="analytics"`).', ['analytics']),
  required: about(
    v.optional(v.boolean(), false),
    'Strictly necessary: always on, told but never asked (cookies needed for the site to work).',
  ),
  label: about(localized(80), 'Its name on the banner and in the settings.'),
  description: about(localized(), 'What the category is for.'),
  services: about(v.optional(v.array(service), []), 'The services in the category.'),
  consentMode: about(
    v.optional(v.array(v.picklist(CONSENT_MODE_TYPES)), []),
    'Google Consent Mode v2 storage types granted when the category is allowed.',
    [['analytics_storage']],
  ),
  thirdParty: about(
    v.optional(v.boolean(), false),
    'Its services give what they collect to another company (advertising networks): ' +
      "off for children where the site never shares children's data.",
  ),
});

/** The four facts a marketing opt-in must show (PIPA Art. 22(1), ICN Act Art. 50): its label and what it means. */
const facts = {
  label: about(localized(80), 'The opt-in as the visitor reads it.'),
  purpose: about(localized(), 'What the messages are for.'),
  items: about(localized(), 'The personal data used (the email address, the phone number).'),
  retention: about(localized(300), 'How long it is kept.'),
  refusal: about(localized(), 'That it may be refused, at no cost to the service.'),
};

export const channel = v.strictObject({
  id: about(slug, "The channel's id, recorded in receipts.", ['email']),
  medium: about(v.picklist(MEDIA), 'How the messages are sent.'),
  ...facts,
  night: about(
    v.optional(
      v.strictObject({
        label: facts.label,
        purpose: v.optional(facts.purpose),
        items: v.optional(facts.items),
        retention: v.optional(facts.retention),
        refusal: v.optional(facts.refusal),
      }),
    ),
    'Consent to messages between 21:00 and 08:00 (ICN Act Art. 50(3)): a separate opt-in refining this one, ' +
      "recorded as `<id>_night`; facts left out are the channel's own.",
  ),
});

export const consent = v.strictObject({
  id: about(slug, 'The consent id: forms name it.', ['member']),
  kind: about(
    v.picklist(CONSENT_KINDS),
    'What is consented to: collection, sensitive (health data), unique-id (resident or foreigner number), ' +
      'third-party, overseas, other-purpose. Each kind needs its facts (docs/korean-form-consent.md).',
  ),
  required: about(v.optional(v.boolean(), false), 'The form cannot be sent without it (the service needs it).'),
  label: about(localized(120), 'The checkbox label.'),
  purpose: about(localized(), 'Why the data is processed.'),
  items: about(localized(), 'The personal data processed.'),
  retention: about(localized(600), 'How long it is kept.'),
  refusal: about(v.optional(localized()), 'The right to refuse and what refusing costs (all kinds but `basis`).'),
  recipient: about(v.optional(localized(400)), 'Who receives the data (third-party and overseas kinds).'),
  country: about(v.optional(localized(200)), 'The country it goes to (overseas).'),
  transfer: about(v.optional(localized()), 'When and how the data goes overseas (PIPA Art. 28-8(2)3).'),
  basis: about(
    v.optional(v.strictObject({ kind: v.picklist(LEGAL_BASES), text: localized() })),
    'Processing without consent (PIPA Art. 15(1) 2–7): shown as a notice with this legal basis, never as a checkbox.',
  ),
});

export const form = v.strictObject({
  id: about(slug, 'The form id: `<div data-assent-form="<id>">` inside your `<form>`.', ['signup']),
  title: about(localized(200), 'The form as staff and exports name it.'),
  consents: about(
    v.pipe(v.array(slug), v.minLength(1, 'must list at least one consent')),
    'The consents it asks, in order (ids of `consents`).',
  ),
  channels: about(v.optional(v.array(slug), []), 'The marketing opt-ins it shows (ids of `channels`).'),
});

export const contact = v.strictObject({
  name: about(localized(200), 'Their name.'),
  title: about(v.optional(localized(200)), 'Their position.'),
  phone: about(v.optional(text(40)), 'A phone number.', ['02-1234-5678']),
  email: about(v.optional(v.pipe(v.string(), v.email('must be an email address'))), 'An email address.'),
  fax: about(v.optional(text(40)), 'A fax number.'),
});
