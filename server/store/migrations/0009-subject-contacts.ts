import type { Kysely } from 'kysely';

/**
 * The officer's way from "Mrs Park, 010-1234-5678" to her receipts: one row per (site, keyed hash of a normalised
 * contact, subject), written in the transaction that appends the receipt carrying it (`contactKeys`), deleted with
 * the subject's erasure. Only keyed hashes: the database alone cannot be searched for a number. `assent verify`
 * checks the table against the signed receipts, so a row added by hand cannot point a search at someone else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subject_contacts')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('contact_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    /** The first receipt that gave this contact for this subject. */
    .addColumn('receipt_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subject_contacts_pk', ['site', 'contact_key', 'subject'])
    .execute();
  await db.schema.createIndex('subject_contacts_subject').on('subject_contacts').columns(['site', 'subject']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subject_contacts').execute();
}
