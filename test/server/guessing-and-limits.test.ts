import { serve } from '@hono/node-server';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { forwardedClient } from '../../server/middleware/client-ip';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import { FIXED_NOW, demoConfigs, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

async function withToken(overrides: Parameters<typeof makeCollector>[0] = {}) {
  const c = await makeCollector(overrides);
  const store = c.store as KyselyReceiptStore;
  const { token } = await createStaffToken(store.db, 'Officer Kim', ['leepeem'], FIXED_NOW);
  const access = async () =>
    (
      await store.db.selectFrom('log_entries').select('record').where('log', '=', 'access').orderBy('seq').execute()
    ).map((r) => JSON.parse(r.record));
  return { ...c, store, token, access };
}

describe('guessing is limited and leaves a trace', () => {
  it('wrong staff tokens: each is in the access log, and past 10 a minute the client gets 429 with Retry-After', async () => {
    const c = await withToken({ failedAuth: { limit: 10, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++)
      statuses.push(
        (
          await c.app.request('/v1/staff/receipts?site=leepeem', {
            headers: { authorization: `Bearer assent_tok_0123456789ab_guess${i}` },
          })
        ).status,
      );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    const limited = await c.app.request('/v1/staff/me', { headers: { authorization: 'Bearer nope' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const refused = (await c.access()).filter((e) => e.status === 401);
    expect(refused).toHaveLength(10); // past the limit nothing more is tried, so nothing more to log
    expect(refused[0]).toMatchObject({
      tokenId: 'tok_0123456789ab',
      route: '/v1/staff/receipts',
      site: 'leepeem',
      status: 401,
    });
    // Another client is not affected, and a right token from the limited one still works only after the window.
    expect(
      (
        await c.app.request('/v1/staff/me', {
          headers: { authorization: `Bearer ${c.token}`, 'x-test-ip': '192.0.2.50' },
        })
      ).status,
    ).toBe(200);
  });

  it('successful staff calls do not count towards the limit', async () => {
    const c = await withToken({ failedAuth: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 20; i++)
      expect((await c.app.request('/v1/staff/me', { headers: { authorization: `Bearer ${c.token}` } })).status).toBe(
        200,
      );
  });

  it('wrong receipt secrets: 404 like an unknown id, and past 10 a minute 429 with Retry-After', async () => {
    const c = await makeCollector({ failedAuth: { limit: 10, windowMs: 60_000 } });
    const body = await (await c.app.request('/v1/receipts', postJson(leepeemReceipt()))).json();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await c.app.request(`/v1/receipts/${body.id}?secret=${'x'.repeat(32)}`)).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429, 429]);
    // The visitor with the right secret, from another address, reads it.
    expect(
      (await c.app.request(`/v1/receipts/${body.id}?secret=${body.secret}`, { headers: { 'x-test-ip': '192.0.2.9' } }))
        .status,
    ).toBe(200);
  });
});

describe('the staff API and the access log', () => {
  it('reads at most 64 KiB of a staff request body', async () => {
    const c = await withToken();
    const res = await c.app.request(
      '/v1/staff/receipts',
      postJson(
        { ...leepeemReceipt(), staffId: 'x'.repeat(70_000), method: 'staff-phone' },
        { authorization: `Bearer ${c.token}` },
      ),
    );
    expect(res.status).toBe(413);
  });

  it('keeps a phone number or subject typed into a search only as a keyed hash', async () => {
    const c = await withToken();
    await c.app.request('/v1/staff/receipts?site=leepeem&member=010-1234-5678&subject=v_Xy7f3kQ9pLm2aB4c', {
      headers: { authorization: `Bearer ${c.token}` },
    });
    const [entry] = await c.access();
    const hash = (await testKeyRing()).ring.lookupHash;
    expect(entry.query).toEqual({
      site: 'leepeem',
      member: hash('leepeem', '010-1234-5678'),
      subject: hash('leepeem', 'v_Xy7f3kQ9pLm2aB4c'),
    });
    expect(JSON.stringify(await c.access())).not.toMatch(/010-1234-5678|v_Xy7f3kQ9pLm2aB4c/);
  });

  it('lists one site’s access log from the query, however busy another site is', async () => {
    const configs = demoConfigs();
    const c = await makeCollector({ configs });
    const store = c.store as KyselyReceiptStore;
    const busy = await createStaffToken(store.db, 'Busy', ['leepeem'], FIXED_NOW);
    const quiet = await createStaffToken(store.db, 'Quiet', ['liv'], FIXED_NOW);
    await c.app.request('/v1/staff/receipts?site=liv', { headers: { authorization: `Bearer ${quiet.token}` } });
    for (let i = 0; i < 300; i++)
      await store.staff.appendAccess({
        at: FIXED_NOW.toISOString(),
        tokenId: busy.token.slice(7, 23),
        staff: 'Busy',
        method: 'GET',
        route: '/v1/staff/receipts',
        site: 'leepeem',
        status: 200,
      });
    const liv = await (
      await c.app.request('/v1/staff/access-log?site=liv&limit=5', {
        headers: { authorization: `Bearer ${quiet.token}` },
      })
    ).json();
    expect(liv.entries.map((e: { staff: string; site: string }) => [e.staff, e.site])).toEqual([['Quiet', 'liv']]);
  });

  it('writes the re-confirmation list as CSV with the one CSV writer: formulas are defused', async () => {
    let now = new Date('2025-02-10T00:00:00Z');
    const c = await withToken({ clock: { now: () => now } });
    await c.app.request(
      '/v1/receipts',
      postJson(leepeemReceipt({ member: '=SUM+A1:A9', signals: { gpc: false, decidedAt: now.toISOString() } })),
    );
    now = FIXED_NOW;
    const csv = await (
      await c.app.request('/v1/staff/reconfirmations?site=leepeem&days=3650&format=csv', {
        headers: { authorization: `Bearer ${c.token}` },
      })
    ).text();
    expect(csv.split('\r\n')[1]).toContain(",'=SUM+A1:A9,");
  });
});

describe('boundaries', () => {
  it('TRUST_PROXY=<n> takes the address n hops from the right of X-Forwarded-For; what the client wrote on the left is ignored', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(forwardedClient('6.6.6.6, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(forwardedClient('203.0.113.7', 2)).toBeUndefined(); // fewer hops than proxies: the socket's address is used
    expect(forwardedClient('6.6.6.6', 0)).toBeUndefined();
  });

  it('the public config carries no webhook (its URL may hold the receiver’s secret) and no origins', async () => {
    const configs = demoConfigs().map((c) =>
      c.id === 'liv' ? { ...c, webhooks: { resultNotices: 'https://hooks.example/notices?token=s3cret' } } : c,
    );
    const c = await makeCollector({ configs });
    const text = await (await c.app.request('/v1/sites/liv/config')).text();
    expect(text).not.toContain('s3cret');
    expect(JSON.parse(text)).not.toHaveProperty('webhooks');
    expect(JSON.parse(text)).not.toHaveProperty('origins');
  });

  it('a client that drops its upload is logged as its abort, not as a 500', async () => {
    const lines: { msg?: string; obj: object }[] = [];
    const logger = {
      info: (obj: object, msg?: string) => lines.push({ obj, msg }),
      warn: (obj: object, msg?: string) => lines.push({ obj, msg }),
      error: (obj: object, msg?: string) => lines.push({ obj, msg }),
    };
    const base = await makeCollector();
    const app = createApp({ ...base.deps, logger });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const logged = new Promise<void>((resolve) => {
      const t = setInterval(
        () => lines.some((l) => l.msg === 'client aborted the request') && (clearInterval(t), resolve()),
        10,
      );
    });
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /v1/receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"id":',
      );
      socket.once('data', () => {});
      setImmediate(() => socket.destroy());
    });
    await logged;
    await new Promise((r) => server.close(r));
    expect(lines.filter((l) => l.msg === 'unhandled error')).toEqual([]);
  });
});
