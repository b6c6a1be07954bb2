import type { Kysely } from 'kysely';

// The tamper-evident log (hash chain + signed checkpoints), staff tokens and the staff access log.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  const serial = postgres ? 'bigserial' : 'integer';
  const pk = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());
  for (const [name, type] of [
    ['record_digest', 'text'],
    ['prev_hash', 'text'],
    ['hash', 'text'],
    ['erased_at', 'text'],
  ] as const) {
    await db.schema.alterTable('receipts').addColumn(name, type).execute();
  }
  await db.schema
    .createTable('checkpoints')
    .addColumn('seq', serial, pk)
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('head_seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('staff_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sites', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('access_log')
    .addColumn('seq', serial, pk)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['access_log', 'staff_tokens', 'checkpoints']) await db.schema.dropTable(t).execute();
}
