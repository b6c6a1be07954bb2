import * as v from 'valibot';
import { IP_MODES } from './constants';
import { regimesSchema } from './regimes';
import { about, languageTag, localized, slug, text } from './primitives';
import { category, channel, consent, contact, form, policy } from './site-config-parts';

const origin = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/[^/?#\s]+$/, 'must be an origin such as "https://www.example.com" (scheme and host, no path)'),
);
const days = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

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
  regimes: regimesSchema,
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
        refusalDays: about(
          v.optional(days(1, 3650)),
          'Days a refusal (nothing optional allowed) stays valid before the banner asks again; default: ' +
            '`consentDays`. It may be shorter than an acceptance (the EU "Digital Omnibus" proposal: 6 months).',
          [182],
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
  cookieDomain: about(
    v.optional(
      v.pipe(
        v.string(),
        v.regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a domain such as "example-clinic.com"'),
      ),
    ),
    "Share the visitor's decision across the site's subdomains (www., m., reservation.): the consent cookie is " +
      'set for this domain, which every origin must be under. Off by default: each host keeps its own.',
    ['example-clinic.com'],
  ),
  ip: about(
    v.optional(v.picklist(IP_MODES), 'none'),
    '`none`: no IP address is stored (the default); `truncated`: IPv4 /24, IPv6 /48.',
  ),
});

export type SiteConfigInput = v.InferInput<typeof siteConfigSchema>;
type Parsed = v.InferOutput<typeof siteConfigSchema>;
type ParsedCategory = Parsed['categories'][number];
/** A service as the rest of Assent reads it: the catalogue's fields put in (site-config-check.ts). */
export type Service = {
  catalogue?: ParsedCategory['services'][number]['catalogue'];
  name: string;
  provider?: string;
  purpose: Record<string, string>;
  cookies: string[];
  retention: Record<string, string>;
};
/** A site config as checked: every service complete. */
export type SiteConfig = Omit<Parsed, 'categories'> & {
  categories: (Omit<ParsedCategory, 'services'> & { services: Service[] })[];
};
export type PolicyVersion = SiteConfig['policies'][number];
export type Notice = PolicyVersion['notice'][string];
export type CookieCategory = SiteConfig['categories'][number];
export type MarketingChannel = SiteConfig['channels'][number];
export type FormConsent = SiteConfig['consents'][number];
export type SiteForm = SiteConfig['forms'][number];
