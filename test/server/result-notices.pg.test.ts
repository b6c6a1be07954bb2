import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { resultNoticeJob } from '../../server/notices/result-notices';
import { verifyDetached } from '../../server/proof/key-ring';
import { createStaffToken } from '../../server/store/staff-tokens';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { postgresBackend } from '../helpers/backends';
import { demoConfigs, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

/** A real HTTP receiver on loopback that fails the first `failures` deliveries. */
async function webhook(failures: number) {
  const received: { body: string; signature: string }[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      calls++;
      if (calls <= failures) return res.writeHead(503).end('busy');
      received.push({ body, signature: String(req.headers['assent-signature']) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`;
  return { url, received, calls: () => calls, close: () => new Promise((r) => server.close(r)) };
}

const liv = (subject: string, email: boolean, sms = false) =>
  leepeemReceipt({
    site: 'liv',
    policy: '2025-04',
    subject,
    choices: {
      categories: { necessary: true, analytics: false, marketing: false },
      channels: { email, sms, sms_night: false },
    },
  });

describe('result notices', () => {
  it('each marketing consent or withdrawal makes a notice with its receipt, delivered with retries, time recorded', async () => {
    const hook = await webhook(2);
    const configs = demoConfigs().map((c) => (c.id === 'liv' ? { ...c, webhooks: { resultNotices: hook.url } } : c));
    const c = await makeCollector({ configs });
    const keys = (await testKeyRing()).ring;
    const job = resultNoticeJob({
      queue: (c.store as KyselyReceiptStore).notices,
      sites: c.sites,
      fetch,
      sign: (p) => keys.signDetached(p),
    });
    const subject = 'notice_me_ABCDEFGHIJKL';
    await c.app.request('/v1/receipts', postJson(liv(subject, true))); // email consent: notice
    await c.app.request('/v1/receipts', postJson(liv(subject, true))); // same again: no notice
    await c.app.request('/v1/receipts', postJson(liv(subject, false, true))); // email withdrawn, sms given: notice
    await c.app.request('/v1/receipts', postJson(liv('never_ABCDEFGHIJKLMNOP', false))); // a refusal that changes nothing
    let now = new Date('2026-11-22T10:00:00Z');
    // Written in the same transaction as their receipts: there before any job runs.
    expect(
      await (c.store as KyselyReceiptStore).db.selectFrom('result_notices').select('receipt_id').execute(),
    ).toHaveLength(2);
    expect(await job.deliver(now)).toEqual({ delivered: 0, failed: 2 });
    expect(await job.deliver(now)).toEqual({ delivered: 0, failed: 0 }); // not due yet: backoff
    now = new Date('2026-11-22T10:01:00Z');
    expect(await job.deliver(now)).toEqual({ delivered: 2, failed: 0 });
    expect(hook.calls()).toBe(4);
    const notices = hook.received.map((r) => JSON.parse(r.body));
    expect(notices.map((n) => n.changes)).toEqual([{ email: true }, { email: false, sms: true }]);
    expect(notices[0]).toMatchObject({ site: 'liv', sender: '리브성형외과', subject, action: 'custom' });
    expect(await verifyDetached(hook.received[0]!.signature, hook.received[0]!.body, keys.jwks)).toMatchObject({
      ok: true,
    });
    const { db } = await import('../../server/store/sqlite-store').then((m) => m.openSqliteDatabase(c.dbPath));
    const { token } = await createStaffToken(db, 'Kim', ['liv'], now);
    await db.destroy();
    const listed = await (
      await c.app.request('/v1/staff/notices?site=liv', { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(listed.notices.map((n: { attempts: number; deliveredAt: string }) => [n.attempts, n.deliveredAt])).toEqual([
      [2, '2026-11-22T10:01:00.000Z'],
      [2, '2026-11-22T10:01:00.000Z'],
    ]);
    await hook.close();
  });
});

// Several nodes are a PostgreSQL mode (on SQLite one process owns the file; its jobs run one at a time).
describe('result notices with two collector nodes on one PostgreSQL database', () => {
  const backend = postgresBackend;
  it('delivering at the same time on both nodes sends each notice exactly once', async () => {
    const hook = await webhook(0);
    const configs = demoConfigs().map((c) => (c.id === 'liv' ? { ...c, webhooks: { resultNotices: hook.url } } : c));
    const database = await backend.create();
    const [a, b] = [await database.open(), await database.open()];
    const keys = (await testKeyRing()).ring;
    const nodes = await Promise.all([a, b].map((store) => makeCollector({ configs, store })));
    for (let i = 0; i < 30; i++)
      await nodes[i % 2]!.app.request(
        '/v1/receipts',
        postJson(liv(`twin_node_subject_${String(i).padStart(4, '0')}`, true)),
      );
    const jobs = [a, b].map((store) =>
      resultNoticeJob({ queue: store.notices, sites: nodes[0]!.sites, fetch, sign: (p) => keys.signDetached(p) }),
    );
    const now = new Date('2026-11-22T10:00:00Z');
    const sent = await Promise.all(jobs.map((j) => j.deliver(now)));
    expect(sent[0]!.delivered + sent[1]!.delivered).toBe(30);
    const receipts = hook.received.map((r) => JSON.parse(r.body).receipt);
    expect(receipts).toHaveLength(30);
    expect(new Set(receipts).size).toBe(30);
    await hook.close();
    await a.close();
    await b.close();
  });
});
