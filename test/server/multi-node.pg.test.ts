import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../server/proof/key-ring';
import { migrations as allMigrations } from '../../server/store/migrations';
import { verifyDatabase } from '../../server/proof/verify-log';
import { postgresBackend } from '../helpers/backends';
import { DEMO_SITES_DIR, FIXED_NOW, leepeemReceipt, tempDir } from '../helpers/collector';
import {
  jwksOf,
  openForCheck,
  postReceipt,
  receiptLoad,
  startCollector,
  storedCounts,
} from '../helpers/collector-process';
import { freePort } from '../helpers/ports';

describe('two collector nodes on one PostgreSQL database', () => {
  it(
    'both accept receipts at once; a receipt sent to both is stored once; the log is one verifiable chain',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const { url } = await postgresBackend.create();
      const keysFile = join(dir, 'keys.json');
      writeFileSync(keysFile, JSON.stringify(await generateKey(undefined, FIXED_NOW))); // the nodes share one key file
      const common = { DATABASE_URL: url, ASSENT_KEYS_FILE: keysFile, ASSENT_SITES_DIR: DEMO_SITES_DIR };
      // Started together: they race to run the migrations, which must happen once.
      const nodes = [
        startCollector({ ...common, PORT: String(await freePort()) }),
        startCollector({ ...common, PORT: String(await freePort()) }),
      ];
      await Promise.all(nodes.map((n) => n.ready));

      const load = receiptLoad(
        nodes.map((n) => n.url),
        16,
      );
      // Meanwhile, the same receipts to both nodes at the same moment, as a widget retrying through a load balancer.
      const twins = Array.from({ length: 60 }, () => leepeemReceipt());
      const twinStatuses = await Promise.all(
        twins.map((r) => Promise.all(nodes.map((n) => postReceipt(n.url, r).then((res) => res.status)))),
      );
      await load.acknowledgedAtLeast(100);
      await load.stop();
      for (const s of twinStatuses) expect(s.sort()).toEqual([200, 201]);
      expect(load.acknowledged.length).toBeGreaterThan(50);
      expect([...load.statuses.keys()]).toEqual([201]);

      await Promise.all(nodes.map((n) => (n.child.kill('SIGTERM'), n.exited)));
      const db = await openForCheck(url);
      try {
        const stored = await storedCounts(db);
        for (const id of [...load.acknowledged, ...twins.map((t) => t.id)]) expect(stored.get(id)).toBe(1);
        expect(stored.size).toBe(load.acknowledged.length + twins.length);
        expect(await verifyDatabase(db, await jwksOf(keysFile))).toMatchObject({ ok: true, receipts: stored.size });
        const migrations = await db
          .selectFrom('kysely_migration' as never)
          .selectAll()
          .execute();
        expect(migrations).toHaveLength(Object.keys(allMigrations).length);
      } finally {
        await db.destroy();
      }
    },
  );
});
