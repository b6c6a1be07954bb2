import type { Kysely } from 'kysely';

// Result notices for marketing consent changes (ICN Act Art. 50 ⑧) and the cursors of background jobs.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('result_notices')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('result_notices_pending')
    .on('result_notices')
    .columns(['delivered_at', 'next_attempt_at'])
    .execute();
  await db.schema
    .createTable('job_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_cursors').execute();
  await db.schema.dropTable('result_notices').execute();
}
