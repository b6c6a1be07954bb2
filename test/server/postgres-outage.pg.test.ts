import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import { createStaffToken } from '../../server/store/staff-tokens';
import { DEMO_SITES_DIR, leepeemReceipt, tempDir } from '../helpers/collector';
import {
  jwksOf,
  openForCheck,
  postReceipt,
  receiptLoad,
  startCollector,
  storedCounts,
} from '../helpers/collector-process';
import { freePort, startPostgres } from '../helpers/postgres';

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('PostgreSQL goes away during a load', () => {
  it(
    'the collector answers 503 with Retry-After, stays up, resumes when the server is back, and loses no acknowledged receipt',
    { timeout: 90_000 },
    async () => {
      // Its own server: this test stops it.
      const server = await startPostgres({ persistent: true });
      const admin = new pg.Client({ connectionString: server.url() });
      await admin.connect();
      await admin.query('create database assent');
      await admin.end();
      const dir = tempDir();
      const env = {
        DATABASE_URL: server.url('assent'),
        ASSENT_KEYS_FILE: join(dir, 'keys.json'),
        ASSENT_SITES_DIR: DEMO_SITES_DIR,
        PORT: String(await freePort()),
      };
      const collector = startCollector(env);
      try {
        await collector.ready;
        const setupDb = await openForCheck(env.DATABASE_URL);
        const { token } = await createStaffToken(setupDb, 'Officer', ['leepeem'], new Date());
        await setupDb.destroy();
        const staff = () =>
          fetch(`${collector.url}/v1/staff/receipts?site=leepeem&limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          });
        expect((await staff()).status).toBe(200);
        const load = receiptLoad([collector.url], 8);
        await load.acknowledgedAtLeast(50);

        await server.stop();
        const down = await postReceipt(collector.url, leepeemReceipt()).catch((e) => {
          throw new Error(`collector gone: ${collector.output()}`, { cause: e });
        });
        expect(down.status).toBe(503);
        expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(down.headers.get('content-type')).toContain('application/problem+json');
        expect((await fetch(`${collector.url}/readyz`)).status).toBe(503);
        expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
        const staffDown = await staff();
        expect(staffDown.status).toBe(503); // the staff API too: a passing fault, not a bug
        expect(staffDown.headers.get('retry-after')).toBe('5');
        await load.answeredAtLeast(503, 20); // the load keeps meeting the outage, and the process stays up through it
        expect(collector.child.exitCode).toBeNull();

        await server.start();
        expect(
          await until(async () => (await postReceipt(collector.url, leepeemReceipt())).status === 201, 20_000),
        ).toBe(true);
        expect((await fetch(`${collector.url}/readyz`)).status).toBe(200);
        expect((await staff()).status).toBe(200);
        await load.acknowledgedAtLeast(load.acknowledged.length + 20); // and the load goes through again
        await load.stop();

        expect(load.statuses.get(503)).toBeGreaterThan(0);
        expect([...load.statuses.keys()].sort()).toEqual([201, 503]); // never a 500
        const db = await openForCheck(env.DATABASE_URL);
        try {
          const stored = await storedCounts(db);
          for (const id of load.acknowledged) expect(stored.get(id)).toBe(1);
          expect(await verifyDatabase(db, await jwksOf(env.ASSENT_KEYS_FILE))).toMatchObject({ ok: true });
        } finally {
          await db.destroy();
        }
      } finally {
        collector.child.kill('SIGTERM');
        await collector.exited;
        await server.stop();
        rmSync(server.server.dir, { recursive: true, force: true });
      }
    },
  );
});
