import type { StoredReceipt } from '../../protocol';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { postgresBackend } from '../helpers/backends';
import { FIXED_NOW, leepeemReceipt, makeCollector } from '../helpers/collector';

const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "'; DROP TABLE receipts; --",
    '<script>alert(1)</script>',
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    '=cmd|calc!A1',
    '%00',
    '{"$gt":""}',
    'null',
    '1e309',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);

/** A valid receipt with one field replaced, removed or added, at any depth. */
const mutated = fc
  .tuple(
    fc.constantFrom(
      'id',
      'site',
      'subject',
      'member',
      'policy',
      'configRevision',
      'language',
      'method',
      'action',
      'choices',
      'choices.categories',
      'choices.categories.analytics',
      'choices.channels.sms_night',
      'guardian',
      'signals',
      'signals.decidedAt',
      'signals.gpc',
      'recordedBy',
      '__proto__',
      'constructor',
    ),
    fc.oneof(nasty, fc.constant(undefined)),
  )
  .map(([path, value]) => {
    const body = JSON.parse(JSON.stringify(leepeemReceipt())) as Record<string, unknown>;
    const keys = path.split('.');
    let at = body;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    if (value === undefined) delete at[keys.at(-1)!];
    else at[keys.at(-1)!] = value;
    return JSON.stringify(body);
  });

const body = fc.oneof(mutated, fc.json(), fc.string(), fc.constant(''), fc.constant('{'.repeat(5000)));
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'APPLICATION/JSON',
  '',
  'application/json;;;',
);

async function count(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('select count(*) n from receipts').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('hostile input', () => {
  it(
    'POST /v1/receipts: only 2xx or 4xx problem+json, never 5xx, and a rejected request stores nothing',
    { timeout: 120_000 },
    async () => {
      const { app, dbPath } = await makeCollector();
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(
          body,
          contentType,
          fc.constantFrom(undefined, 'https://evil.example', 'http://localhost:8787', 'null'),
          async (text, type, origin) => {
            const headers: Record<string, string> = type ? { 'content-type': type } : {};
            if (origin) headers.origin = origin;
            const res = await app.request('/v1/receipts', { method: 'POST', headers, body: text });
            expect(res.status).toBeLessThan(500);
            if (res.status === 201) stored++;
            else if (res.status >= 400) {
              expect(res.headers.get('content-type')).toBe('application/problem+json');
              const problem = await res.json();
              expect(problem.status).toBe(res.status);
            }
          },
        ),
        { numRuns: 5000 },
      );
      expect(await count(dbPath)).toBe(stored);
    },
  );

  it('stores SQL and script strings literally and returns them unchanged', async () => {
    const { app, store } = await makeCollector();
    const evil = "x'); DROP TABLE receipts; -- <script>alert(1)</script>";
    const req = leepeemReceipt({ age: 'child', guardian: { name: evil } });
    expect(
      (
        await app.request('/v1/receipts', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req),
        })
      ).status,
    ).toBe(201);
    expect(((await store.get(req.id)) as StoredReceipt | undefined)?.guardian?.name).toBe(evil);
  });

  it('GET routes and the staff API: never 5xx for any path, query or header', { timeout: 120_000 }, async () => {
    const c = await makeCollector();
    const { db } = await openSqliteDatabase(c.dbPath);
    const { token } = await createStaffToken(db, 'Fuzz', ['liv'], FIXED_NOW);
    await db.destroy();
    const path = fc.oneof(
      fc.constantFrom(
        '/v1/sites/liv/config',
        '/v1/sites/liv/shown',
        '/v1/receipts/x',
        '/v1/staff/me',
        '/v1/staff/receipts',
        '/v1/staff/receipts/x',
        '/v1/staff/stats',
        '/v1/staff/access-log',
        '/v1/staff/purges',
        '/v1/staff/export',
        '/v1/staff/reconfirmations',
        '/v1/staff/notices',
        '/v1/staff/subjects/a',
        '/healthz',
        '/readyz',
        '/assent.js',
        '/.well-known/jwks.json',
      ),
      fc.webPath(),
    );
    const query = fc.dictionary(
      fc.constantFrom(
        'site',
        'from',
        'to',
        'limit',
        'cursor',
        'format',
        'days',
        'status',
        'secret',
        'action',
        'member',
        'subject',
        'policy',
      ),
      fc.oneof(
        fc.string(),
        fc.constantFrom('liv', 'leepeem', 'csv', 'ndjson', 'kantara', 'pending', '30', '2026-01-01', 'MQ'),
        nasty.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
      ),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        path,
        query,
        fc.constantFrom('GET', 'POST', 'OPTIONS', 'DELETE'),
        fc.boolean(),
        fc.option(fc.string()),
        async (p, q, method, auth, inm) => {
          const qs = new URLSearchParams(q as Record<string, string>).toString();
          const headers: Record<string, string> = {};
          if (auth) headers.authorization = `Bearer ${token}`;
          if (inm) headers['if-none-match'] = inm;
          let url: string;
          try {
            url = new URL(`${p}?${qs}`, 'http://localhost').pathname + `?${qs}`;
          } catch {
            return;
          }
          const res = await c.app.request(url, { method, headers });
          expect(res.status).toBeLessThan(500);
          await res.arrayBuffer();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it(
    'staff POST routes (recorded decisions, erasure): never 5xx, and a rejected request changes nothing',
    { timeout: 120_000 },
    async () => {
      const c = await makeCollector();
      const { db } = await openSqliteDatabase(c.dbPath);
      const { token } = await createStaffToken(db, 'Fuzz', ['leepeem'], FIXED_NOW);
      await db.destroy();
      const auth = { authorization: `Bearer ${token}` };
      // Something to erase, so a wrongly accepted erasure would show.
      const seeded = leepeemReceipt();
      expect(
        (
          await c.app.request('/v1/receipts', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(seeded),
          })
        ).status,
      ).toBe(201);
      let stored = 1;
      const staffBody = fc.tuple(mutated, fc.option(fc.oneof(fc.constant('desk-3'), nasty))).map(([text, staffId]) => {
        const b = JSON.parse(text);
        return JSON.stringify(staffId === null ? b : { ...b, staffId, method: 'phone' });
      });
      const route = fc.oneof(
        staffBody.map((b) => ({ path: '/v1/staff/receipts', body: b })),
        fc
          .tuple(fc.oneof(fc.string(), fc.constant(seeded.subject)), fc.constantFrom('leepeem', 'liv', '', 'x'))
          .map(([subject, site]) => ({
            path: `/v1/staff/subjects/${encodeURIComponent(subject)}/erase?site=${site}`,
            body: fc.sample(fc.json(), 1)[0]!,
          })),
      );
      let erased = false;
      await fc.assert(
        fc.asyncProperty(route, contentType, async ({ path, body }, type) => {
          const res = await c.app.request(path, {
            method: 'POST',
            headers: { ...auth, ...(type ? { 'content-type': type } : {}) },
            body,
          });
          expect(res.status).toBeLessThan(500);
          if (res.status === 201) stored++;
          if (res.status === 200 && path.includes('/erase')) erased = true;
          if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
          await res.arrayBuffer();
        }),
        { numRuns: 3000 },
      );
      const check = new Database(c.dbPath, { readonly: true });
      const erasedRows = (
        check.prepare('select count(*) n from receipts where erased_at is not null').get() as { n: number }
      ).n;
      check.close();
      expect(await count(c.dbPath)).toBe(stored);
      expect(erasedRows > 0).toBe(erased); // only an accepted erasure redacts
    },
  );

  it('SQL and script strings come back literally in the CSV and NDJSON exports', async () => {
    const c = await makeCollector();
    const { db } = await openSqliteDatabase(c.dbPath);
    const { token } = await createStaffToken(db, 'Export', ['leepeem'], FIXED_NOW);
    await db.destroy();
    const evil = "Robert'); DROP TABLE receipts; -- <img src=x onerror=alert(1)>";
    const req = leepeemReceipt({ age: 'child', guardian: { name: evil } });
    expect(
      (
        await c.app.request('/v1/receipts', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req),
        })
      ).status,
    ).toBe(201);
    const ndjson = await (
      await c.app.request('/v1/staff/export?site=leepeem&format=ndjson', {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    expect(JSON.parse(ndjson.trim().split('\n')[0]!).guardian).toMatchObject({ name: evil });
    const csv = await (
      await c.app.request('/v1/staff/export?site=leepeem&format=csv', { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(csv).toContain(`,${evil},`); // no comma or quote in it, so unquoted, and not altered
    expect(await count(c.dbPath)).toBe(1); // the table is still there
  });
});

// The same receipt fuzz on PostgreSQL (fewer runs: each is a round trip to a real server), so the second store
// also shows it never answers 5xx and stores nothing it refused.
describe('hostile input on PostgreSQL', () => {
  it('POST /v1/receipts: never 5xx, and exactly the accepted receipts are stored', { timeout: 120_000 }, async () => {
    const database = await postgresBackend.create();
    const store = await database.open();
    const { app } = await makeCollector({ store });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const res = await app.request('/v1/receipts', {
          method: 'POST',
          headers: type ? { 'content-type': type } : {},
          body: text,
        });
        expect(res.status).toBeLessThan(500);
        if (res.status === 201) stored++;
        await res.arrayBuffer();
      }),
      { numRuns: 3000 },
    );
    const rows = await store.db
      .selectFrom('receipts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(stored);
    await store.close();
  });
});
