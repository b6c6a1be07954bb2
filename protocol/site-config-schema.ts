import * as v from 'valibot';
import { CONSENT_KINDS, CONSENT_MODE_TYPES, IP_MODES, LEGAL_BASES, MEDIA } from './constants';
import { isoDate, languageTag, localized, slug, text } from './primitives';

const origin = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[^/?#\s]+$/, 'must be an origin such as "https://www.example.com" (scheme and host, no path)'),
);

/** The things a consent notice must tell (PIPA Art. 15–17, GDPR Art. 13), per language. */
const notice = v.strictObject({
  summary: text(600),
  items: text(4000),
  purposes: text(4000),
  retention: text(4000),
  rights: text(4000),
  cookies: text(4000),
  refusal: text(2000),
  extra: v.optional(v.array(v.strictObject({ title: text(200), body: text(8000) })), []),
});

const policy = v.strictObject({
  id: slug,
  /** The day the version was announced: it can be read from then on, before it takes effect. */
  noticeDate: isoDate,
  effectiveDate: isoDate,
  /** What changes against the version before, and why (PIPA Art. 30(2)): shown while the version is coming. */
  changes: v.optional(localized(4000)),
  notice: v.pipe(
    v.record(languageTag, notice),
    v.check((r) => Object.keys(r).length > 0, 'must have at least one language'),
  ),
});

const service = v.strictObject({
  name: text(120),
  provider: v.optional(text(200)),
  purpose: localized(),
  cookies: v.optional(v.array(text(200)), []),
  retention: localized(300),
});

const category = v.strictObject({
  id: slug,
  required: v.optional(v.boolean(), false),
  label: localized(80),
  description: localized(),
  services: v.optional(v.array(service), []),
  /** Google Consent Mode v2 storage types granted when this category is allowed. */
  consentMode: v.optional(v.array(v.picklist(CONSENT_MODE_TYPES)), []),
  /** Its services give what they collect to another company (advertising networks): off for children where the
   * site never shares children's data (`children.shareWithThirdParties: false`). */
  thirdParty: v.optional(v.boolean(), false),
});

/** The four facts a marketing opt-in must show (PIPA Art. 22(1), ICN Act Art. 50): its label and what it means. */
const facts = {
  label: localized(80),
  purpose: localized(),
  items: localized(),
  retention: localized(300),
  refusal: localized(),
};

const channel = v.strictObject({
  id: slug,
  medium: v.picklist(MEDIA),
  ...facts,
  /**
   * Consent to messages between 21:00 and 08:00 (ICN Act Art. 50(3)): a separate opt-in that refines this one,
   * recorded as `<id>_night`. Facts left out are the channel's own.
   */
  night: v.optional(
    v.strictObject({
      label: facts.label,
      purpose: v.optional(facts.purpose),
      items: v.optional(facts.items),
      retention: v.optional(facts.retention),
      refusal: v.optional(facts.refusal),
    }),
  ),
});

/**
 * One consent a site's form asks for (or, with `basis`, processing it does without consent and only tells about),
 * with the facts PIPA requires for its kind: every kind the four of Art. 15(2) / 17(2) — purpose, items,
 * retention, the right to refuse and what refusing costs —; provision to a third party its recipient (Art. 17(2)1);
 * a transfer overseas also the country, and when and how the data goes (Art. 28-8(2)). The kind's extra facts are
 * checked in site-config-check.ts.
 */
const consent = v.strictObject({
  id: slug,
  kind: v.picklist(CONSENT_KINDS),
  /** The form cannot be sent without it (the service cannot be given without this processing). */
  required: v.optional(v.boolean(), false),
  label: localized(120),
  purpose: localized(),
  items: localized(),
  retention: localized(600),
  refusal: v.optional(localized()),
  recipient: v.optional(localized(400)),
  country: v.optional(localized(200)),
  /** When and how the data goes overseas (Art. 28-8(2)3). */
  transfer: v.optional(localized()),
  /** Processing without consent (PIPA Art. 15(1) 2–7): shown as a notice with this basis, never as a checkbox. */
  basis: v.optional(v.strictObject({ kind: v.picklist(LEGAL_BASES), text: localized() })),
});

/** A form of the site's own (sign-up, consultation) and the consents and marketing opt-ins it asks, in order. */
const form = v.strictObject({
  id: slug,
  title: localized(200),
  consents: v.pipe(v.array(slug), v.minLength(1, 'must list at least one consent')),
  channels: v.optional(v.array(slug), []),
});

const contact = v.strictObject({
  name: localized(200),
  title: v.optional(localized(200)),
  phone: v.optional(text(40)),
  email: v.optional(v.pipe(v.string(), v.email('must be an email address'))),
  fax: v.optional(text(40)),
});

export const siteConfigSchema = v.strictObject({
  id: slug,
  name: localized(200),
  origins: v.pipe(v.array(origin), v.minLength(1, 'must list at least one origin')),
  languages: v.pipe(v.array(languageTag), v.minLength(1, 'must list at least one language')),
  defaultLanguage: languageTag,
  /**
   * Where a visitor whose languages the site lacks goes, in order, before the default language. Default: English
   * when the site has it.
   */
  fallbackLanguages: v.optional(v.array(languageTag)),
  timezone: v.optional(text(64), 'UTC'),
  /** The country whose law the notices follow (ISO 3166-1 alpha-2, e.g. "KR"): named in exported receipts. */
  jurisdiction: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as "KR"'))),
  controller: v.strictObject({
    name: localized(200),
    address: v.optional(localized(400)),
    phone: v.optional(text(40)),
    email: v.optional(v.pipe(v.string(), v.email('must be an email address'))),
    officer: contact,
  }),
  policies: v.pipe(v.array(policy), v.minLength(1, 'must have at least one policy version')),
  categories: v.pipe(v.array(category), v.minLength(1, 'must have at least one cookie category')),
  channels: v.optional(v.array(channel), []),
  /** The consents the site's forms ask for, each once (forms name them by id). */
  consents: v.optional(v.array(consent), []),
  forms: v.optional(v.array(form), []),
  /** Days a new policy version must be announced before it takes effect (both seed policies promise 7). */
  policyNoticeDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365)), 7),
  children: v.optional(
    v.strictObject({
      enabled: v.boolean(),
      minimumAge: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(21)), 14),
      /** false: children's data is never given to anyone else — third-party categories and consents stay off. */
      shareWithThirdParties: v.optional(v.boolean(), true),
      /** Days the guardian's contact is kept for their verification, then redacted. */
      guardianContactDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(90)), 7),
    }),
    { enabled: false, minimumAge: 14, shareWithThirdParties: true, guardianContactDays: 7 },
  ),
  lifetimes: v.optional(
    v.strictObject({
      /** Days a cookie decision stays valid before the banner asks again. */
      consentDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 365),
      /** Days after which marketing consent must be re-confirmed (2 years under the ICN Act). */
      marketingReconfirmDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 730),
      /** Days receipts keep their personal link; after that `assent purge` and the daily job redact them. */
      receiptRetentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(36500)), 1825),
    }),
    { consentDays: 365, marketingReconfirmDays: 730, receiptRetentionDays: 1825 },
  ),
  /** Where result notices of marketing consent changes are POSTed (the site's mailer or SMS gateway). */
  webhooks: v.optional(
    v.strictObject({
      resultNotices: v.optional(v.pipe(v.string(), v.url('must be a URL'), v.regex(/^https?:/, 'must be http(s)'))),
      /** Where a guardian's verification code is POSTed, to be sent by the site's SMS or email gateway. */
      // The code and the guardian's contact travel in it: https, except to a gateway on this machine.
      guardianCodes: v.optional(
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
    }),
    {},
  ),
  /** `none`: no IP address is stored (the default); `truncated`: IPv4 /24, IPv6 /48. */
  ip: v.optional(v.picklist(IP_MODES), 'none'),
});

export type SiteConfigInput = v.InferInput<typeof siteConfigSchema>;
export type SiteConfig = v.InferOutput<typeof siteConfigSchema>;
export type PolicyVersion = SiteConfig['policies'][number];
export type Notice = PolicyVersion['notice'][string];
export type CookieCategory = SiteConfig['categories'][number];
export type MarketingChannel = SiteConfig['channels'][number];
export type FormConsent = SiteConfig['consents'][number];
export type SiteForm = SiteConfig['forms'][number];
