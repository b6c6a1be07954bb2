import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations';
import { DatabaseOpenError } from './receipt-store';

/** Runs the committed migrations; a failure is the operator's to fix, so it says which one and why, in one line. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error)
    throw new DatabaseOpenError(
      `database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`,
      { cause: error },
    );
}
