import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema';
import type { DecisionCountRow } from '../stats/decision-counts';
import { ERASED_SUBJECT } from './redaction';

export type BannerViewCount = { site: string; hour: string; policy: string; count: number };
/** A view the widget reported with its id (nothing about the visitor). */
export type NamedBannerView = { site: string; view_id: string; hour: string; policy: string };

/** What the dashboard's overview reads: sums over `decision_counts` and `banner_views`, and one distinct count. */
export interface OverviewQueries {
  /**
   * Adds banner views: `counts` per site, UTC hour and policy as reported without an id (older widgets), and
   * `named` views, each counted once however often it is reported, and not at all if a decision already recorded it.
   */
  addBannerViews(counts: BannerViewCount[], named?: NamedBannerView[]): Promise<void>;
  /** Views and how many of them a decision answered, per UTC hour and policy, from `fromHour` to `toHour` included. */
  bannerViews(
    site: string,
    fromHour: string,
    toHour: string,
  ): Promise<{ hour: string; policy: string; count: number; answered: number }[]>;
  /** The receipts of quarter hours `from` ≤ bucket < `to`, summed per kind (an SQL aggregate). */
  decisionCounts(site: string, fromBucket: string, toBucket: string): Promise<DecisionCountRow[]>;
  /** How many subjects decided between `from` (included) and `to` (excluded); erased receipts name no one. */
  visitors(site: string, from: string, to: string): Promise<number>;
  /** Forgets view ids reported before `beforeHour` (their counts stay): a decision weeks later counts as a new view. */
  forgetViewIds(beforeHour: string): Promise<number>;
}

export function overviewQueries(db: Kysely<Database>): OverviewQueries {
  return {
    async addBannerViews(counts, named = []) {
      if (!counts.length && !named.length) return;
      await db.transaction().execute(async (trx) => {
        const added = new Map<string, BannerViewCount>();
        for (const c of counts) added.set(`${c.site}\n${c.hour}\n${c.policy}`, { ...c });
        if (named.length) {
          // Only the ids not seen before (reported twice, or recorded by the decision that answered them) count.
          const fresh = await trx
            .insertInto('banner_view_ids')
            .values(named.map((v) => ({ ...v, answered_by: null })))
            .onConflict((oc) => oc.columns(['site', 'view_id']).doNothing())
            .returning(['site', 'hour', 'policy'])
            .execute();
          for (const v of fresh) {
            const key = `${v.site}\n${v.hour}\n${v.policy}`;
            const had = added.get(key);
            if (had) had.count++;
            else added.set(key, { site: v.site, hour: v.hour, policy: v.policy, count: 1 });
          }
        }
        if (!added.size) return;
        await trx
          .insertInto('banner_views')
          .values([...added.values()])
          .onConflict((oc) =>
            oc
              .columns(['site', 'hour', 'policy'])
              .doUpdateSet((eb) => ({ count: eb('banner_views.count', '+', eb.ref('excluded.count')) })),
          )
          .execute();
      });
    },
    async bannerViews(site, fromHour, toHour) {
      return db
        .selectFrom('banner_views')
        .select(['hour', 'policy', 'count', 'answered'])
        .where('site', '=', site)
        .where('hour', '>=', fromHour)
        .where('hour', '<=', toHour)
        .orderBy('hour')
        .execute();
    },
    async decisionCounts(site, fromBucket, toBucket) {
      const rows = await db
        .selectFrom('decision_counts')
        .select([
          'bucket',
          'policy',
          'action',
          'method',
          'first',
          'choices',
          (eb) => eb.fn.sum<number>('count').as('count'),
        ])
        .where('site', '=', site)
        .where('bucket', '>=', fromBucket)
        .where('bucket', '<', toBucket)
        .groupBy(['bucket', 'policy', 'action', 'method', 'first', 'choices'])
        .execute();
      return rows.map((r) => ({ ...r, site, first: Number(r.first), count: Number(r.count) }));
    },
    async visitors(site, from, to) {
      // Read from the (site, received_at, subject) index alone; grouping is faster than count(distinct) on SQLite.
      const row = await db
        .selectFrom(
          db
            .selectFrom('receipts')
            .select('subject')
            .where('site', '=', site)
            .where('received_at', '>=', from)
            .where('received_at', '<', to)
            .where('subject', '<>', ERASED_SUBJECT)
            .groupBy('subject')
            .as('s'),
        )
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async forgetViewIds(beforeHour) {
      const r = await db.deleteFrom('banner_view_ids').where('hour', '<', beforeHour).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
