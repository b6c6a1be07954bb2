import type { Kysely } from 'kysely';
import { canonicalJson } from '../../protocol';
import { publicPart } from '../proof/receipt-commitment';
import type { Database } from './database-schema';
import { appendEntryIn } from './entry-log';
import { exclusive } from './exclusive';
import type { LogSigner } from './receipt-store';

/** The subject column of an erased row. */
export const ERASED_SUBJECT = 'erased';
/** The request_hash column of an erased row: a replay of its id is a conflict, never a new receipt. */
export const ERASED_REQUEST = 'erased';
/** Rows per transaction: a retention purge of a year's receipts never holds the writer for long. */
const CHUNK = 500;

export interface RedactWhere {
  site: string;
  subject?: string;
  receivedBefore?: string;
}

/**
 * Erases the person's link from matching receipts: each row keeps its public part (what was decided, under
 * which notice, when) and the salted digest of its personal fields, so the chain and its checkpoints still
 * verify and the row still proves it is the one that was there; subject, member, guardian, IP, salt and
 * signature go. Each chunk is one signed entry of the `erasures` log naming the rows it erased (`assent verify`
 * checks that every erased row has one, and only those). The subject's result notices go too, and their
 * marketing consents once no live receipt of theirs is left.
 * `subjectKey` (a keyed hash of the subject, for an erasure on request) lets the officer later show which
 * request it was without keeping the subject itself. `first` runs inside the first chunk's transaction (closing
 * the request that asked for the erasure): if it throws, nothing is erased.
 */
export async function redactReceipts(
  db: Kysely<Database>,
  signer: LogSigner,
  where: RedactWhere,
  reason: 'erasure' | 'retention',
  at: string,
  subjectKey?: string,
  first?: (trx: Kysely<Database>) => Promise<void>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      await exclusive(trx, 'redact'); // every node runs the daily purge: one at a time, the second finds nothing left
      // And not while a batch is appended (PostgreSQL): a batch reads each subject's latest receipt and consents
      // under this lock, so an erasure cannot empty them between its read and its commit.
      await exclusive(trx, 'receipts');
      let q = trx
        .selectFrom('receipts')
        .select(['seq', 'id', 'record'])
        .where('site', '=', where.site)
        .where('erased_at', 'is', null);
      if (where.subject) q = q.where('subject', '=', where.subject);
      if (where.receivedBefore) q = q.where('received_at', '<', where.receivedBefore);
      const rows = await q.orderBy('seq').limit(CHUNK).execute();
      if (!rows.length) return 0;
      if (total === 0) await first?.(trx);
      const entry = await appendEntryIn(trx, signer, 'erasures', {
        at,
        site: where.site,
        body: { reason, subject: subjectKey, receipts: rows.map((r) => r.seq) },
      });
      for (const row of rows) {
        const record = canonicalJson(publicPart(JSON.parse(row.record)));
        await trx
          .updateTable('receipts')
          .set({
            record,
            signature: null,
            subject: ERASED_SUBJECT,
            member: null,
            request_hash: ERASED_REQUEST,
            erased_at: at,
            erasure: entry.seq,
          })
          .where('seq', '=', row.seq)
          .execute();
      }
      await trx
        .deleteFrom('result_notices')
        .where(
          'receipt_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      await trx
        .deleteFrom('guardian_checks')
        .where(
          'receipt_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      // A subject left with no live receipt keeps no marketing consent either (an erasure, or retention that
      // reached their newest receipt): what the receipts no longer link to them cannot be held against them.
      const subjects = [...new Set(rows.map((r) => (JSON.parse(r.record) as { subject?: string }).subject))];
      for (const subject of subjects) {
        if (!subject) continue;
        const live = await trx
          .selectFrom('receipts')
          .select('seq')
          .where('site', '=', where.site)
          .where('subject', '=', subject)
          .limit(1)
          .executeTakeFirst();
        if (!live) {
          await trx
            .deleteFrom('channel_consents')
            .where('site', '=', where.site)
            .where('subject', '=', subject)
            .execute();
          // Their requests stay (the signed log keeps them by keyed hash), no longer naming them.
          await trx
            .updateTable('rights_requests')
            .set({ subject: null })
            .where('site', '=', where.site)
            .where('subject', '=', subject)
            .execute();
        }
        await forgetContacts(trx, where.site, subject);
      }
      return rows.length;
    });
    total += done;
    if (done < CHUNK) return total;
  }
}

/**
 * A contact stays findable only while a live receipt of the subject still carries its keyed hash, and its row names
 * the first such receipt: an erasure removes every row of the subject's, a retention purge those only the purged
 * receipts gave (and moves the others to the first receipt left).
 */
async function forgetContacts(trx: Kysely<Database>, site: string, subject: string) {
  const rows = await trx
    .selectFrom('subject_contacts')
    .select(['contact_key', 'receipt_id'])
    .where('site', '=', site)
    .where('subject', '=', subject)
    .execute();
  if (!rows.length) return;
  const first = new Map<string, string>();
  const live = await trx
    .selectFrom('receipts')
    .select(['id', 'record'])
    .where('site', '=', site)
    .where('subject', '=', subject)
    .orderBy('seq')
    .execute();
  for (const r of live)
    for (const k of (JSON.parse(r.record) as { contactKeys?: string[] }).contactKeys ?? [])
      if (!first.has(k)) first.set(k, r.id);
  for (const row of rows) {
    const match = trx
      .updateTable('subject_contacts')
      .where('site', '=', site)
      .where('subject', '=', subject)
      .where('contact_key', '=', row.contact_key);
    const receipt = first.get(row.contact_key);
    if (!receipt)
      await trx
        .deleteFrom('subject_contacts')
        .where('site', '=', site)
        .where('subject', '=', subject)
        .where('contact_key', '=', row.contact_key)
        .execute();
    else if (receipt !== row.receipt_id) await match.set({ receipt_id: receipt }).execute();
  }
}
