import * as v from 'valibot';
import { CONSENT_KINDS, CONSENT_MODE_TYPES, IP_MODES, LEGAL_BASES, MEDIA } from './constants';
import { about, isoDate, languageTag, localized, slug, text } from './primitives';

const origin = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[^/?#\s]+$/, 'must be an origin such as "https://www.example.com" (scheme and host, no path)'),
);
const days = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/** The things a consent notice must tell (PIPA Art. 15–17, GDPR Art. 13), per language. */
const notice = v.strictObject({
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

const policy = v.strictObject({
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

const service = v.strictObject({
  name: about(text(120), 'The service as the visitor knows it.', ['Google Analytics']),
  provider: about(v.optional(text(200)), 'The company that runs it.', ['Google LLC']),
  purpose: about(localized(), 'What it is used for.'),
  cookies: about(v.optional(v.array(text(200)), []), 'The cookies it sets (names; `*` for any suffix).', [
    ['_ga', '_ga_*'],
  ]),
  retention: about(localized(300), 'How long its cookies or data are kept.'),
});

const category = v.strictObject({
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

const channel = v.strictObject({
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

const consent = v.strictObject({
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

const form = v.strictObject({
  id: about(slug, 'The form id: `<div data-assent-form="<id>">` inside your `<form>`.', ['signup']),
  title: about(localized(200), 'The form as staff and exports name it.'),
  consents: about(
    v.pipe(v.array(slug), v.minLength(1, 'must list at least one consent')),
    'The consents it asks, in order (ids of `consents`).',
  ),
  channels: about(v.optional(v.array(slug), []), 'The marketing opt-ins it shows (ids of `channels`).'),
});

const contact = v.strictObject({
  name: about(localized(200), 'Their name.'),
  title: about(v.optional(localized(200)), 'Their position.'),
  phone: about(v.optional(text(40)), 'A phone number.', ['02-1234-5678']),
  email: about(v.optional(v.pipe(v.string(), v.email('must be an email address'))), 'An email address.'),
  fax: about(v.optional(text(40)), 'A fax number.'),
});

export const siteConfigSchema = v.strictObject({
  id: about(slug, 'The site id, as in the script tag (`/assent.js?site=<id>`). The file is named after it.', [
    'leepeem',
  ]),
  name: about(localized(200), 'The site as visitors know it.', [{ ko: '리핌성형외과', en: 'LEEPEEM Plastic Surgery' }]),
  origins: about(
    v.pipe(v.array(origin), v.minLength(1, 'must list at least one origin')),
    'Every origin the site is served from: the collector takes receipts only from these.',
    [['https://www.example-clinic.com', 'https://m.example-clinic.com']],
  ),
  languages: about(
    v.pipe(v.array(languageTag), v.minLength(1, 'must list at least one language')),
    'The languages the site has texts in; each text per language must have every one of them.',
    [['ko', 'en']],
  ),
  defaultLanguage: about(languageTag, 'The language of last resort.', ['ko']),
  fallbackLanguages: about(
    v.optional(v.array(languageTag)),
    'Where a visitor whose languages the site lacks goes, in order, before the default language. Default: English when the site has it.',
  ),
  timezone: about(v.optional(text(64), 'UTC'), "The site's IANA time zone: policy dates take effect at its midnight.", [
    'Asia/Seoul',
  ]),
  jurisdiction: about(
    v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as "KR"'))),
    'The country whose law the notices follow (ISO 3166-1 alpha-2): named in exports, and it sets the days ' +
      'to answer a request (KR 10, EEA/UK 30, US 45).',
    ['KR'],
  ),
  controller: about(
    v.strictObject({
      name: about(localized(200), 'The organisation responsible for the data.'),
      address: about(v.optional(localized(400)), 'Its address.'),
      phone: about(v.optional(text(40)), 'Its phone number.'),
      email: about(v.optional(v.pipe(v.string(), v.email('must be an email address'))), 'Its email address.'),
      officer: about(contact, 'The privacy officer (개인정보 보호책임자).'),
    }),
    'Who the controller is, and its privacy officer.',
  ),
  policies: about(
    v.pipe(v.array(policy), v.minLength(1, 'must have at least one policy version')),
    'The privacy policy versions, oldest first; the one in force is the last whose effective date has come.',
  ),
  categories: about(
    v.pipe(v.array(category), v.minLength(1, 'must have at least one cookie category')),
    'The cookie categories the banner asks about, strictly necessary ones included.',
  ),
  channels: about(
    v.optional(v.array(channel), []),
    'Marketing opt-ins (email, SMS, KakaoTalk …), each with its four facts.',
  ),
  consents: about(
    v.optional(v.array(consent), []),
    "The consents the site's forms ask for, each once (forms name them by id).",
  ),
  forms: about(v.optional(v.array(form), []), "The site's own forms that carry Assent's consent block."),
  policyNoticeDays: about(
    v.optional(days(0, 365), 7),
    'Days a new policy version must be announced before it takes effect.',
  ),
  children: about(
    v.optional(
      v.strictObject({
        enabled: about(v.boolean(), "Ask the visitor's age; under `minimumAge` a guardian consents (PIPA Art. 22-2)."),
        minimumAge: about(v.optional(days(1, 21), 14), 'The age from which a person consents alone.'),
        shareWithThirdParties: about(
          v.optional(v.boolean(), true),
          "false: children's data is never given to anyone else — third-party categories and consents stay off.",
        ),
        guardianContactDays: about(
          v.optional(days(1, 90), 7),
          "Days the guardian's contact is kept for their verification, then redacted.",
        ),
      }),
      { enabled: false, minimumAge: 14, shareWithThirdParties: true, guardianContactDays: 7 },
    ),
    "Children's consent.",
  ),
  lifetimes: about(
    v.optional(
      v.strictObject({
        consentDays: about(
          v.optional(days(1, 3650), 365),
          'Days a cookie decision stays valid before the banner asks again.',
        ),
        marketingReconfirmDays: about(
          v.optional(days(1, 3650), 730),
          'Days after which marketing consent must be re-confirmed (2 years under the ICN Act).',
        ),
        receiptRetentionDays: about(
          v.optional(days(30, 36500), 1825),
          'Days receipts keep their personal link; then the daily job redacts them.',
        ),
      }),
      { consentDays: 365, marketingReconfirmDays: 730, receiptRetentionDays: 1825 },
    ),
    'How long decisions and receipts last.',
  ),
  webhooks: about(
    v.optional(
      v.strictObject({
        resultNotices: about(
          v.optional(v.pipe(v.string(), v.url('must be a URL'), v.regex(/^https?:/, 'must be http(s)'))),
          "Where result notices of marketing consent changes are POSTed (the site's mailer or SMS gateway).",
        ),
        // The code and the guardian's contact travel in it: https, except to a gateway on this machine.
        guardianCodes: about(
          v.optional(
            v.pipe(
              v.string(),
              v.url('must be a URL'),
              v.check((s) => {
                const u = new URL(s);
                const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
                return !u.username && !u.password && (u.protocol === 'https:' || (u.protocol === 'http:' && local));
              }, 'must be https (http only to localhost), with no user or password in it'),
            ),
          ),
          "Where a guardian's verification code is POSTed, to be sent by the site's SMS or email gateway (https).",
        ),
      }),
      {},
    ),
    'Where the collector POSTs what the site must send itself.',
  ),
  ip: about(
    v.optional(v.picklist(IP_MODES), 'none'),
    '`none`: no IP address is stored (the default); `truncated`: IPv4 /24, IPv6 /48.',
  ),
});

export type SiteConfigInput = v.InferInput<typeof siteConfigSchema>;
export type SiteConfig = v.InferOutput<typeof siteConfigSchema>;
export type PolicyVersion = SiteConfig['policies'][number];
export type Notice = PolicyVersion['notice'][string];
export type CookieCategory = SiteConfig['categories'][number];
export type MarketingChannel = SiteConfig['channels'][number];
export type FormConsent = SiteConfig['consents'][number];
export type SiteForm = SiteConfig['forms'][number];
