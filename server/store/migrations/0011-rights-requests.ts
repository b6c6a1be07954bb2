import type { Kysely } from 'kysely';

/**
 * Data subjects' requests (access, correction, erasure, suspension) and their deadlines. Each change of a row is
 * an entry of the signed `requests` log, written in the same transaction; `assent verify` checks the rows against
 * it. The subject is kept in clear for the officer to act on and set to null when that subject is erased; its keyed
 * hash (`subject_key`, as the log has it) stays, and the collector acts on a request only while the two agree.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rights_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema
    .createIndex('rights_requests_open')
    .on('rights_requests')
    .columns(['site', 'closed_at', 'due_at'])
    .execute();
  await db.schema.createIndex('rights_requests_subject').on('rights_requests').columns(['site', 'subject']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rights_requests').execute();
}
