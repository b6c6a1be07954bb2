import type { Kysely } from 'kysely';
import { isPostgres } from '../exclusive';

// What the admin dashboard needs beyond receipts: banner views (counts per UTC hour, so any time zone's days
// can be made from them; no subject) and a log of purges.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  await db.schema
    .createTable('banner_views')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('banner_views_pk', ['site', 'hour', 'policy'])
    .execute();
  await db.schema
    .createTable('purge_log')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('purge_log').execute();
  await db.schema.dropTable('banner_views').execute();
}
