import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database-schema';

/** A child's receipt waiting for (or past) its guardian's verification, without the contact or code hash. */
export interface GuardianCheck {
  receiptId: string;
  site: string;
  subject: string;
  createdAt: string;
  /** Whether the guardian's contact is still kept (for a code). */
  hasContact: boolean;
  codesSent: number;
  attempts: number;
  codeExpiresAt: string | null;
  verifiedAt: string | null;
  verifiedReceipt: string | null;
}

/** The guardian-verification work table (migration 0008): every statement about it is here. */
export interface GuardianChecks {
  /** Opens the check of a pending receipt (again: nothing). */
  open(site: string, receiptId: string, subject: string, at: string): Promise<void>;
  get(receiptId: string): Promise<(GuardianCheck & { codeHash: string | null }) | undefined>;
  /** Takes one of the `max` codes a check may send, atomically (false: none left, or verified already). */
  reserveCode(receiptId: string, max: number): Promise<boolean>;
  /** A code went out to `contact`: keeps its keyed hash until `expiresAt`, and the contact for a resend. */
  codeSent(receiptId: string, contact: string, codeHash: string, expiresAt: string): Promise<void>;
  /** How many of the site's checks sent their latest code to `contact` with it still valid after `since`. */
  recentCodesTo(site: string, contact: string, since: string): Promise<number>;
  /** Keeps the contact for staff to call (a site without a code gateway). */
  keepContact(receiptId: string, contact: string): Promise<void>;
  /** The contact kept for the verification, for the officer who verifies by phone. */
  contactOf(receiptId: string): Promise<string | null>;
  /** Counts one code entered; returns how many were entered for the current code. */
  attempt(receiptId: string): Promise<number>;
  /** Claims the verification (false: another request did already); the contact and code hash go now. */
  claim(receiptId: string, at: string): Promise<boolean>;
  /** Names the receipt that recorded the verification, or gives the claim back when recording it failed. */
  settle(receiptId: string, verifiedReceipt: string | null): Promise<void>;
  /** Checks not verified yet, oldest first. */
  pending(site: string, limit: number): Promise<GuardianCheck[]>;
  /** Forgets the contacts of checks opened before `before` (children.guardianContactDays). */
  redactContacts(site: string, before: string, at: string): Promise<number>;
}

type Row = Selectable<Database['guardian_checks']>;
const toCheck = (r: Row): GuardianCheck => ({
  receiptId: r.receipt_id,
  site: r.site,
  subject: r.subject,
  createdAt: r.created_at,
  hasContact: r.contact !== null,
  codesSent: Number(r.codes_sent),
  attempts: Number(r.attempts),
  codeExpiresAt: r.code_expires_at,
  verifiedAt: r.verified_at,
  verifiedReceipt: r.verified_receipt,
});

export function guardianChecks(db: Kysely<Database>): GuardianChecks {
  const table = () => db.selectFrom('guardian_checks').selectAll();
  return {
    async open(site, receiptId, subject, at) {
      await db
        .insertInto('guardian_checks')
        .values({ receipt_id: receiptId, site, subject, created_at: at })
        .onConflict((oc) => oc.column('receipt_id').doNothing())
        .execute();
    },
    async get(receiptId) {
      const row = await table().where('receipt_id', '=', receiptId).executeTakeFirst();
      return row && { ...toCheck(row), codeHash: row.code_hash };
    },
    async reserveCode(receiptId, max) {
      const done = await db
        .updateTable('guardian_checks')
        .set((eb) => ({ codes_sent: eb('codes_sent', '+', 1) }))
        .where('receipt_id', '=', receiptId)
        .where('codes_sent', '<', max)
        .where('verified_at', 'is', null)
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },
    async codeSent(receiptId, contact, codeHash, expiresAt) {
      await db
        .updateTable('guardian_checks')
        .set({ contact, code_hash: codeHash, code_expires_at: expiresAt, attempts: 0 })
        .where('receipt_id', '=', receiptId)
        .where('verified_at', 'is', null)
        .execute();
    },
    async recentCodesTo(site, contact, since) {
      const row = await db
        .selectFrom('guardian_checks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('site', '=', site)
        .where('contact', '=', contact)
        .where('code_expires_at', '>', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async keepContact(receiptId, contact) {
      await db
        .updateTable('guardian_checks')
        .set({ contact })
        .where('receipt_id', '=', receiptId)
        .where('verified_at', 'is', null)
        .execute();
    },
    async contactOf(receiptId) {
      const row = await db
        .selectFrom('guardian_checks')
        .select('contact')
        .where('receipt_id', '=', receiptId)
        .executeTakeFirst();
      return row?.contact ?? null;
    },
    async attempt(receiptId) {
      await db
        .updateTable('guardian_checks')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('receipt_id', '=', receiptId)
        .execute();
      const row = await db
        .selectFrom('guardian_checks')
        .select('attempts')
        .where('receipt_id', '=', receiptId)
        .executeTakeFirst();
      return Number(row?.attempts ?? 0);
    },
    async claim(receiptId, at) {
      const done = await db
        .updateTable('guardian_checks')
        .set({ verified_at: at, contact: null, code_hash: null, contact_redacted_at: at })
        .where('receipt_id', '=', receiptId)
        .where('verified_at', 'is', null)
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },
    async settle(receiptId, verifiedReceipt) {
      await db
        .updateTable('guardian_checks')
        .set(verifiedReceipt ? { verified_receipt: verifiedReceipt } : { verified_at: null })
        .where('receipt_id', '=', receiptId)
        .execute();
    },
    async pending(site, limit) {
      const rows = await table()
        .where('site', '=', site)
        .where('verified_at', 'is', null)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(toCheck);
    },
    async redactContacts(site, before, at) {
      const done = await db
        .updateTable('guardian_checks')
        .set({ contact: null, code_hash: null, contact_redacted_at: at })
        .where('site', '=', site)
        .where('contact', 'is not', null)
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(done.numUpdatedRows);
    },
  };
}
