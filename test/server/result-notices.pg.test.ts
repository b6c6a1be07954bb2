import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { resultNoticeJob } from '../../server/notices/result-notices';
import { verifyDetached } from '../../server/proof/key-ring';
import { verifyDatabase } from '../../server/proof/verify-log';
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
  it('each marketing consent, first refusal or withdrawal makes a notice with its receipt, delivered with retries', async () => {
    const hook = await webhook(3);
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
    const member = 'sha256:member_ref_0001';
    await c.app.request('/v1/receipts', postJson({ ...liv(subject, true), member })); // email consent: notice
    await c.app.request('/v1/receipts', postJson(liv(subject, true))); // same again: no notice
    await c.app.request('/v1/receipts', postJson(liv(subject, false, true))); // email withdrawn, sms given: notice
    await c.app.request('/v1/receipts', postJson(liv('never_ABCDEFGHIJKLMNOP', false))); // a first refusal: notice
    await c.app.request('/v1/receipts', postJson(liv('never_ABCDEFGHIJKLMNOP', false))); // refused again: none
    let now = new Date('2026-11-22T10:00:00Z');
    // Written in the same transaction as their receipts: there before any job runs.
    expect(
      await (c.store as KyselyReceiptStore).db.selectFrom('result_notices').select('receipt_id').execute(),
    ).toHaveLength(3);
    expect(await job.deliver(now)).toEqual({ delivered: 0, failed: 3 });
    expect(await job.deliver(now)).toEqual({ delivered: 0, failed: 0 }); // not due yet: backoff
    now = new Date('2026-11-22T10:01:00Z');
    expect(await job.deliver(now)).toEqual({ delivered: 3, failed: 0 });
    expect(hook.calls()).toBe(6);
    const notices = hook.received.map((r) => JSON.parse(r.body));
    const results = (n: { results: { channel: string; result: string }[] }) =>
      Object.fromEntries(n.results.map((r) => [r.channel, r.result]));
    expect(notices.map(results)).toHaveLength(3);
    expect(notices.map(results)).toEqual(
      expect.arrayContaining([
        { email: 'consented', sms: 'refused', sms_night: 'refused' },
        { email: 'withdrawn', sms: 'consented' },
        { email: 'refused', sms: 'refused', sms_night: 'refused' },
      ]),
    );
    // Sender (name and contact), date, action, result and whom to address: what Decree Art. 62-2 asks for.
    const first = notices.find((n) => n.member === member)!;
    expect(first).toMatchObject({
      v: 2,
      site: 'liv',
      sender: { name: expect.stringMatching(/Liv/) },
      subject,
      member,
      action: 'custom',
      language: 'en',
      decidedAt: '2026-11-22T09:30:00.000Z',
      dueBy: '2026-12-06T09:30:00.000Z',
    });
    expect(first.results[0]).toMatchObject({ channel: 'email', medium: 'email', label: 'Marketing email' });
    expect(first.sender.phone).toBe('+82-2-797-2773');
    expect(await verifyDetached(hook.received[0]!.signature, hook.received[0]!.body, keys.jwks)).toMatchObject({
      ok: true,
    });
    const { db } = await import('../../server/store/sqlite-store').then((m) => m.openSqliteDatabase(c.dbPath));
    const { token } = await createStaffToken(db, 'Kim', ['liv'], now);
    await db.destroy();
    const listed = await (
      await c.app.request('/v1/staff/notices?site=liv', { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(
      listed.notices.map((n: { attempts: number; deliveredAt: string; status: string }) => [
        n.attempts,
        n.deliveredAt,
        n.status,
      ]),
    ).toEqual([
      [2, '2026-11-22T10:01:00.000Z', 'delivered'],
      [2, '2026-11-22T10:01:00.000Z', 'delivered'],
      [2, '2026-11-22T10:01:00.000Z', 'delivered'],
    ]);
    await hook.close();
  });

  it('without a webhook a notice is due, then overdue after 14 days; staff record it as given by other means, signed', async () => {
    let now = new Date('2026-11-22T09:30:00Z');
    const c = await makeCollector({ clock: { now: () => now } });
    const { db } = await import('../../server/store/sqlite-store').then((m) => m.openSqliteDatabase(c.dbPath));
    const { token } = await createStaffToken(db, 'Kim', ['liv'], now);
    await db.destroy();
    const staff = (path: string, init: RequestInit = {}) =>
      c.app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as object) } });
    const consent = liv('phoned_in_ABCDEFGHIJKL', true);
    expect((await c.app.request('/v1/receipts', postJson(consent))).status).toBe(201);
    const status = async () =>
      (await (await staff('/v1/staff/notices?site=liv&status=pending')).json()).notices.map(
        (n: { status: string }) => n.status,
      );
    expect(await status()).toEqual(['due']);
    now = new Date('2026-12-06T09:29:00Z');
    expect(await status()).toEqual(['due']);
    now = new Date('2026-12-06T09:31:00Z');
    expect(await status()).toEqual(['overdue']);
    const overdue = await (await staff('/v1/staff/notices?site=liv&status=overdue')).json();
    expect(overdue.notices).toHaveLength(1);
    const give = (means: string) =>
      staff(`/v1/staff/notices/${consent.id}/delivered`, postJson({ site: 'liv', means }));
    expect((await give('carrier-pigeon')).status).toBe(422);
    const given = await give('phone');
    expect(given.status, await given.clone().text()).toBe(200);
    expect((await give('phone')).status).toBe(409);
    expect(
      (await staff(`/v1/staff/notices/not-a-receipt/delivered`, postJson({ site: 'liv', means: 'phone' }))).status,
    ).toBe(404);
    expect(await status()).toEqual([]);
    const all = await (await staff('/v1/staff/notices?site=liv')).json();
    expect(all.notices[0]).toMatchObject({ status: 'delivered', deliveredVia: 'other:phone' });
    // The deliveries log signs who said it was given, and how; verify holds the column to it.
    const kdb = (c.store as KyselyReceiptStore).db;
    const entry = await kdb
      .selectFrom('log_entries')
      .select('record')
      .where('log', '=', 'deliveries')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.record)).toMatchObject({ receipt: consent.id, via: 'other:phone', by: { staffId: 'Kim' } });
    const keys = (await testKeyRing()).ring;
    expect(await verifyDatabase(kdb, keys.jwks)).toMatchObject({ ok: true, entries: { deliveries: 1 } });
    await kdb.updateTable('result_notices').set({ delivered_via: 'webhook' }).execute();
    expect((await verifyDatabase(kdb, keys.jwks)).problem).toMatch(
      /delivered_via differs from the signed deliveries log/,
    );
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
