import { startPostgres } from './helpers/postgres';

/**
 * One real PostgreSQL server for the whole run, unless TEST_DATABASE_URL points at an existing one. Test files
 * make their own databases on it (helpers/postgres.ts), and the forked test workers inherit the URL.
 */
export default async function setup() {
  if (process.env.TEST_DATABASE_URL) return;
  const pg = await startPostgres();
  process.env.TEST_DATABASE_URL = pg.url();
  return async () => {
    await pg.stop();
  };
}
