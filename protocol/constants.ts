/** Version of the receipt wire format; bumped on any incompatible change. */
export const PROTOCOL_VERSION = 1;

/** How a decision reached the collector. `staff-*` methods are only accepted from the staff API. */
export const METHODS = ['banner', 'preferences', 'api', 'gpc', 'staff-phone', 'staff-written', 'staff-in-person', 'staff-fax'] as const;
export const VISITOR_METHODS = ['banner', 'preferences', 'api', 'gpc'] as const;
export const ACTIONS = ['accept_all', 'reject_all', 'custom', 'withdraw', 'reconfirm'] as const;
/** Marketing channels. `sms_night` (21:00–08:00, Korean ICN Act Art. 50) only makes sense together with `sms`. */
export const CHANNELS = ['email', 'sms', 'sms_night'] as const;
export const IP_MODES = ['none', 'truncated'] as const;
export const GUARDIAN_VERIFICATIONS = ['self-declared', 'phone', 'email', 'document'] as const;

export type Method = (typeof METHODS)[number];
export type Action = (typeof ACTIONS)[number];
export type Channel = (typeof CHANNELS)[number];
export type IpMode = (typeof IP_MODES)[number];

/** Maximum size of a receipt request body in bytes. */
export const MAX_RECEIPT_BYTES = 16 * 1024;
/** The first-party cookie the widget keeps the decision in. */
export const CONSENT_COOKIE = 'assent';
