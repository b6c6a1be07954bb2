import { sql, type Kysely } from 'kysely';

/**
 * Format 2 of the log (see docs/proof.md): every receipt is signed together with its place in the chain and a
 * salted digest of its personal fields, so an erased row is still proven to be the one that was there; the
 * access log, the erasure log, the result-notice deliveries and the config revisions served are signed, chained
 * entries of one table; one signed, chained checkpoint covers the heads of every log.
 *
 * A log written in format 1 cannot be brought forward honestly (its erased rows kept no commitment, its access
 * log no signatures), so a database that already holds one is refused with a message saying what to do.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['receipts', 'access_log', 'checkpoints', 'purge_log']) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    if (Number(rows[0]?.n ?? 0) > 0) {
      throw new Error(
        `this database holds a consent log in format 1 (table ${table} is not empty), which this version cannot verify or extend. ` +
          'Keep it (it still verifies with the Assent release that wrote it) and point DATABASE_URL at a new database.',
      );
    }
  }
  for (const table of ['access_log', 'checkpoints', 'purge_log']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('receipts').addColumn('personal_digest', 'text').execute();
  await db.schema.alterTable('receipts').addColumn('erasure', 'integer').execute();
  // `record` is now exactly the signed payload (canonical JSON); the signature has its own column.
  await db.schema.alterTable('receipts').addColumn('signature', 'text').execute();
  // The subject's latest receipt is read for every new one (its `previous`, its result notice).
  await db.schema.createIndex('receipts_subject_seq').on('receipts').columns(['site', 'subject', 'seq']).execute();

  await db.schema
    .createTable('log_entries')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('site', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_entries_pk', ['log', 'seq'])
    .execute();
  await db.schema.createIndex('log_entries_site').on('log_entries').columns(['log', 'site', 'seq']).execute();

  await db.schema
    .createTable('log_checkpoints')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    // The receipts head it covers, so a visitor's path finds the first checkpoint after a receipt by index.
    .addColumn('receipts_head', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('log_checkpoints_receipts_head')
    .on('log_checkpoints')
    .columns(['receipts_head', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('log_checkpoints').execute();
  await db.schema.dropTable('log_entries').execute();
}
