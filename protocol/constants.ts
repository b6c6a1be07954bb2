/**
 * Version of the receipt wire format; bumped on any incompatible change. 2: a receipt names only the channels the
 * decision was about (a cookie decision names none) and may leave out the cookie categories (a form's or a
 * re-confirmation's marketing-only decision); result notices report per channel (notices/result-notice.ts).
 */
export const PROTOCOL_VERSION = 2;

/** How a decision reached the collector. `staff-*` methods are only accepted from the staff API. */
export const METHODS = [
  'banner',
  'preferences',
  'api',
  'gpc',
  'placeholder',
  'staff-phone',
  'staff-written',
  'staff-in-person',
  'staff-fax',
] as const;
/** `placeholder`: allowed from a blocked frame's placeholder (one category, asked in a dialog). */
export const VISITOR_METHODS = ['banner', 'preferences', 'api', 'gpc', 'placeholder'] as const;
/** Decisions taken outside the website, recorded by staff. */
export const STAFF_METHODS = ['staff-phone', 'staff-written', 'staff-in-person', 'staff-fax'] as const;
export const ACTIONS = ['accept_all', 'reject_all', 'custom', 'withdraw', 'reconfirm'] as const;
/**
 * The media a marketing channel can use. Night-time consent (21:00–08:00, ICN Act Art. 50(3)) is a refinement
 * any medium but email can have (Enforcement Decree Art. 61(3) exempts email).
 */
export const MEDIA = ['email', 'sms', 'kakaotalk', 'push', 'phone', 'fax', 'other'] as const;
/** The suffix of a channel's night-time refinement in a receipt's choices: `sms` → `sms_night`. */
export const NIGHT_SUFFIX = '_night';
/** The languages the widget has built-in strings for (widget/i18n): a site may list only these, so its texts and
 * the buttons around them are always in one language. */
export const WIDGET_LANGUAGES = ['en', 'ko', 'ja', 'zh-CN', 'zh-TW'] as const;
export const TEXTS_SHOWN_BY = ['assent', 'site'] as const;
export const IP_MODES = ['none', 'truncated'] as const;
/** Google Consent Mode v2 storage types a category may grant. */
export const CONSENT_MODE_TYPES = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;
/** What protocol-2 receipts before guardian verification said of it (`guardian.verification`): read, not written. */
export const GUARDIAN_VERIFICATIONS = ['self-declared', 'phone', 'email', 'document'] as const;
/**
 * How a guardian's consent (PIPA Art. 22-2, Decree Art. 17-2(1)) was verified (`guardianCheck.method`): a code the
 * collector sent through the site's gateway and got back (`code`), or staff who verified by phone, signed paper,
 * email reply, card or mobile ID. Only the collector and staff record one; a browser's claim is refused.
 */
export const GUARDIAN_METHODS = ['code', 'phone', 'written', 'email', 'card', 'mobile-id'] as const;
/** The methods staff may record from the dashboard. */
export const STAFF_GUARDIAN_METHODS = ['phone', 'written', 'email', 'card', 'mobile-id'] as const;
/** The age answer on a receipt of a site that asks it: `child` is under the site's minimum age. */
export const AGES = ['adult', 'child'] as const;
/**
 * What a form consent is about (PIPA): collection and use (Art. 15), sensitive information such as health data
 * (Art. 23), unique identifiers (Art. 24), provision to a third party (Art. 17), transfer overseas (Art. 28-8),
 * use or provision beyond the purpose first told (Art. 18).
 */
export const CONSENT_KINDS = [
  'collection',
  'sensitive',
  'unique-id',
  'third-party',
  'overseas',
  'other-purpose',
] as const;
/** Kinds that give personal information to someone else: off for children on a site that never shares theirs. */
export const SHARING_KINDS = ['third-party', 'overseas'] as const;
/** Grounds for processing without consent (PIPA Art. 15(1) 2–7 after the 2023 reform; GDPR Art. 6(1) b–f). */
export const LEGAL_BASES = ['contract', 'law', 'vital-interests', 'public-task', 'legitimate-interests'] as const;

export type Method = (typeof METHODS)[number];
export type Action = (typeof ACTIONS)[number];
export type Medium = (typeof MEDIA)[number];
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export type LegalBasis = (typeof LEGAL_BASES)[number];
export type IpMode = (typeof IP_MODES)[number];

/**
 * The fields of a receipt that link it to a person. An erasure removes exactly these (and the receipt's salt and
 * signature, which could be used to test guesses of them); everything else stays as proof that a decision was made.
 */
export const PERSONAL_FIELDS = ['subject', 'member', 'contactKeys', 'guardian', 'ip', 'country'] as const;
/** Days within which a result notice of a marketing consent change must reach the person (Decree Art. 62-2). */
export const RESULT_NOTICE_DAYS = 14;
/** How far ahead of the server's clock a client's decision time may be (clocks drift): 2 minutes. */
export const CLOCK_SKEW_MS = 120_000;

/** Maximum size of a receipt request body in bytes. */
export const MAX_RECEIPT_BYTES = 16 * 1024;
/** The first-party cookie the widget keeps the decision in. */
export const CONSENT_COOKIE = 'assent';
/** Set while receipts wait in the browser's outbox, so a later page delivers them (a cookie: read with the decision). */
export const OUTBOX_COOKIE = 'assent_outbox';
