import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database-schema';
import { exclusive } from './exclusive';

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
  /**
   * Takes one of the codes a check may send, and one of those its contact may be sent in the hour, in one
   * transaction: `receipt` when the check has none left (or is verified or closed), `contact` when the contact had
   * `perContact` codes since `since`.
   */
  reserveCode(
    receiptId: string,
    limits: { perReceipt: number; site: string; contactKey: string; since: string; perContact: number; at: string },
  ): Promise<'ok' | 'receipt' | 'contact'>;
  /** A newer decision superseded the check: it leaves the officer's list, and its contact goes. */
  close(receiptId: string, at: string): Promise<void>;
  /** A code went out to `contact`: keeps its keyed hash until `expiresAt`, and the contact for a resend. */
  codeSent(receiptId: string, contact: string, codeHash: string, expiresAt: string): Promise<void>;
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
    reserveCode(receiptId, l) {
      return db.transaction().execute(async (trx) => {
        await exclusive(trx, 'guardian-codes'); // PostgreSQL: one count-and-insert at a time across nodes
        const sent = await trx
          .selectFrom('guardian_codes_sent')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('site', '=', l.site)
          .where('contact_key', '=', l.contactKey)
          .where('sent_at', '>', l.since)
          .executeTakeFirst();
        if (Number(sent?.n ?? 0) >= l.perContact) return 'contact' as const;
        const took = await trx
          .updateTable('guardian_checks')
          .set((eb) => ({ codes_sent: eb('codes_sent', '+', 1) }))
          .where('receipt_id', '=', receiptId)
          .where('codes_sent', '<', l.perReceipt)
          .where('verified_at', 'is', null)
          .where('closed_at', 'is', null)
          .executeTakeFirst();
        if (Number(took.numUpdatedRows) !== 1) return 'receipt' as const;
        await trx
          .insertInto('guardian_codes_sent')
          .values({ site: l.site, contact_key: l.contactKey, sent_at: l.at })
          .execute();
        return 'ok' as const;
      });
    },
    async close(receiptId, at) {
      await db
        .updateTable('guardian_checks')
        .set({ closed_at: at, contact: null, code_hash: null, contact_redacted_at: at })
        .where('receipt_id', '=', receiptId)
        .where('verified_at', 'is', null)
        .execute();
    },
    async codeSent(receiptId, contact, codeHash, expiresAt) {
      await db
        .updateTable('guardian_checks')
        .set({ contact, code_hash: codeHash, code_expires_at: expiresAt, attempts: 0 })
        .where('receipt_id', '=', receiptId)
        .where('verified_at', 'is', null)
        .execute();
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
        .where('closed_at', 'is', null)
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
