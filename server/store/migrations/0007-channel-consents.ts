import type { Kysely } from 'kysely';
import { channelFold, type FoldedReceipt } from '../../../protocol';

/**
 * Each subject's marketing consent per channel — given when, last re-confirmed when — kept in step with the
 * receipts in the transaction that appends them (receipt-batch.ts), so the 2-year re-confirmation is dated from
 * the consent itself and a cookie decision never restarts it. Built here from the receipts already stored, by
 * the same fold `assent verify` checks the table with.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('channel_consents')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('consented_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('receipt_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_consents_pk', ['site', 'subject', 'channel'])
    .execute();
  await db.schema
    .createIndex('channel_consents_due')
    .on('channel_consents')
    .columns(['site', 'granted', 'confirmed_at'])
    .execute();

  await db.schema.alterTable('result_notices').addColumn('delivered_via', 'text').execute();
  await db
    .updateTable('result_notices')
    .set({ delivered_via: 'webhook' })
    .where('delivered_at', 'is not', null)
    .execute();

  const fold = channelFold();
  const last = new Map<string, { id: string; site: string; subject: string }>();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('receipts')
      .select(['seq', 'record', 'erased_at'])
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (!rows.length) break;
    for (const row of rows) {
      const r = JSON.parse(row.record) as FoldedReceipt & { site: string; subject?: string };
      fold.apply(r);
      if (!row.erased_at && r.subject) {
        last.set(`${r.site}\n${r.subject}`, { id: r.id, site: r.site, subject: r.subject });
      }
      after = Number(row.seq);
    }
  }
  for (const l of last.values()) {
    for (const [channel, s] of Object.entries(fold.stateAfter(l.id)))
      await db
        .insertInto('channel_consents')
        .values({
          site: l.site,
          subject: l.subject,
          channel,
          granted: s.granted ? 1 : 0,
          consented_at: s.consentedAt ?? null,
          confirmed_at: s.confirmedAt ?? null,
          receipt_id: s.receipt,
        })
        .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_consents').execute();
  await db.schema.alterTable('result_notices').dropColumn('delivered_via').execute();
}
