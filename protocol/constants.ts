/** Version of the receipt wire format; bumped on any incompatible change. */
export const PROTOCOL_VERSION = 1;

/** How a decision reached the collector. `staff-*` methods are only accepted from the staff API. */
export const METHODS = [
  'banner',
  'preferences',
  'api',
  'gpc',
  'staff-phone',
  'staff-written',
  'staff-in-person',
  'staff-fax',
] as const;
export const VISITOR_METHODS = ['banner', 'preferences', 'api', 'gpc'] as const;
/** Decisions taken outside the website, recorded by staff. */
export const STAFF_METHODS = ['staff-phone', 'staff-written', 'staff-in-person', 'staff-fax'] as const;
export const ACTIONS = ['accept_all', 'reject_all', 'custom', 'withdraw', 'reconfirm'] as const;
/** Marketing channels. `sms_night` (21:00–08:00, Korean ICN Act Art. 50) only makes sense together with `sms`. */
export const CHANNELS = ['email', 'sms', 'sms_night'] as const;
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
export const GUARDIAN_VERIFICATIONS = ['self-declared', 'phone', 'email', 'document'] as const;

export type Method = (typeof METHODS)[number];
export type Action = (typeof ACTIONS)[number];
export type Channel = (typeof CHANNELS)[number];
export type IpMode = (typeof IP_MODES)[number];

/**
 * The fields of a receipt that link it to a person. An erasure removes exactly these (and the receipt's salt and
 * signature, which could be used to test guesses of them); everything else stays as proof that a decision was made.
 */
export const PERSONAL_FIELDS = ['subject', 'member', 'guardian', 'ip'] as const;
/** How far ahead of the server's clock a client's decision time may be (clocks drift): 2 minutes. */
export const CLOCK_SKEW_MS = 120_000;

/** Maximum size of a receipt request body in bytes. */
export const MAX_RECEIPT_BYTES = 16 * 1024;
/** The first-party cookie the widget keeps the decision in. */
export const CONSENT_COOKIE = 'assent';
