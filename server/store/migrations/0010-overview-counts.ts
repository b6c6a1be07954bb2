import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../exclusive';
import { decisionCounts, type DecisionCountRow } from '../../stats/decision-counts';

/**
 * The overview from sums instead of from every receipt:
 * - `decision_counts`: receipts per site, UTC hour, policy, action, method, first decision and choices,
 *   written in the append transaction and built here from the receipts already stored;
 * - `banner_views.answered`: views a decision answered, and `banner_view_ids`, the views the widget named (a
 *   random id, nothing about the visitor), so a decision counts as the answer to one view only, and a view a
 *   decision answered is counted even when its own report was lost: answered can never exceed shown;
 * - the receipts' time index also covers the subject, so visitors are counted from the index alone; the index
 *   on (site, subject, received_at) goes: every query by subject orders by seq, which (site, subject, seq) serves,
 *   and each index costs every receipt a write at a random place.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decision_counts')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('first', 'integer', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_counts_pk', ['site', 'hour', 'policy', 'action', 'method', 'first', 'choices'])
    // SQLite: the rows live in their key's order, so a day's sums are read without a lookup per row.
    .$call((t) => (isPostgres(db) ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema
    .alterTable('banner_views')
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('banner_view_ids')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('view_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text')
    .addPrimaryKeyConstraint('banner_view_ids_pk', ['site', 'view_id'])
    .execute();
  await db.schema.createIndex('banner_view_ids_hour').on('banner_view_ids').columns(['hour']).execute();
  await db.schema.dropIndex('receipts_site_subject').execute();
  await db.schema.dropIndex('receipts_site_received').execute();
  await db.schema
    .createIndex('receipts_site_received')
    .on('receipts')
    .columns(['site', 'received_at', 'subject'])
    .execute();

  const counts = new Map<string, DecisionCountRow>();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('receipts')
      .select(['seq', 'record'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (!rows.length) break;
    for (const row of decisionCounts(rows.map((r) => JSON.parse(r.record)))) {
      const key = JSON.stringify({ ...row, count: 0 });
      const had = counts.get(key);
      if (had) had.count += row.count;
      else counts.set(key, row);
    }
    after = Number(rows.at(-1)!.seq);
  }
  const all = [...counts.values()];
  for (let i = 0; i < all.length; i += 500)
    await db
      .insertInto('decision_counts')
      .values(all.slice(i, i + 500))
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('receipts_site_subject')
    .on('receipts')
    .columns(['site', 'subject', 'received_at'])
    .execute();
  await db.schema.dropIndex('receipts_site_received').execute();
  await db.schema.createIndex('receipts_site_received').on('receipts').columns(['site', 'received_at']).execute();
  await db.schema.dropTable('banner_view_ids').execute();
  await db.schema.alterTable('banner_views').dropColumn('answered').execute();
  await db.schema.dropTable('decision_counts').execute();
}
