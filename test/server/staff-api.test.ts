import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import {
  FIXED_NOW,
  demoConfigs,
  demoRevision,
  leepeemReceipt,
  makeCollector,
  postJson,
  testKeyRing,
} from '../helpers/collector';

async function setup() {
  const c = await makeCollector();
  const { db } = await openSqliteDatabase(c.dbPath);
  const leepeem = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], FIXED_NOW);
  const liv = await createStaffToken(db, 'Kim Soo-young', ['liv'], FIXED_NOW);
  await db.destroy();
  const as =
    (token: string) =>
    (path: string, init: RequestInit = {}) =>
      c.app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
      });
  return { ...c, leepeem: as(leepeem.token), liv: as(liv.token) };
}

const liv = (o = {}) => leepeemReceipt({ site: 'liv', policy: '2025-04', ...o });

describe('staff API: tokens', () => {
  it('refuses a missing or wrong token with 401', async () => {
    const { app } = await setup();
    expect((await app.request('/v1/staff/receipts?site=liv')).status).toBe(401);
    const res = await app.request('/v1/staff/receipts?site=liv', {
      headers: { authorization: 'Bearer assent_tok_000000000000_nope' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it("scopes tokens to sites: site A's token gets 403 on site B", async () => {
    const s = await setup();
    expect((await s.leepeem('/v1/staff/receipts?site=liv')).status).toBe(403);
    expect((await s.liv('/v1/staff/receipts?site=liv')).status).toBe(200);
    expect((await s.liv('/v1/staff/export?site=leepeem&format=csv')).status).toBe(403);
    const post = await s.leepeem(
      '/v1/staff/receipts',
      postJson({ ...liv({ method: 'staff-phone', action: 'withdraw' }), staffId: 'x' }),
    );
    expect(post.status).toBe(403);
  });
});

describe('staff API: reading', () => {
  it('lists and filters receipts with cursor pagination', async () => {
    const s = await setup();
    for (let i = 0; i < 5; i++)
      await s.app.request(
        '/v1/receipts',
        postJson(
          liv({
            action: i % 2 ? 'custom' : 'reject_all',
            choices: {
              categories: { necessary: true, analytics: false, marketing: false },
              channels: { email: i % 2 === 1, sms: false, sms_night: false },
            },
          }),
        ),
      );
    await s.app.request('/v1/receipts', postJson(leepeemReceipt()));
    const page1 = await (await s.liv('/v1/staff/receipts?site=liv&limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = await (await s.liv(`/v1/staff/receipts?site=liv&limit=2&cursor=${page1.nextCursor}`)).json();
    const page3 = await (await s.liv(`/v1/staff/receipts?site=liv&limit=2&cursor=${page2.nextCursor}`)).json();
    expect(page3.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items, ...page3.items];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((r: { id: string }) => r.id)).size).toBe(5);
    const customs = await (await s.liv('/v1/staff/receipts?site=liv&action=custom')).json();
    expect(customs.items.map((r: { action: string }) => r.action)).toEqual(['custom', 'custom']);
    expect(
      (
        await (
          await s.liv(`/v1/staff/receipts?site=liv&from=${encodeURIComponent(FIXED_NOW.toISOString())}&to=2026-11-23`)
        ).json()
      ).items,
    ).toHaveLength(5);
    expect((await (await s.liv('/v1/staff/receipts?site=liv&from=2026-11-23')).json()).items).toHaveLength(0);
    expect((await s.liv('/v1/staff/receipts?site=liv&from=yesterday')).status).toBe(422);
  });

  it("gives a subject's history and current state, and records a decision taken by phone", async () => {
    const s = await setup();
    const subject = 'patient_ABCDEFGHIJKLMNOP';
    await s.app.request(
      '/v1/receipts',
      postJson(
        liv({
          subject,
          choices: {
            categories: { necessary: true, analytics: true, marketing: false },
            channels: { email: true, sms: true, sms_night: false },
          },
        }),
      ),
    );
    // A phone call withdrawing SMS only: a custom decision (a "withdraw" that kept anything on would be refused).
    const phone = await s.liv(
      '/v1/staff/receipts',
      postJson({
        ...liv({
          subject,
          method: 'staff-phone',
          action: 'custom',
          choices: {
            categories: { necessary: true, analytics: true, marketing: false },
            channels: { email: true, sms: false, sms_night: false },
          },
        }),
        staffId: 'front-desk-3',
      }),
    );
    expect(phone.status).toBe(201);
    const stored = await phone.json();
    expect(stored).toMatchObject({
      method: 'staff-phone',
      recordedBy: { staffId: 'front-desk-3', tokenId: expect.stringMatching(/^tok_/) },
    });
    expect(stored.signature).toBeDefined();
    const history = await (await s.liv(`/v1/staff/subjects/${subject}?site=liv`)).json();
    expect(history.history.map((r: { method: string }) => r.method)).toEqual(['banner', 'staff-phone']);
    expect(history.current.choices.channels).toEqual({
      email: true,
      sms: false,
      sms_night: false,
      kakaotalk: false,
      kakaotalk_night: false,
    });
    expect((await s.liv('/v1/staff/subjects/nobody_ABCDEFGHIJKLMNOP?site=liv')).status).toBe(404);
  });

  it('refuses staff methods from visitors and visitor methods from staff', async () => {
    const s = await setup();
    const visitor = await s.app.request(
      '/v1/receipts',
      postJson({ ...liv(), recordedBy: { staffId: 'me', tokenId: 'tok_x' } }),
    );
    expect(visitor.status).toBe(422);
    const staff = await s.liv('/v1/staff/receipts', postJson({ ...liv({ method: 'banner' }), staffId: 'x' }));
    expect(staff.status).toBe(422);
    expect((await s.liv('/v1/staff/receipts', postJson(liv({ method: 'staff-fax' })))).status).toBe(422); // no staffId
  });
});

describe('staff API: exports', () => {
  it('exports CSV, NDJSON and Kantara JSON of the filter, CSV safe from formula injection', async () => {
    const s = await setup();
    await s.app.request('/v1/receipts', postJson(liv({ subject: 'evil=cmd_ABCDEFGHIJKLMNO'.replace('=', '_') })));
    const injected = await s.liv(
      '/v1/staff/receipts',
      postJson({
        ...liv({
          method: 'staff-written',
          action: 'withdraw',
          choices: {
            categories: { necessary: true, analytics: false, marketing: false },
            channels: { email: false, sms: false, sms_night: false, kakaotalk: false, kakaotalk_night: false },
          },
        }),
        staffId: '=HYPERLINK("http://x","y")',
      }),
    );
    expect(injected.status).toBe(201);
    const csv = await s.liv('/v1/staff/export?site=liv&format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="assent-liv-2026-11-22.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'id,site,subject,member,policy,language,action,method,receivedAt,decidedAt,' +
        'categories,channels,form,consents,gpc,regime,country,age,guardian,guardianCheck,recordedBy,noticeHash,signature,erasedAt',
    );
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const ndjson = (await (await s.liv('/v1/staff/export?site=liv&format=ndjson')).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ndjson[1].recordedBy.staffId).toBe('=HYPERLINK("http://x","y")'); // literal in JSON
    const kantara = await (await s.liv('/v1/staff/export?site=liv&format=kantara')).json();
    expect(kantara.map((k: { collectionMethod: string }) => k.collectionMethod)).toEqual(['banner', 'staff-written']);
    expect((await s.liv('/v1/staff/export?site=liv&format=xml')).status).toBe(422);
  });

  it('streams 100,000 receipts in bounded memory', { timeout: 120_000 }, async () => {
    const s = await setup();
    const { buildReceipt, requestHash } = await import('../../server/receipts/build-receipt');
    const site = s.sites.revision('liv', demoRevision('liv'))!;
    const N = 100_000;
    const REAL = 1000;
    // 1,000 receipts through the product's own path; the other 99,000 are copies of them with new ids and seqs,
    // written by SQL: this test is about the export's memory, and signing 100,000 receipts would take most of a
    // minute here without exercising anything the export reads differently.
    const appends = [];
    for (let i = 0; i < REAL; i++) {
      const req = liv();
      appends.push(s.store.append(buildReceipt(req, site, 'none', FIXED_NOW, undefined), requestHash(req)));
    }
    await Promise.all(appends);
    const raw = new Database(s.dbPath);
    const columns = (raw.pragma('table_info(receipts)') as { name: string }[]).map((c) => c.name);
    const copied = columns.map((c) =>
      c === 'seq'
        ? 'seq + @k * @real'
        : c === 'id'
          ? "id || '-' || @k"
          : c === 'record'
            ? "json_set(record, '$.id', id || '-' || @k)"
            : c,
    );
    const copy = raw.prepare(
      `INSERT INTO receipts (${columns.join(', ')}) SELECT ${copied.join(', ')} FROM receipts WHERE seq <= @real`,
    );
    raw.transaction(() => {
      for (let k = 1; k < N / REAL; k++) copy.run({ k, real: REAL });
    })();
    raw.close();
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let bytes = 0;
    let lines = 0;
    let nextGc = 0;
    const res = await s.liv('/v1/staff/export?site=liv&format=ndjson');
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) lines++;
      if (lines >= nextGc) {
        nextGc += 10_000;
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    expect(lines).toBe(N);
    expect(bytes).toBeGreaterThan(50 * 1024 * 1024);
    // The whole export is > 50 MB; what stays in memory at once is a page of rows.
    expect(peak).toBeLessThan(20 * 1024 * 1024);
  });

  it('lists re-confirmations due 2 years after consent or the last re-confirmation, never moved by a cookie click', async () => {
    let now = new Date('2025-12-01T00:00:00Z');
    const s = await makeCollector({ clock: { now: () => now } });
    const { db } = await openSqliteDatabase(s.dbPath);
    const { token } = await createStaffToken(db, 'Kim', ['liv'], FIXED_NOW);
    await db.destroy();
    const post = (subject: string, at: string, o: Partial<ReturnType<typeof liv>>) => {
      now = new Date(at);
      return s.app.request('/v1/receipts', postJson(liv({ subject, signals: { gpc: false, decidedAt: at }, ...o })));
    };
    const cookies = { necessary: true, analytics: false, marketing: false };
    const send = (subject: string, email: boolean, at: string) =>
      post(subject, at, { choices: { categories: cookies, channels: { email, sms: false, sms_night: false } } });
    expect((await send('due_soon_ABCDEFGHIJKLM', true, '2025-12-01T00:00:00Z')).status).toBe(201);
    await send('not_yet_ABCDEFGHIJKLMN', true, '2026-06-01T00:00:00Z');
    await send('withdrew_ABCDEFGHIJKLM', true, '2025-11-01T00:00:00Z');
    await send('withdrew_ABCDEFGHIJKLM', false, '2026-01-01T00:00:00Z');
    await send('never_opted_ABCDEFGHIJ', false, '2025-10-01T00:00:00Z');
    // Email consented 2025-09-01 (806 days before the check); a cookie-only "accept all" on 2027-10-20 names no
    // channel, so the clock still runs from the consent: overdue.
    await send('clicked_cookies_ABCDEFGH', true, '2025-09-01T00:00:00Z');
    const click = await post('clicked_cookies_ABCDEFGH', '2027-10-20T00:00:00Z', {
      action: 'accept_all',
      choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
    });
    expect(click.status).toBe(201);
    // Email and SMS consented; a re-confirmation of email alone resets email only.
    await post('reconfirmed_one_ABCDEFG', '2025-11-20T00:00:00Z', {
      choices: { categories: cookies, channels: { email: true, sms: true, sms_night: false } },
    });
    const reconfirm = await post('reconfirmed_one_ABCDEFG', '2027-11-01T00:00:00Z', {
      action: 'reconfirm',
      choices: { channels: { email: true } },
    });
    expect(reconfirm.status, await reconfirm.clone().text()).toBe(201);
    now = new Date('2027-11-15T00:00:00Z');
    const res = await s.app.request('/v1/staff/reconfirmations?site=liv&days=30', {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.json();
    const channel = (c: string, at: string, dueAt: string, overdue: boolean) => ({
      channel: c,
      consentedAt: at,
      confirmedAt: at,
      dueAt,
      overdue,
    });
    expect(body.due).toEqual([
      {
        subject: 'clicked_cookies_ABCDEFGH',
        dueAt: '2027-09-01T00:00:00.000Z',
        overdue: true,
        channels: [channel('email', '2025-09-01T00:00:00.000Z', '2027-09-01T00:00:00.000Z', true)],
      },
      {
        subject: 'reconfirmed_one_ABCDEFG',
        dueAt: '2027-11-20T00:00:00.000Z',
        overdue: false,
        channels: [channel('sms', '2025-11-20T00:00:00.000Z', '2027-11-20T00:00:00.000Z', false)],
      },
      {
        subject: 'due_soon_ABCDEFGHIJKLM',
        dueAt: '2027-12-01T00:00:00.000Z',
        overdue: false,
        channels: [channel('email', '2025-12-01T00:00:00.000Z', '2027-12-01T00:00:00.000Z', false)],
      },
    ]);
    const csv = await (
      await s.app.request('/v1/staff/reconfirmations?site=liv&days=30&format=csv', {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    expect(csv.split('\r\n')[1]).toMatch(/^clicked_cookies_ABCDEFGH,,email,2025-09-01T00:00:00.000Z,/);
    // The subject's page shows the dates per channel: email re-confirmed, SMS as consented.
    const subject = await (
      await s.app.request('/v1/staff/subjects/reconfirmed_one_ABCDEFG?site=liv', {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    expect(subject.channels).toEqual(
      expect.arrayContaining([
        {
          channel: 'email',
          granted: true,
          consentedAt: '2025-11-20T00:00:00.000Z',
          confirmedAt: '2027-11-01T00:00:00.000Z',
          dueAt: '2029-10-31T00:00:00.000Z',
        },
        expect.objectContaining({ channel: 'sms', granted: true, confirmedAt: '2025-11-20T00:00:00.000Z' }),
        { channel: 'sms_night', granted: false },
      ]),
    );
    const { db: vdb } = await openSqliteDatabase(s.dbPath);
    // 6 subjects × 3 channels named
    expect(await verifyDatabase(vdb, (await testKeyRing()).ring.jwks)).toMatchObject({ ok: true, channelConsents: 18 });
    await vdb.destroy();
  });
});

describe('staff API: access log', () => {
  it('records every call — who, what, which subjects — in a chained log that verify checks', async () => {
    const s = await setup();
    const subject = 'patient_ABCDEFGHIJKLMNOP';
    await s.app.request('/v1/receipts', postJson(liv({ subject })));
    await s.liv(`/v1/staff/subjects/${subject}?site=liv`);
    await s.leepeem('/v1/staff/receipts?site=liv');
    await s.liv('/v1/staff/export?site=liv&format=csv');
    const db = new Database(s.dbPath, { readonly: true });
    const entries = (
      db.prepare("select record from log_entries where log = 'access' order by seq").all() as { record: string }[]
    ).map((r) => JSON.parse(r.record));
    db.close();
    expect(entries.map((e) => [e.staff, e.route, e.status])).toEqual([
      ['Kim Soo-young', '/v1/staff/subjects/:subject', 200],
      ['Lee Young-woo', '/v1/staff/receipts', 403],
      ['Kim Soo-young', '/v1/staff/export', 200],
    ]);
    // The subject is in the log only as a keyed hash: which person, not who.
    expect(entries[0]).toMatchObject({
      site: 'liv',
      subjects: [(await testKeyRing()).ring.lookupHash('liv', subject)],
    });
    expect(JSON.stringify(entries)).not.toContain(subject);
    const { db: kdb } = await openSqliteDatabase(s.dbPath);
    expect(await verifyDatabase(kdb, (await testKeyRing()).ring.jwks)).toMatchObject({
      ok: true,
      entries: { access: 3 },
    });
    await kdb.destroy();
    const raw = new Database(s.dbPath);
    raw.exec(
      "update log_entries set record = replace(record, 'Kim Soo-young', 'Nobody') where log = 'access' and seq = 1",
    );
    raw.close();
    const { db: kdb2 } = await openSqliteDatabase(s.dbPath);
    expect((await verifyDatabase(kdb2, (await testKeyRing()).ring.jwks)).problem).toMatch(
      /access log entry 1: .*edited/,
    );
    await kdb2.destroy();
  });
});

describe('erasure and retention', () => {
  it('erasure removes the personal link, keeps proof that decisions existed, and verify still passes', async () => {
    const s = await setup();
    const subject = 'erase_me_ABCDEFGHIJKLMN';
    const guardian = { name: 'Parent Name' };
    await s.app.request(
      '/v1/receipts',
      postJson(leepeemReceipt({ subject, age: 'child', guardian, member: 'member:ref-123456' })),
    );
    await s.app.request('/v1/receipts', postJson(leepeemReceipt({ subject: 'keep_me_ABCDEFGHIJKLMN' })));
    await s.store.checkpoint(FIXED_NOW);
    const res = await s.leepeem(`/v1/staff/subjects/${subject}/erase?site=leepeem`, { method: 'POST' });
    expect(await res.json()).toEqual({ subject, site: 'leepeem', erased: 1, onDisk: 'gone' });
    expect((await s.leepeem(`/v1/staff/subjects/${subject}?site=leepeem`)).status).toBe(404);
    const db = new Database(s.dbPath, { readonly: true });
    const rows = db.prepare('select subject, member, record, erased_at from receipts order by seq').all() as {
      subject: string;
      member: string | null;
      record: string;
      erased_at: string | null;
    }[];
    db.close();
    expect(rows[0]).toMatchObject({ subject: 'erased', member: null, erased_at: FIXED_NOW.toISOString() });
    for (const secret of [subject, 'Parent Name', '010-0000-0000', 'member:ref-123456'])
      expect(rows[0]!.record).not.toContain(secret);
    expect(JSON.parse(rows[0]!.record)).toMatchObject({ action: 'custom', policy: '2025-02' });
    expect(JSON.parse(rows[0]!.record)).not.toHaveProperty('signature');
    expect(rows[1]!.subject).toBe('keep_me_ABCDEFGHIJKLMN');
    const { db: kdb } = await openSqliteDatabase(s.dbPath);
    expect(await verifyDatabase(kdb, (await testKeyRing()).ring.jwks)).toMatchObject({
      ok: true,
      receipts: 2,
      checkpoints: 1,
    });
    await kdb.destroy();
  });

  it("purge redacts what is past each site's retention and reports counts", async () => {
    let now = new Date('2025-05-01T00:00:00Z');
    // Liv keeps receipts 30 days in this test (its policy took effect in 2025: no receipt can be five years old).
    const configs = demoConfigs().map((c) =>
      c.id === 'liv' ? { ...c, lifetimes: { ...c.lifetimes, receiptRetentionDays: 30 } } : c,
    );
    const s = await makeCollector({ configs, clock: { now: () => now } });
    const configRevision = s.sites.get('liv')!.revision;
    await s.app.request(
      '/v1/receipts',
      postJson(liv({ configRevision, signals: { gpc: false, decidedAt: now.toISOString() } })),
    );
    now = new Date('2026-11-01T00:00:00Z');
    await s.app.request(
      '/v1/receipts',
      postJson(liv({ configRevision, signals: { gpc: false, decidedAt: now.toISOString() } })),
    );
    const { purgeExpired } = await import('../../server/staff/purge');
    expect(await purgeExpired(s.sites, s.deps.staff!, FIXED_NOW)).toEqual({ leepeem: 0, liv: 1 });
    expect(await purgeExpired(s.sites, s.deps.staff!, FIXED_NOW)).toEqual({ leepeem: 0, liv: 0 });
    await s.store.close();
    const { db } = await openSqliteDatabase(s.dbPath);
    expect(await verifyDatabase(db, (await testKeyRing()).ring.jwks)).toMatchObject({
      ok: true,
      receipts: 2,
      erased: 1,
    });
    await db.destroy();
  });
});
