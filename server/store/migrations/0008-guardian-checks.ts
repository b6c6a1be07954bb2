import type { Kysely } from 'kysely';

/**
 * Children's receipts waiting for their guardian's verification (PIPA Art. 22-2): one row per pending receipt,
 * holding the guardian's contact only until the verification (or `children.guardianContactDays`), and the keyed
 * hash of the code the collector sent, never the code. The verification itself is a signed receipt in the log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guardian_checks')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('contact', 'text')
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', 'text')
    .addColumn('codes_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_at', 'text')
    .addColumn('verified_receipt', 'text')
    .addColumn('contact_redacted_at', 'text')
    /** Superseded by a newer decision of the subject: nothing left to verify. */
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('guardian_checks_site').on('guardian_checks').columns(['site', 'verified_at']).execute();
  // Every code sent, by the keyed hash of its contact: at most a few an hour to one contact, across receipts.
  await db.schema
    .createTable('guardian_codes_sent')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('contact_key', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('guardian_codes_sent_contact')
    .on('guardian_codes_sent')
    .columns(['site', 'contact_key', 'sent_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('guardian_codes_sent').execute();
  await db.schema.dropTable('guardian_checks').execute();
}
