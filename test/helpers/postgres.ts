import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort } from './ports';
import { createPostgresServer } from './postgres-server';

export { freePort };

/** A real, throwaway PostgreSQL server (postgres-server.ts) with a user `assent`, on a free port. */
export async function startPostgres({ persistent = false } = {}) {
  const port = await freePort();
  const server = await createPostgresServer({ port, user: 'assent', password: 'assent', persistent });
  await server.start();
  const url = (database = 'postgres') => `postgres://assent:assent@127.0.0.1:${port}/${database}`;
  return { server, port, url, stop: () => server.stop(), start: () => server.start() };
}

/** A new, empty database on the test server (TEST_DATABASE_URL or the one the global setup started). */
export async function freshPostgresDatabase(baseUrl = process.env.TEST_DATABASE_URL): Promise<string> {
  if (!baseUrl)
    throw new Error('no PostgreSQL for the tests: TEST_DATABASE_URL is not set and the global setup did not start one');
  const name = `assent_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A copy of a database (it must have no open connections), by `create database … template …`. */
export async function copyPostgresDatabase(url: string): Promise<string> {
  const source = new URL(url);
  const name = `assent_copy_${randomBytes(6).toString('hex')}`;
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${source.pathname.slice(1)}`);
  } finally {
    await admin.end();
  }
  source.pathname = `/${name}`;
  return source.toString();
}
