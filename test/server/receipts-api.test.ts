import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../server/middleware/security-headers';
import { MAX_RECEIPT_BYTES } from '../../protocol';
import { FIXED_NOW, demoConfigs, leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as {
    type: string;
    status: number;
    detail?: string;
    errors?: { pointer: string; detail: string }[];
  };
}

describe('POST /v1/receipts', () => {
  it('stores a receipt and answers 201 with what the server vouches for', async () => {
    const { app, store, sites } = await makeCollector();
    const req = leepeemReceipt();
    const res = await app.request('/v1/receipts', postJson(req));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/receipts/${req.id}`);
    const body = await res.json();
    expect(body).toMatchObject({ ...req, v: 2, receivedAt: FIXED_NOW.toISOString() });
    expect(body).not.toHaveProperty('ip');
    const notice = sites.get('leepeem')!.notices.get('2025-02\nen')!;
    expect(body.notice).toEqual({ hash: notice.hash, language: 'en' });
    // The hash points to the exact text stored alongside.
    const stored = await store.getNoticeText(body.notice.hash);
    expect(stored?.text).toContain('"policy":"2025-02"');
    expect(stored?.text).toContain('You have the right to refuse.');
    const { secret, ...record } = body;
    expect(secret).toMatch(/^[\w-]{32}$/);
    expect(await store.get(req.id)).toEqual(record);
  });

  it('the server clock is authoritative: a client claiming another time changes nothing', async () => {
    const { app } = await makeCollector();
    const req = leepeemReceipt({ signals: { gpc: false, decidedAt: '2025-06-01T00:00:00Z' } });
    const body = await (await app.request('/v1/receipts', postJson(req))).json();
    expect(body.receivedAt).toBe(FIXED_NOW.toISOString());
    expect(body.signals.decidedAt).toBe('2025-06-01T00:00:00Z');
  });

  it('is idempotent on id: the same body again is 200 with the stored receipt, stored once', async () => {
    let now = FIXED_NOW;
    const { app, dbPath } = await makeCollector({ clock: { now: () => now } });
    const req = leepeemReceipt();
    const first = await app.request('/v1/receipts', postJson(req));
    now = new Date(FIXED_NOW.getTime() + 60_000);
    // Same content, keys in another order.
    const reordered = Object.fromEntries(Object.entries(req).reverse());
    const again = await app.request('/v1/receipts', postJson(reordered));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect((await again.json()).receivedAt).toBe(FIXED_NOW.toISOString());
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('select count(*) n from receipts where id = ?').get(req.id)).toEqual({ n: 1 });
    db.close();
  });

  it('the same id with a different body is 409 and the first one stays', async () => {
    const { app, store } = await makeCollector();
    const req = leepeemReceipt();
    await app.request('/v1/receipts', postJson(req));
    const res = await app.request(
      '/v1/receipts',
      postJson({
        ...req,
        action: 'reject_all',
        choices: {
          categories: { necessary: true, analytics: false, marketing: false },
          channels: { email: false, sms: false, sms_night: false },
        },
      }),
    );
    expect(res.status).toBe(409);
    expect((await problem(res)).type).toBe('/problems/id-conflict');
    expect((await store.get(req.id))?.action).toBe('custom');
  });

  it('unknown site is 404', async () => {
    const { app } = await makeCollector();
    const res = await app.request('/v1/receipts', postJson(leepeemReceipt({ site: 'nosuchclinic' })));
    expect(res.status).toBe(404);
    expect((await problem(res)).type).toBe('/problems/unknown-site');
  });

  const unfit: [string, Partial<ReturnType<typeof leepeemReceipt>>, string, RegExp][] = [
    ['an unknown policy version', { policy: '1999-01' }, '/policy', /not a policy version of site "leepeem"/],
    ['a language the site does not have', { language: 'ja' }, '/language', /not a language of this site/],
    [
      'an unknown category',
      {
        choices: {
          categories: { necessary: true, analytics: true, marketing: false, ads: true },
          channels: { email: false, sms: false, sms_night: false },
        },
      },
      '/choices/categories/ads',
      /not a cookie category/,
    ],
    [
      'a missing category',
      {
        choices: {
          categories: { necessary: true, analytics: true },
          channels: { email: false, sms: false, sms_night: false },
        },
      },
      '/choices/categories/marketing',
      /is missing/,
    ],
    [
      'necessary refused',
      {
        choices: {
          categories: { necessary: false, analytics: true, marketing: false },
          channels: { email: false, sms: false, sms_night: false },
        },
      },
      '/choices/categories/necessary',
      /cannot be refused/,
    ],
    [
      'a withdrawal that leaves a channel out',
      {
        action: 'withdraw',
        choices: { categories: { necessary: true, analytics: false, marketing: false }, channels: { email: false } },
      },
      '/choices/channels/sms',
      /is missing: "withdraw" withdraws every marketing channel/,
    ],
    [
      'a channel the site does not have',
      { choices: { channels: { fax: true } } },
      '/choices/channels/fax',
      /is not a marketing channel of this site/,
    ],
    [
      'a cookie decision without its categories',
      { action: 'accept_all', choices: { channels: {} } },
      '/choices/categories',
      /is missing: "accept_all" is a cookie decision/,
    ],
    [
      'night SMS without SMS',
      {
        choices: {
          categories: { necessary: true, analytics: true, marketing: false },
          channels: { email: false, sms: false, sms_night: true },
        },
      },
      '/choices/channels/sms_night',
      /needs "sms"/,
    ],
    [
      'accept_all that refuses a category',
      { action: 'accept_all' },
      '/choices/categories/marketing',
      /"accept_all" must allow every category/,
    ],
    [
      'reject_all that allows analytics',
      { action: 'reject_all' },
      '/choices/categories/analytics',
      /"reject_all" must refuse every optional/,
    ],
    ['a staff method from the public endpoint', { method: 'staff-phone' }, '/method', /staff API/],
  ];
  for (const [what, override, pointer, message] of unfit) {
    it(`rejects ${what} with 422 naming ${pointer}`, async () => {
      const { app, store } = await makeCollector();
      const req = leepeemReceipt(override);
      const res = await app.request('/v1/receipts', postJson(req));
      expect(res.status).toBe(422);
      const body = await problem(res);
      expect(body.errors).toContainEqual({ pointer, detail: expect.stringMatching(message) });
      expect(await store.get(req.id)).toBeUndefined();
    });
  }

  it("rejects a guardian on a site without children's consent, keeps LEEPEEM's pending", async () => {
    const { app } = await makeCollector();
    const guardian = { name: 'Kim Min-ji' };
    const liv = leepeemReceipt({ site: 'liv', policy: '2025-04', guardian });
    const res = await app.request('/v1/receipts', postJson(liv));
    expect(res.status).toBe(422);
    expect((await problem(res)).errors).toContainEqual({
      pointer: '/guardian',
      detail: "this site does not collect children's consent",
    });
    const ok = await app.request('/v1/receipts', postJson(leepeemReceipt({ age: 'child', guardian })));
    expect(ok.status).toBe(201);
    const stored = await ok.json();
    expect(stored.guardian).toEqual(guardian);
    expect(stored.guardianCheck).toEqual({ status: 'pending' });
  });

  it('lists every protocol violation with a JSON pointer', async () => {
    const { app } = await makeCollector();
    const res = await app.request(
      '/v1/receipts',
      postJson({ ...leepeemReceipt(), id: 'not-a-uuid', method: 'carrier-pigeon', extra: 1, subject: undefined }),
    );
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/id', detail: 'must be a lowercase UUID v4 or v7' },
        { pointer: '/subject', detail: 'is required' },
        { pointer: '/extra', detail: 'is not a known field' },
        expect.objectContaining({ pointer: '/method' }),
      ]),
    );
  });

  it('answers 400 to malformed JSON, 415 to other media types, 413 to oversized bodies', async () => {
    const { app } = await makeCollector();
    const bad = await app.request('/v1/receipts', postJson('{"id": '));
    expect(bad.status).toBe(400);
    expect((await problem(bad)).type).toBe('/problems/malformed-json');
    const form = await app.request('/v1/receipts', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(leepeemReceipt()),
    });
    expect(form.status).toBe(415);
    await problem(form);
    const huge = await app.request(
      '/v1/receipts',
      postJson({ ...leepeemReceipt(), pad: 'x'.repeat(MAX_RECEIPT_BYTES) }),
    );
    expect(huge.status).toBe(413);
    expect((await problem(huge)).type).toBe('/problems/too-large');
  });

  it('limits a chunked body that declares no length, and a lying Content-Length', async () => {
    const { app } = await makeCollector();
    const chunk = new TextEncoder().encode('x'.repeat(4096));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await app.request('/v1/receipts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const declared = await app.request(
      '/v1/receipts',
      postJson(leepeemReceipt(), { 'content-length': String(MAX_RECEIPT_BYTES + 1) }),
    );
    expect(declared.status).toBe(413);
  });

  it('stores a truncated IP only on a site that opted in', async () => {
    const configs = demoConfigs().map((c) => (c.id === 'liv' ? { ...c, ip: 'truncated' as const } : c));
    const { app, sites } = await makeCollector({ configs });
    const liv = await app.request(
      '/v1/receipts',
      postJson(leepeemReceipt({ site: 'liv', policy: '2025-04', configRevision: sites.get('liv')!.revision }), {
        'x-test-ip': '198.51.100.77',
      }),
    );
    expect((await liv.json()).ip).toBe('198.51.100.0/24');
    const leepeem = await app.request('/v1/receipts', postJson(leepeemReceipt(), { 'x-test-ip': '198.51.100.77' }));
    expect(await leepeem.json()).not.toHaveProperty('ip');
  });
});

describe('CORS, rate limit and headers', () => {
  it('answers a preflight from a site origin and refuses others with 403', async () => {
    const { app } = await makeCollector();
    const preflight = (origin: string) =>
      app.request('/v1/receipts', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await preflight('http://localhost:8787');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a receipt from an origin of another site', async () => {
    const configs = demoConfigs().map((c) => (c.id === 'liv' ? { ...c, origins: ['https://liv.example'] } : c));
    const { app, store } = await makeCollector({ configs });
    const req = leepeemReceipt();
    const res = await app.request('/v1/receipts', postJson(req, { origin: 'https://liv.example' }));
    expect(res.status).toBe(403);
    expect(await store.get(req.id)).toBeUndefined();
    const own = await app.request('/v1/receipts', postJson(leepeemReceipt(), { origin: 'http://localhost:8787' }));
    expect(own.status).toBe(201);
    expect(own.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(own.headers.get('vary')).toMatch(/Origin/);
  });

  it('limits each client and says when to retry', async () => {
    const { app } = await makeCollector({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const send = (ip: string) => app.request('/v1/receipts', postJson(leepeemReceipt(), { 'x-test-ip': ip }));
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send('192.0.2.1')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await send('192.0.2.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await problem(limited)).type).toBe('/problems/rate-limited');
    expect((await send('192.0.2.2')).status).toBe(201);
  });

  it('sets security headers and a request id on every answer, including errors', async () => {
    const { app } = await makeCollector();
    for (const res of [await app.request('/healthz'), await app.request('/nope')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const missing = await app.request('/nope');
    expect(missing.status).toBe(404);
    expect((await problem(missing)).type).toBe('/problems/not-found');
  });

  it('the security headers are those of hono/secure-headers, on every answer: a stored receipt, a refusal, a page', async () => {
    // The set the collector sends is written out once (middleware/security-headers.ts); it must stay what Hono's
    // middleware gives with the collector's option.
    const reference = new Hono();
    reference.use('*', secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
    reference.get('/', (c) => c.text('ok'));
    const expected = Object.fromEntries(
      [...(await reference.request('/')).headers].filter(([k]) => k !== 'content-type'),
    );
    expect(Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]))).toEqual(
      expected,
    );

    const { app } = await makeCollector();
    const origin = { origin: 'http://localhost:8787' };
    const stored = await app.request('/v1/receipts', postJson(leepeemReceipt(), origin));
    const refused = await app.request('/v1/receipts', postJson({ ...leepeemReceipt(), site: 'nope' }, origin));
    const page = await app.request('/v1/sites/leepeem/config', { headers: origin });
    expect([stored.status, refused.status, page.status]).toEqual([201, 404, 200]);
    for (const res of [stored, refused, page]) {
      for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), name).toBe(value);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
      expect(res.headers.get('access-control-expose-headers')).toBe('ETag, Retry-After, X-Request-Id');
      expect(res.headers.get('vary')).toMatch(/Origin/);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(stored.headers.get('location')).toMatch(/^\/v1\/receipts\//);
    expect(stored.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
