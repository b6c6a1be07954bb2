import * as v from 'valibot';
import {
  ACTIONS,
  AGES,
  GUARDIAN_METHODS,
  GUARDIAN_VERIFICATIONS,
  METHODS,
  PROTOCOL_VERSION,
  TEXTS_SHOWN_BY,
} from './constants';
import { MEMBER, REVISION, SUBJECT, VIEW_ID } from './formats';
import { REGIMES } from './regimes';
import { isoTimestamp, languageTag, slug, text, uuid } from './primitives';

const pseudonym = v.pipe(v.string(), v.regex(SUBJECT, 'must be 16–64 characters of A–Z, a–z, 0–9, "_" or "-"'));

/** What the widget (or a staff tool) sends to `POST /v1/receipts`. */
export const receiptRequestSchema = v.strictObject({
  id: uuid,
  site: slug,
  /** Random pseudonymous visitor id from the first-party cookie. */
  subject: pseudonym,
  /** Opaque (hashed) member reference when the host page identifies a logged-in member. */
  member: v.optional(
    v.pipe(v.string(), v.regex(MEMBER, 'must be 8–128 characters of an opaque (hashed) member reference')),
  ),
  /**
   * An email address and/or phone number the page (or staff) gives so the officer can find this person again: the
   * collector keeps only their keyed hashes (`contactKeys`), never the values (protocol/contacts.ts).
   */
  contacts: v.optional(v.strictObject({ email: v.optional(text(254)), phone: v.optional(text(40)) })),
  policy: slug,
  configRevision: v.pipe(v.string(), v.regex(REVISION, 'must be the revision from the site config')),
  language: languageTag,
  method: v.picklist(METHODS),
  action: v.picklist(ACTIONS),
  /** The site's form the decision was made in (`forms[].id`): its consents are the ones `choices.consents` names. */
  form: v.optional(slug),
  /**
   * Cookie categories (absent: not a cookie decision), the marketing channels the decision was about, and a
   * form's consents (every consent the form shows, given or not).
   */
  choices: v.strictObject({
    categories: v.optional(v.record(slug, v.boolean())),
    channels: v.optional(v.record(slug, v.boolean()), {}),
    consents: v.optional(v.record(slug, v.boolean())),
  }),
  /** The age answer, on every receipt of a site that asks it (`child`: under the site's minimum age). */
  age: v.optional(v.picklist(AGES)),
  /** Present only when the data subject is under the site's minimum age: the guardian (법정대리인) decides. */
  guardian: v.optional(
    v.strictObject({
      name: text(200),
      /** Carried by protocol-2 receipts before verification; the contact now goes to the code request alone. */
      contact: v.optional(text(200)),
      /** Protocol-2 receipts before verification: read, refused on new receipts (see `guardianCheck`). */
      verification: v.optional(v.picklist(GUARDIAN_VERIFICATIONS)),
      /**
       * On a verification receipt: the collector's keyed hash of the contact the code went to (or staff called), so
       * the record shows which contact was verified without keeping it. Set by the collector only.
       */
      contactKey: v.optional(v.pipe(v.string(), v.regex(/^[\w:-]{16,128}$/, 'must be a keyed hash'))),
    }),
  ),
  /**
   * Where the guardian's consent stands — public, so it survives the erasure of the guardian's name. Set by the
   * collector: `pending` on a visitor's receipt with a guardian (nothing optional takes effect); `verified` on the
   * receipt the collector itself records once the guardian entered the code it sent, or staff verified them,
   * restating the pending receipt's choices (`verifies`: its id).
   */
  guardianCheck: v.optional(
    v.strictObject({
      status: v.picklist(['pending', 'verified']),
      method: v.optional(v.picklist(GUARDIAN_METHODS)),
      verifies: v.optional(uuid),
    }),
  ),
  signals: v.strictObject({
    gpc: v.boolean(),
    shownAt: v.optional(isoTimestamp),
    decidedAt: isoTimestamp,
    /**
     * Who put the texts in front of the visitor: Assent's own banner, dialog or opt-in element (`assent`, the
     * default), or the site's own form (`site`: the notice hash names the text Assent serves, not one it showed).
     */
    shownBy: v.optional(v.picklist(TEXTS_SHOWN_BY)),
    /**
     * The banner view this decision answers: the random id the widget reported the view with (nothing about the
     * visitor). The dashboard counts a view as answered once, by its first decision.
     */
    view: v.optional(v.pipe(v.string(), v.regex(VIEW_ID, 'must be the id the banner view was reported with'))),
    /**
     * How the widget asked, as the collector's loader told it by where the visitor was (site config `regimes`):
     * sent by the widget of a site that sets regimes.
     */
    regime: v.optional(v.picklist(REGIMES)),
  }),
  /** Set by the collector on decisions staff record (phone, in writing, in person, fax); refused from visitors. */
  recordedBy: v.optional(v.strictObject({ staffId: text(100), tokenId: text(64) })),
});

export type ReceiptRequest = v.InferOutput<typeof receiptRequestSchema>;

/** A request as the collector keeps it (and hashes it for the idempotency check): contacts as keyed hashes only. */
export type KeptRequest = Omit<ReceiptRequest, 'contacts'> & {
  /** Keyed hashes (`k1:…`) of the normalised contacts the request gave, email first: set by the collector only. */
  contactKeys?: string[];
};

/** The fields of a kept request: what a receipt's `request_hash` covers. */
export const KEPT_REQUEST_FIELDS = [
  ...Object.keys(receiptRequestSchema.entries).filter((k) => k !== 'contacts'),
  'contactKeys',
] as const;

/** A receipt as the collector stores and returns it: the request plus what the server vouches for. */
export interface StoredReceipt extends KeptRequest {
  v: typeof PROTOCOL_VERSION;
  /** Server time the receipt was committed, authoritative (RFC 3339, UTC, milliseconds). */
  receivedAt: string;
  /** The exact notice text the receipt refers to: `sha256:<hex>` of its canonical JSON, and its language. */
  notice: { hash: string; language: string };
  /**
   * The visitor's country, and subdivision if known (`US-CA`), as the CDN in front of the collector said when the
   * receipt arrived: on sites that set `regimes`, when the collector is told (`ASSENT_GEO`). Never from the IP.
   */
  country?: string;
  /** Truncated client address, only when the site opted in (`ip: "truncated"`). */
  ip?: string;
  /** 16 random bytes (base64url) salting the digest of the personal fields, so an erased row cannot be guessed back. */
  salt: string;
  /** The receipt's place in the log: its sequence number and the chain hash of the record before it. */
  log: { seq: number; prev: string };
  /** The same subject's receipt before this one on this site (null: the first): what its result notice compares with. */
  previous: string | null;
  /** Detached JWS (EdDSA) over the canonical JSON of everything else; keys at `/.well-known/jwks.json`. */
  signature: string;
}

/** A receipt built by the collector before the log gives it its place and signs it. */
export type UnsignedReceipt = Omit<StoredReceipt, 'log' | 'previous' | 'signature'>;

/** Every field a stored receipt may have; anything else in a stored record is an edit. */
export const RECEIPT_FIELDS = [
  ...KEPT_REQUEST_FIELDS,
  'v',
  'receivedAt',
  'notice',
  'country',
  'ip',
  'salt',
  'log',
  'previous',
  'signature',
] as const;

/** What is left of a receipt once its subject is erased: everything but the personal fields, salt and signature. */
export type ErasedReceipt = Omit<
  StoredReceipt,
  'subject' | 'member' | 'contactKeys' | 'guardian' | 'ip' | 'country' | 'salt' | 'signature'
> & {
  redacted: { reason: 'erasure' | 'retention'; at: string };
};
