import type { Kysely } from 'kysely';
import type { ErasedReceipt, StaffAccessEntry, StoredReceipt } from '../../protocol';
import type { Database } from './database-schema';
import type { EntryLog } from './entry-log';
import { receiptOf } from './stored-receipt';
import { noticeQueue } from './notice-queue';
import { overviewQueries, type OverviewQueries } from './overview-queries';
import { rightsRequests, type RightsRequests } from './rights-requests';
import { redactReceipts, type RedactWhere } from './redaction';
import type { LogSigner } from './receipt-store';
import { findStaffToken, type StaffMember } from './staff-tokens';

export interface ReceiptFilter {
  site: string;
  from?: string;
  to?: string;
  action?: string;
  method?: string;
  policy?: string;
  subject?: string;
  /** The site's own reference for a signed-in member. */
  member?: string;
  /** Only receipts after this position in the log (cursor pagination). */
  afterSeq?: number;
}

/**
 * One staff call as the access log keeps it. Subjects and search terms are keyed hashes (proof/lookup-hash.ts),
 * never the values themselves: the log must not become a second copy of who was looked up.
 */
export type AccessEntry = Omit<StaffAccessEntry, 'seq'>;

export type ListedReceipt = StoredReceipt | ErasedReceipt;

/** A result notice as stored, with its delivery. */
export interface ListedNotice {
  notice: unknown;
  createdAt: string;
  attempts: number;
  deliveredAt: string | null;
  deliveredVia: string | null;
  lastError: string | null;
}

/** What the staff API reads and writes. Implemented over Kysely, so SQLite and PostgreSQL share it. */
export interface StaffQueries extends OverviewQueries, RightsRequests {
  findStaff(token: string): Promise<StaffMember | undefined>;
  listReceipts(filter: ReceiptFilter, limit: number): Promise<{ seq: number; receipt: ListedReceipt }[]>;
  /** Every matching receipt, oldest first, a page at a time: a million never sit in memory together. */
  streamReceipts(filter: ReceiptFilter): AsyncIterable<ListedReceipt>;
  /** The latest receipt of every (not erased) subject of a site whose latest receipt is older than `before`. */
  /** Consented channels last given or re-confirmed before `before`, with the subject's member reference. */
  consentsConfirmedBefore(
    site: string,
    before: string,
  ): Promise<{ subject: string; member?: string; channel: string; consentedAt: string; confirmedAt: string }[]>;
  /** The subjects a contact's keyed hashes (one per key version) were given for, with the first receipt giving it. */
  subjectsByContact(site: string, keys: readonly string[]): Promise<{ subject: string; receipt: string }[]>;
  /** The subjects (live receipts) a site's member reference was given for, with the first receipt giving it. */
  subjectsByMember(site: string, member: string): Promise<{ subject: string; receipt: string }[]>;
  /** The subject's latest receipt that is not erased: their current choices. */
  currentReceipt(site: string, subject: string): Promise<StoredReceipt | undefined>;
  appendAccess(entry: AccessEntry): Promise<void>;
  /** Result notices of a site: `pending` (not yet delivered, with the last error if any) or `delivered`. */
  listNotices(site: string, status: 'pending' | 'delivered' | 'all'): Promise<ListedNotice[]>;
  /**
   * Records that staff gave a result notice themselves (a call, a letter …): a signed entry of the deliveries
   * log naming the means and the staff member. `missing`: no such notice on the site; `already`: delivered before.
   */
  noticeGiven(
    site: string,
    receipt: string,
    means: string,
    at: Date,
    by: { staffId: string; tokenId: string },
  ): Promise<'done' | 'missing' | 'already'>;
  /** The latest access log entries about any of `sites`, newest first (filtered in the query). */
  listAccess(sites: readonly string[], limit: number): Promise<StaffAccessEntry[]>;
  /** Retention purges and erasures done on a site, newest first. */
  listPurges(site: string, limit: number): Promise<{ at: string; reason: string; count: number }[]>;
  /** Erases the person's link from the matching receipts (see redaction.ts); returns how many. */
  redact(
    where: RedactWhere,
    reason: 'erasure' | 'retention',
    at: string,
    subjectKey?: string,
    first?: (trx: Kysely<Database>) => Promise<void>,
  ): Promise<number>;
}

type ReceiptRowRead = {
  seq: number;
  record: string;
  signature: string | null;
  erased_at: string | null;
  reason: string | null;
};

/** A row as the staff API shows it: the signed receipt, or the public part of an erased one with when and why. */
export function listed(row: {
  record: string;
  signature: string | null;
  erased_at: string | null;
  reason?: string | null;
}): ListedReceipt {
  return row.erased_at
    ? { ...JSON.parse(row.record), redacted: { reason: row.reason ?? 'erasure', at: row.erased_at } }
    : receiptOf(row);
}

/** Each subject once, with the first receipt it came with. */
const firstPerSubject = (rows: { subject: string; receipt: string }[]) => [
  ...new Map(rows.toReversed().map((r) => [r.subject, r])).values(),
];

export function staffQueries(db: Kysely<Database>, entries: EntryLog, signer: LogSigner): StaffQueries {
  const where = (f: ReceiptFilter) => {
    let q = db
      .selectFrom('receipts')
      .leftJoin('log_entries as e', (j) => j.on('e.log', '=', 'erasures').onRef('e.seq', '=', 'receipts.erasure'))
      .where('receipts.site', '=', f.site);
    if (f.from) q = q.where('received_at', '>=', f.from);
    if (f.to) q = q.where('received_at', '<', f.to);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.method) q = q.where('method', '=', f.method);
    if (f.policy) q = q.where('policy', '=', f.policy);
    if (f.subject) q = q.where('subject', '=', f.subject);
    if (f.member) q = q.where('member', '=', f.member);
    if (f.afterSeq) q = q.where('receipts.seq', '>', f.afterSeq);
    return q
      .select([
        'receipts.seq',
        'receipts.record',
        'receipts.signature',
        'receipts.erased_at',
        (eb) => eb.ref('e.record').as('reason'),
      ])
      .orderBy('receipts.seq');
  };
  const read = (r: ReceiptRowRead) => listed({ ...r, reason: r.reason ? JSON.parse(r.reason).reason : null });
  return {
    ...overviewQueries(db),
    ...rightsRequests(db, signer),
    findStaff: (token) => findStaffToken(db, token),
    async listReceipts(filter, limit) {
      const rows = await where(filter).limit(limit).execute();
      return rows.map((r) => ({ seq: r.seq, receipt: read(r) }));
    },
    async *streamReceipts(filter) {
      let after = filter.afterSeq ?? 0;
      for (;;) {
        const page = await where({ ...filter, afterSeq: after })
          .limit(1000)
          .execute();
        for (const r of page) yield read(r);
        if (page.length < 1000) return;
        after = page[page.length - 1]!.seq;
      }
    },
    async consentsConfirmedBefore(site, before) {
      const rows = await db
        .selectFrom('channel_consents')
        .select(['subject', 'channel', 'consented_at', 'confirmed_at'])
        .where('site', '=', site)
        .where('granted', '=', 1)
        .where('confirmed_at', '<', before)
        .orderBy('confirmed_at')
        .limit(10_000)
        .execute();
      const members = new Map<string, string | undefined>();
      for (const subject of new Set(rows.map((r) => r.subject))) {
        const row = await db
          .selectFrom('receipts')
          .select('member')
          .where('site', '=', site)
          .where('subject', '=', subject)
          .where('member', 'is not', null)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        members.set(subject, row?.member ?? undefined);
      }
      return rows.map((r) => ({
        subject: r.subject,
        ...(members.get(r.subject) ? { member: members.get(r.subject) } : {}),
        channel: r.channel,
        consentedAt: r.consented_at!,
        confirmedAt: r.confirmed_at!,
      }));
    },
    async subjectsByContact(site, keys) {
      if (!keys.length) return [];
      const rows = await db
        .selectFrom('subject_contacts')
        .select(['subject', 'receipt_id'])
        .where('site', '=', site)
        .where('contact_key', 'in', [...keys])
        .execute();
      return firstPerSubject(rows.map((r) => ({ subject: r.subject, receipt: r.receipt_id })));
    },
    async subjectsByMember(site, member) {
      const rows = await db
        .selectFrom('receipts')
        .select(['subject', 'id'])
        .where('site', '=', site)
        .where('member', '=', member)
        .where('erased_at', 'is', null)
        .orderBy('seq')
        .limit(1000)
        .execute();
      return firstPerSubject(rows.map((r) => ({ subject: r.subject, receipt: r.id })));
    },
    async currentReceipt(site, subject) {
      const row = await db
        .selectFrom('receipts')
        .select(['record', 'signature'])
        .where('site', '=', site)
        .where('subject', '=', subject)
        .where('erased_at', 'is', null)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? receiptOf(row) : undefined;
    },
    async listNotices(site, status) {
      let q = db.selectFrom('result_notices').selectAll().where('site', '=', site);
      if (status === 'pending') q = q.where('delivered_at', 'is', null);
      if (status === 'delivered') q = q.where('delivered_at', 'is not', null);
      const rows = await q.orderBy('created_at').limit(1000).execute();
      return rows.map((r) => ({
        notice: JSON.parse(r.record),
        createdAt: r.created_at,
        attempts: r.attempts,
        deliveredAt: r.delivered_at,
        deliveredVia: r.delivered_via,
        lastError: r.last_error,
      }));
    },
    async noticeGiven(site, receipt, means, at, by) {
      const queue = noticeQueue(db, signer);
      const notice = await queue.find(receipt);
      if (!notice || notice.site !== site) return 'missing';
      if (notice.delivered_at) return 'already';
      await queue.delivered(notice, `other:${means}`, at, by);
      return 'done';
    },
    redact: (w, reason, at, subjectKey, first) => redactReceipts(db, signer, w, reason, at, subjectKey, first),
    async listAccess(sites, limit) {
      if (!sites.length) return [];
      const rows = await db
        .selectFrom('log_entries')
        .select(['seq', 'record'])
        .where('log', '=', 'access')
        .where('site', 'in', sites)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const { log: _l, prev: _p, seq: _s, ...entry } = JSON.parse(r.record);
        return { seq: r.seq, ...entry };
      });
    },
    async listPurges(site, limit) {
      const rows = await db
        .selectFrom('log_entries')
        .select(['record'])
        .where('log', '=', 'erasures')
        .where('site', '=', site)
        .orderBy('seq', 'desc')
        .limit(limit * 4)
        .execute();
      // A large purge is written in chunks (one entry each): shown as one line per purge.
      const out: { at: string; reason: string; count: number }[] = [];
      for (const r of rows) {
        const e = JSON.parse(r.record) as { at: string; reason: string; receipts: number[] };
        const last = out[out.length - 1];
        if (last && last.at === e.at && last.reason === e.reason) last.count += e.receipts.length;
        else out.push({ at: e.at, reason: e.reason, count: e.receipts.length });
      }
      return out.slice(0, limit);
    },
    async appendAccess({ at, site, ...rest }) {
      await entries.append('access', { at, site, body: rest });
    },
  };
}
