import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema';
import type { DecisionCountRow } from '../stats/decision-counts';
import { exclusive } from './exclusive';
import { ERASED_SUBJECT } from './redaction';

/** A local day as the spans of the sums it covers. */
export type DayBuckets = { day: string; lo: string; hi: string };
export type DayCountRow = Omit<DecisionCountRow, 'site' | 'hour'> & { day: string };

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
  /**
   * The receipts of each day, summed per kind in SQL: a day is the UTC hours from its `lo` (included) to its `hi`
   * (excluded), so the database does the viewer's time zone and returns a few rows a day.
   */
  decisionsByDay(site: string, days: readonly DayBuckets[]): Promise<DayCountRow[]>;
  /** Banner views and answers of each day, summed in SQL over the same hours. */
  viewsByDay(
    site: string,
    days: readonly DayBuckets[],
  ): Promise<{ day: string; policy: string; count: number; answered: number }[]>;
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
        // PostgreSQL: the same lock as a receipt batch, which also writes view ids and these counts (in another
        // order, so without it the two could deadlock).
        await exclusive(trx, 'receipts');
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
    async decisionsByDay(site, days) {
      if (!days.length) return [];
      const rows = await sql<DayCountRow>`
        with days (day, lo, hi) as (values ${sql.join(days.map((d) => sql`(${d.day}, ${d.lo}, ${d.hi})`))})
        select d.day, c.policy, c.action, c.method, c.first, c.choices, sum(c.count) as count
        from days d join decision_counts c on c.site = ${site} and c.hour >= d.lo and c.hour < d.hi
        group by d.day, c.policy, c.action, c.method, c.first, c.choices`.execute(db);
      return rows.rows.map((r) => ({ ...r, first: Number(r.first), count: Number(r.count) }));
    },
    async viewsByDay(site, days) {
      if (!days.length) return [];
      const rows = await sql<{ day: string; policy: string; count: number; answered: number }>`
        with days (day, lo, hi) as (values ${sql.join(days.map((d) => sql`(${d.day}, ${d.lo}, ${d.hi})`))})
        select d.day, v.policy, sum(v.count) as count, sum(v.answered) as answered
        from days d join banner_views v on v.site = ${site} and v.hour >= d.lo and v.hour < d.hi
        group by d.day, v.policy`.execute(db);
      return rows.rows.map((r) => ({ ...r, count: Number(r.count), answered: Number(r.answered) }));
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
