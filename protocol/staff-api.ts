import type { Action } from './constants';
import type { ErasedReceipt, StoredReceipt } from './receipt-schema';
import type { REFUSAL_GROUNDS, REQUEST_CHANNELS, RightsKind, RightsOutcome } from './rights-requests';

/**
 * The staff API's answers, written once: the collector's routes return these and the dashboard reads them.
 * Subjects and search terms in the access log are keyed hashes, never the values.
 */

export type Localized = Record<string, string>;
/** A receipt as the staff API lists it: signed, or (erased) its public part with when and why. */
export type StaffReceipt = StoredReceipt | ErasedReceipt;

export interface StaffSite {
  id: string;
  name: Localized;
  /** The site config's current revision: what a recorded decision is made under. */
  revision: string;
  timezone: string;
  languages: string[];
  defaultLanguage: string;
  policies: { id: string; effective: string }[];
  categories: { id: string; label: Localized; required: boolean }[];
  /** Marketing opt-ins as choice keys: each channel, and its night-time refinement (`refines`: its channel). */
  channels: { id: string; label: Localized; medium: string; refines?: string }[];
  /** Whether result notices go to a webhook; without one staff give them and record it. */
  resultNoticeWebhook: boolean;
  /** Where the site's pages are (what the dashboard's scan may visit). */
  origins: string[];
  /** The consents of the site's forms (`kind`: protocol CONSENT_KINDS), and the forms. */
  consents: { id: string; label: Localized; kind: string; required: boolean }[];
  /** Each form with the consents it asks with a checkbox and the marketing channels it shows. */
  forms: { id: string; title: Localized; consents: string[]; channels: string[] }[];
  /** Whether the site asks the age (children's consent): then guardians may wait for verification. */
  children: boolean;
  /** Whether guardian codes go to the site's gateway; without one staff verify every guardian. */
  guardianCodeGateway: boolean;
}

/** `GET /v1/staff/me` */
export interface StaffMe {
  name: string;
  sites: StaffSite[];
}

/** `GET /v1/staff/receipts` */
export interface StaffReceiptPage {
  items: StaffReceipt[];
  nextCursor: string | null;
}

/** `GET /v1/staff/receipts/:id` */
export interface StaffReceiptDetail {
  receipt: StaffReceipt;
  signature: { ok: true; kid: string } | { ok: false; reason: string };
  notice: { hash: string; site: string; policy: string; language: string; text: string } | null;
}

/** `GET /v1/staff/subjects/:subject` */
/** `GET /v1/staff/policies/:policy/notice?site=&language=`: a version's notice text as served now, and its hash. */
export interface StaffPolicyNotice {
  policy: string;
  language: string;
  hash: string;
  text: string;
}

/** `POST /v1/staff/subjects/search?site=` with `{ contact }`: who a phone number or email address was given for. */
export interface StaffContactSearch {
  /** How the search was read: its kind and normalised form (protocol/contacts.ts); absent for a member reference. */
  contact?: { kind: 'email' | 'phone'; normalised: string };
  /** Every subject a page or staff gave this contact for, newest decision first. */
  subjects: { subject: string; receipt: string; latest: { id: string; action: string; receivedAt: string } }[];
}

export interface StaffSubject {
  subject: string;
  site: string;
  /**
   * Where the subject stands: the cookie choices of their latest cookie decision (absent if they made none) and,
   * per channel of the site, whether marketing consent is given now; `since`/`receipt`/`policy` of the latest
   * receipt of any kind.
   */
  current: { policy: string; since: string; receipt: string; choices: StoredReceipt['choices'] };
  /** Each channel the subject answered: consent given when, confirmed when, re-confirmation due when. */
  channels: { channel: string; granted: boolean; consentedAt?: string; confirmedAt?: string; dueAt?: string }[];
  history: StaffReceipt[];
}

/** `POST /v1/staff/subjects/:subject/erase` — `onDisk`: whether the database files no longer hold the values. */
export interface StaffErasure {
  subject: string;
  site: string;
  erased: number;
  onDisk: 'gone' | 'pending';
}

type ActionCounts = Record<Action, number>;
/** Banners shown, how many of them a decision answered (never more than shown), and the decisions. */
interface Answered {
  shown: number;
  answered: number;
  decisions: number;
}
export interface DayStats extends ActionCounts, Answered {
  day: string;
  /** Per marketing channel: the day's decisions that opted in, and those that decided the channel at all. */
  channels: Record<string, { optedIn: number; decided: number }>;
}
export interface PolicyStats extends ActionCounts, Answered {
  policy: string;
}

/** `GET /v1/staff/stats` — one site over a range of days in a time zone, summed in SQL. */
export interface ConsentStats extends Answered {
  site: string;
  from: string;
  to: string;
  timeZone: string;
  /** People (pseudonymous subjects) who decided in the range; `newVisitors`: of them, deciding for the first time. */
  visitors: number;
  newVisitors: number;
  actions: ActionCounts;
  /** Decisions per method (banner, preferences, api, gpc, form, staff-phone …). */
  methods: Record<string, number>;
  /** Of the decisions that decided a category or channel: how many allowed it / opted in. */
  categories: { id: string; allowed: number; decided: number }[];
  channels: { id: string; optedIn: number; decided: number }[];
  days: DayStats[];
  policies: PolicyStats[];
}

/** One entry of `GET /v1/staff/access-log`. */
export interface StaffAccessEntry {
  seq: number;
  at: string;
  /** The token used; for a refused sign-in, the token id it claimed, if any. */
  tokenId?: string;
  staff?: string;
  method: string;
  route: string;
  site?: string;
  subjects?: string[];
  query?: Record<string, string>;
  status: number;
}

/** `GET /v1/staff/reconfirmations` */
export interface StaffReconfirmations {
  site: string;
  days: number;
  reconfirmEveryDays: number;
  /** Subjects with a channel due within `days` (or overdue), the earliest first. */
  due: {
    subject: string;
    member?: string;
    /** The earliest of the channels' due dates. */
    dueAt: string;
    overdue: boolean;
    channels: { channel: string; consentedAt: string; confirmedAt: string; dueAt: string; overdue: boolean }[];
  }[];
}

/** Where a result notice stands: within its 14 days (`due`, `failed` after a failed attempt), late, or given. */
export const NOTICE_STATUSES = ['due', 'failed', 'overdue', 'delivered'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
/** How staff gave a notice themselves (`POST /v1/staff/notices/:receipt/delivered`). */
export const NOTICE_MEANS = ['phone', 'letter', 'in-person', 'email', 'sms', 'kakaotalk'] as const;

/** One item of `GET /v1/staff/notices`. */
export interface StaffNotice {
  receipt: string;
  subject: string;
  member?: string;
  sender: string;
  decidedAt: string;
  dueBy: string;
  status: NoticeStatus;
  results: { channel: string; label: string; result: string; consentedAt?: string }[];
  attempts: number;
  deliveredAt: string | null;
  /** `webhook`, or `other:<means>` when staff recorded a notice given by other means. */
  deliveredVia: string | null;
  lastError: string | null;
}

/** `GET /v1/staff/purges` */
export interface StaffPurges {
  site: string;
  retentionDays: number;
  purges: { at: string; reason: string; count: number }[];
}

/** `GET /v1/staff/guardians`: children's receipts whose optional choices wait for their guardian's verification. */
export interface StaffGuardianChecks {
  site: string;
  pending: {
    receipt: string;
    subject: string;
    since: string;
    guardian: string | null;
    form: string | null;
    codesSent: number;
    /** The guardian's contact for the officer's call, while kept (it goes after `children.guardianContactDays`). */
    contact: string | null;
  }[];
}

/** One item of `GET /v1/staff/requests`: a data subject's request and where it stands against its deadline. */
export interface StaffRightsRequest {
  id: string;
  /** The subject it is about; absent once that subject is erased. */
  subject?: string;
  kind: RightsKind;
  via: (typeof REQUEST_CHANNELS)[number];
  receivedAt: string;
  dueBy: string;
  /** `open` until it is closed; `overdue` when still open after `dueBy`. */
  status: 'open' | 'overdue' | 'closed';
  closedAt?: string;
  outcome?: RightsOutcome;
  reason?: (typeof REFUSAL_GROUNDS)[number];
  /** The staff member who recorded it, and who closed it. */
  recordedBy: string;
  closedBy?: string;
}
