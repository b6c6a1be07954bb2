import type { Kysely } from 'kysely';

/**
 * Staff lists and exports page through one site's receipts in `seq` order. Without this index the planner picks
 * `(site, received_at)` and sorts every page, so a 100,000-receipt export read the site's rows a hundred times.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('receipts_site_seq').on('receipts').columns(['site', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('receipts_site_seq').execute();
}
