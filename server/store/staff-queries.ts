import type { Kysely } from 'kysely';
import type { StoredReceipt } from '../../protocol';
import { GENESIS, linkHash, sha256 } from '../proof/hash-chain';
import { ERASED_SUBJECT, redact } from '../staff/erasure';
import { findStaffToken, type StaffMember } from '../staff/staff-tokens';
import type { Database } from './database-schema';
import { exclusive } from './exclusive';

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

export interface AccessEntry {
  at: string;
  tokenId: string;
  staff: string;
  method: string;
  route: string;
  site?: string;
  subjects?: string[];
  query?: Record<string, string>;
  status: number;
}

/** What the staff API reads and writes. Implemented over Kysely, so SQLite and PostgreSQL share it. */
export interface StaffQueries {
  findStaff(token: string): Promise<StaffMember | undefined>;
  listReceipts(filter: ReceiptFilter, limit: number): Promise<{ seq: number; receipt: StoredReceipt }[]>;
  /** Every matching receipt, oldest first, a page at a time: a million never sit in memory together. */
  streamReceipts(filter: ReceiptFilter): AsyncIterable<StoredReceipt>;
  /** The latest receipt of every subject of a site whose latest receipt is older than `before`. */
  latestPerSubjectBefore(site: string, before: string): AsyncIterable<StoredReceipt>;
  appendAccess(entry: AccessEntry): Promise<void>;
  /** Result notices of a site: `pending` (not yet delivered, with the last error if any) or `delivered`. */
  listNotices(site: string, status: 'pending' | 'delivered' | 'all'): Promise<{ notice: unknown; createdAt: string; attempts: number; deliveredAt: string | null; lastError: string | null }[]>;
  /** Adds banner views (counts per site, UTC hour `YYYY-MM-DDTHH` and policy version; nothing about who). */
  addBannerViews(rows: { site: string; hour: string; policy: string; count: number }[]): Promise<void>;
  /** Banner view counts from `fromHour` to `toHour`, both included. */
  bannerViews(site: string, fromHour: string, toHour: string): Promise<{ hour: string; policy: string; count: number }[]>;
  /** The latest access log entries about any of `sites`, newest first. */
  listAccess(sites: readonly string[], limit: number): Promise<(AccessEntry & { seq: number })[]>;
  /** Retention purges and erasures done on a site, newest first. */
  listPurges(site: string, limit: number): Promise<{ at: string; reason: string; count: number }[]>;
  /** Replaces the matching receipts by their redacted form (see staff/erasure.ts); returns how many. */
  redact(where: { site: string; subject?: string; receivedBefore?: string }, reason: 'erasure' | 'retention', at: string): Promise<number>;
}

export function staffQueries(db: Kysely<Database>): StaffQueries {
  const where = (f: ReceiptFilter) => {
    let q = db.selectFrom('receipts').where('site', '=', f.site);
    if (f.from) q = q.where('received_at', '>=', f.from);
    if (f.to) q = q.where('received_at', '<', f.to);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.method) q = q.where('method', '=', f.method);
    if (f.policy) q = q.where('policy', '=', f.policy);
    if (f.subject) q = q.where('subject', '=', f.subject);
    if (f.member) q = q.where('member', '=', f.member);
    if (f.afterSeq) q = q.where('seq', '>', f.afterSeq);
    return q;
  };
  // The access log is chained like the receipts; appends are serialised in this process, and across nodes by
  // the database lock taken first in each append's transaction.
  let accessTail = Promise.resolve();
  return {
    findStaff: (token) => findStaffToken(db, token),
    async listReceipts(filter, limit) {
      const rows = await where(filter).select(['seq', 'record']).orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({ seq: r.seq, receipt: JSON.parse(r.record) }));
    },
    async *streamReceipts(filter) {
      let after = filter.afterSeq ?? 0;
      for (;;) {
        const page = await where({ ...filter, afterSeq: after }).select(['seq', 'record']).orderBy('seq').limit(1000).execute();
        for (const r of page) yield JSON.parse(r.record);
        if (page.length < 1000) return;
        after = page[page.length - 1]!.seq;
      }
    },
    async *latestPerSubjectBefore(site, before) {
      const latest = db.selectFrom('receipts').select((eb) => ['subject', eb.fn.max('seq').as('seq')]).where('site', '=', site).groupBy('subject').as('latest');
      let after = 0;
      for (;;) {
        const page = await db
          .selectFrom('receipts')
          .innerJoin(latest, 'latest.seq', 'receipts.seq')
          .select(['receipts.seq', 'receipts.record'])
          .where('receipts.received_at', '<', before)
          .where('receipts.seq', '>', after)
          .orderBy('receipts.seq')
          .limit(1000)
          .execute();
        for (const r of page) yield JSON.parse(r.record);
        if (page.length < 1000) return;
        after = page[page.length - 1]!.seq;
      }
    },
    async listNotices(site, status) {
      let q = db.selectFrom('result_notices').selectAll().where('site', '=', site);
      if (status === 'pending') q = q.where('delivered_at', 'is', null);
      if (status === 'delivered') q = q.where('delivered_at', 'is not', null);
      const rows = await q.orderBy('created_at').limit(1000).execute();
      return rows.map((r) => ({ notice: JSON.parse(r.record), createdAt: r.created_at, attempts: r.attempts, deliveredAt: r.delivered_at, lastError: r.last_error }));
    },
    async redact(w, reason, at) {
      return db.transaction().execute(async (trx) => {
        await exclusive(trx, 'redact'); // every node runs the daily purge: one at a time, the second finds nothing left
        let q = trx.selectFrom('receipts').select(['seq', 'record']).where('site', '=', w.site).where('erased_at', 'is', null);
        if (w.subject) q = q.where('subject', '=', w.subject);
        if (w.receivedBefore) q = q.where('received_at', '<', w.receivedBefore);
        const rows = await q.execute();
        for (const row of rows) {
          const record = JSON.stringify(redact(JSON.parse(row.record), reason, at));
          await trx.updateTable('receipts').set({ record, subject: ERASED_SUBJECT, member: null, erased_at: at }).where('seq', '=', row.seq).execute();
        }
        if (rows.length) await trx.insertInto('purge_log').values({ at, site: w.site, reason, count: rows.length }).execute();
        return rows.length;
      });
    },
    async addBannerViews(rows) {
      if (!rows.length) return;
      await db
        .insertInto('banner_views')
        .values(rows)
        .onConflict((oc) => oc.columns(['site', 'hour', 'policy']).doUpdateSet((eb) => ({ count: eb('banner_views.count', '+', eb.ref('excluded.count')) })))
        .execute();
    },
    async bannerViews(site, fromHour, toHour) {
      return db.selectFrom('banner_views').select(['hour', 'policy', 'count']).where('site', '=', site).where('hour', '>=', fromHour).where('hour', '<=', toHour).orderBy('hour').execute();
    },
    async listAccess(sites, limit) {
      // Entries name their site inside the record; a page of the newest is read and filtered here.
      const out: (AccessEntry & { seq: number })[] = [];
      let before = Number.MAX_SAFE_INTEGER;
      for (let pages = 0; out.length < limit && pages < 20; pages++) {
        const rows = await db.selectFrom('access_log').select(['seq', 'record']).where('seq', '<', before).orderBy('seq', 'desc').limit(500).execute();
        for (const r of rows) {
          const entry = JSON.parse(r.record) as AccessEntry;
          if (entry.site && sites.includes(entry.site) && out.length < limit) out.push({ seq: r.seq, ...entry });
        }
        if (rows.length < 500) break;
        before = rows[rows.length - 1]!.seq;
      }
      return out;
    },
    async listPurges(site, limit) {
      return db.selectFrom('purge_log').select(['at', 'reason', 'count']).where('site', '=', site).orderBy('seq', 'desc').limit(limit).execute();
    },
    appendAccess(entry) {
      const write = accessTail.then(() =>
        db.transaction().execute(async (trx) => {
          await exclusive(trx, 'access_log');
          const last = await trx.selectFrom('access_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
          const seq = (last?.seq ?? 0) + 1;
          const record = JSON.stringify(entry);
          const prev = last?.hash ?? GENESIS;
          await trx.insertInto('access_log').values({ seq, at: entry.at, token_id: entry.tokenId, record, prev_hash: prev, hash: linkHash(prev, seq, entry.tokenId, sha256(record)) }).execute();
        }),
      );
      accessTail = write.catch(() => {});
      return write;
    },
  };
}
