import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assentCli } from '../helpers/cli';
import { DEMO_SITES_DIR, FIXED_NOW, leepeemReceipt, makeCollector, postJson, tempDir } from '../helpers/collector';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { startCollector } from '../helpers/collector-process';
import { freePort } from '../helpers/ports';

const cli = assentCli;

/** A collector process that takes `receipts`, is stopped (its last checkpoint goes to the witnesses), and what it answered. */
async function run(env: Record<string, string>, receipts: ReturnType<typeof leepeemReceipt>[]) {
  const c = startCollector({ ...env, PORT: String(await freePort()) });
  await c.ready;
  const answers = [];
  for (const r of receipts) {
    const res = await fetch(`${c.url}/v1/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(r),
    });
    expect(res.status).toBe(201);
    answers.push(await res.json());
  }
  c.child.kill('SIGTERM');
  await c.exited;
  return answers;
}

describe('anchors outside the database', () => {
  it(
    'a witness keeps each checkpoint; verify --checkpoints and a visitor’s receipt catch a log rewritten with the server’s own key',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const posted: string[] = [];
      const witness = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => (posted.push(body), res.writeHead(204).end()));
      });
      await new Promise<void>((r) => witness.listen(0, '127.0.0.1', r));
      const env = {
        DATABASE_URL: join(dir, 'assent.sqlite'),
        ASSENT_KEYS_FILE: join(dir, 'keys.json'),
        ASSENT_SITES_DIR: DEMO_SITES_DIR,
        ASSENT_CHECKPOINT_FILE: join(dir, 'witness.jsonl'),
        ASSENT_WITNESS_URL: `http://127.0.0.1:${(witness.address() as AddressInfo).port}/checkpoints`,
      };
      const receipts = [1, 2, 3].map((i) => leepeemReceipt({ subject: `visitor_${i}_ABCDEFGHIJKL` }));
      const answers = await run(env, receipts);
      await new Promise((r) => witness.close(r));
      const saved = readFileSync(env.ASSENT_CHECKPOINT_FILE, 'utf8').trim().split('\n');
      expect(saved.length).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(saved.at(-1)!)).toMatchObject({ v: 2, heads: { receipts: { seq: 3 } } });
      expect(posted.map((p) => JSON.parse(p))).toEqual(saved.map((l) => JSON.parse(l))); // the URL got the same checkpoints
      const { secret: _s, ...visitorCopy } = answers[1];
      writeFileSync(join(dir, 'visitor.json'), JSON.stringify(visitorCopy));

      const base = {
        DATABASE_URL: env.DATABASE_URL,
        ASSENT_KEYS_FILE: env.ASSENT_KEYS_FILE,
        ASSENT_SITES_DIR: DEMO_SITES_DIR,
      };
      expect(await cli(['verify', '--checkpoints', env.ASSENT_CHECKPOINT_FILE], base)).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^OK: 3 receipts .*consistent with \d+ checkpoint/),
      });

      // Someone with the server and its key writes another history (the second visitor's decision left out), every
      // record properly signed and checkpointed, and puts it in place of the real one.
      const forged = join(tempDir(), 'forged.sqlite');
      await run(
        {
          ...env,
          DATABASE_URL: forged,
          ASSENT_CHECKPOINT_FILE: join(dir, 'forged-witness.jsonl'),
          ASSENT_WITNESS_URL: '',
        },
        [receipts[0]!, receipts[2]!],
      );
      copyFileSync(forged, env.DATABASE_URL);
      expect(await cli(['verify'], base)).toMatchObject({ code: 0 }); // on its own, a consistent, signed log
      const caught = await cli(['verify', '--checkpoints', env.ASSENT_CHECKPOINT_FILE], base);
      expect(caught.code).toBe(1);
      expect(caught.out).toMatch(
        /TAMPERED: the checkpoint \d+ saved outside .* (differs from checkpoint \d+ in the database|is missing from the database)/,
      );
      const byVisitor = await cli(['verify', '--checkpoints', join(dir, 'visitor.json')], base);
      expect(byVisitor.code).toBe(1);
      expect(byVisitor.out).toMatch(
        new RegExp(`TAMPERED: the receipt ${visitorCopy.id} saved outside vouches for receipt seq \\d`),
      );
    },
  );

  it(
    'a visitor checks a downloaded receipt against the collector’s log and its signed checkpoint; after a rewrite it is not in the log',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const env = {
        DATABASE_URL: join(dir, 'assent.sqlite'),
        ASSENT_KEYS_FILE: join(dir, 'keys.json'),
        ASSENT_SITES_DIR: DEMO_SITES_DIR,
      };
      const receipts = [1, 2, 3].map((i) => leepeemReceipt({ subject: `visitor_${i}_ABCDEFGHIJKL` }));
      const answers = await run(env, receipts); // stopping writes the checkpoint that covers them
      writeFileSync(join(dir, 'mine.json'), JSON.stringify(answers[0]));
      const serve = async (database: string) => {
        const c = startCollector({ ...env, DATABASE_URL: database, PORT: String(await freePort()) });
        await c.ready;
        return c;
      };
      const live = await serve(env.DATABASE_URL);
      const checkpoint = await (await fetch(`${live.url}/.well-known/assent-checkpoint`)).json();
      expect(checkpoint).toMatchObject({
        v: 2,
        heads: { receipts: { seq: 3 } },
        signature: expect.stringMatching(/\.\./),
      });
      const ok = await cli(['verify-receipt', join(dir, 'mine.json'), '--collector', live.url], {});
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toMatch(
        /OK: receipt .* is signed by key .*\nOK: the collector's log holds it at seq 1, under checkpoint \d+/,
      );
      live.child.kill('SIGTERM');
      await live.exited;

      const forged = join(tempDir(), 'forged.sqlite');
      await run({ ...env, DATABASE_URL: forged }, [receipts[1]!, receipts[2]!]);
      const rewritten = await serve(forged);
      const gone = await cli(['verify-receipt', join(dir, 'mine.json'), '--collector', rewritten.url], {});
      rewritten.child.kill('SIGTERM');
      await rewritten.exited;
      expect(gone.code).toBe(1);
      expect(gone.out).toMatch(/NOT IN THE LOG: the log has receipt \S+ at seq 1, not this one/);
    },
  );

  it('the path a visitor checks against is the stored record’s: a record changed under its chain link is refused, not served', async () => {
    const c = await makeCollector();
    const body = await (await c.app.request('/v1/receipts', postJson(leepeemReceipt()))).json();
    await c.store.checkpoint(FIXED_NOW);
    const ok = await c.app.request(`/v1/log/receipts/${body.log.seq}/path`);
    expect(ok.status).toBe(200);
    const db = (c.store as KyselyReceiptStore).db;
    const row = await db
      .selectFrom('receipts')
      .select('record')
      .where('seq', '=', body.log.seq)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('receipts')
      .set({ record: row.record.replace('"action":"custom"', '"action":"accept_all"') })
      .where('seq', '=', body.log.seq)
      .execute();
    const damaged = await c.app.request(`/v1/log/receipts/${body.log.seq}/path`);
    expect(damaged.status).toBe(500);
    expect((await damaged.json()).type).toBe('/problems/log-damaged');
  });

  it('start-up refuses a config revision written into the database by hand (receipts would be signed under it)', async () => {
    const c = await makeCollector();
    const store = c.store as KyselyReceiptStore;
    const { revisionOf } = await import('../../server/sites/site-registry');
    const { revision: _r, ...config } = c.sites.get('leepeem')!.publicConfig;
    const forged = { ...config, categories: config.categories.map((k) => ({ ...k, required: true })) };
    const last = await store.db
      .selectFrom('log_entries')
      .select(['seq', 'hash'])
      .where('log', '=', 'revisions')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const record = JSON.stringify({
      log: 'revisions',
      seq: last.seq + 1,
      prev: last.hash,
      at: FIXED_NOW.toISOString(),
      site: 'leepeem',
      revision: revisionOf(forged),
      config: forged,
    });
    await store.db
      .insertInto('log_entries')
      .values({
        log: 'revisions',
        seq: last.seq + 1,
        site: 'leepeem',
        at: FIXED_NOW.toISOString(),
        record,
        signature: 'forged',
        hash: 'x',
      })
      .execute();
    await expect(makeCollector({ store, dbPath: c.dbPath })).rejects.toThrow(
      /the log of config revisions served is not as the collector wrote it/,
    );
    await store.close();
  });
});
