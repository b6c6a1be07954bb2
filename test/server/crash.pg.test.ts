import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import { writePaths } from '../helpers/backends';
import { DEMO_SITES_DIR, leepeemReceipt, tempDir } from '../helpers/collector';
import {
  jwksOf,
  openForCheck,
  postReceipt,
  receiptLoad,
  startCollector,
  storedCounts,
} from '../helpers/collector-process';
import { freePort } from '../helpers/ports';

describe.each(writePaths)('crash safety on $name', (backend) => {
  it(
    'kill -9 during a load: every receipt that got a 201 is stored exactly once, and the log still verifies',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const { url } = await backend.create();
      const env = {
        ...backend.env,
        DATABASE_URL: url,
        ASSENT_KEYS_FILE: join(dir, 'keys.json'),
        ASSENT_SITES_DIR: DEMO_SITES_DIR,
        PORT: String(await freePort()),
      };
      const first = startCollector(env);
      await first.ready;
      const load = receiptLoad([first.url], 32);
      await load.acknowledgedAtLeast(200); // kill it in the middle of a load, with plenty acknowledged and more in flight
      first.child.kill('SIGKILL');
      await first.exited;
      await load.stop();
      expect(load.acknowledged.length).toBeGreaterThan(50);

      // Restart on the same database: the chain continues from what was committed.
      const second = startCollector(env);
      await second.ready;
      const after = leepeemReceipt();
      expect((await postReceipt(second.url, after)).status).toBe(201);
      second.child.kill('SIGTERM');
      await second.exited;

      const db = await openForCheck(url);
      try {
        const stored = await storedCounts(db);
        for (const id of load.acknowledged) expect(stored.get(id)).toBe(1);
        expect(stored.get(after.id)).toBe(1);
        const report = await verifyDatabase(db, await jwksOf(env.ASSENT_KEYS_FILE));
        expect(report).toMatchObject({ ok: true, receipts: stored.size });
      } finally {
        await db.destroy();
      }
    },
  );
});
