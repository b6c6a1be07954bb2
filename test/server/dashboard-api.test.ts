import { describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { BannerCounter } from '../../server/stats/banner-counter';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

async function setup(now = FIXED_NOW) {
  const base = await makeCollector();
  const store = base.store as KyselyReceiptStore;
  const clock = { now: () => now };
  const bannerViews = new BannerCounter((rows, named) => store.staff.addBannerViews(rows, named), clock);
  const c = await makeCollector({ store, dbPath: base.dbPath, bannerViews, clock });
  const { db } = await openSqliteDatabase(c.dbPath);
  const { token } = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], FIXED_NOW);
  await db.destroy();
  const staff = (path: string, init: RequestInit = {}) =>
    c.app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  return { ...c, store, bannerViews, staff };
}

const reject = {
  action: 'reject_all',
  choices: {
    categories: { necessary: true, analytics: false, marketing: false },
    channels: { email: false, sms: false, sms_night: false },
  },
} as const;

describe('banner views', () => {
  it('POST /v1/sites/:site/shown counts, per day and policy, with nothing about the visitor', async () => {
    const c = await setup();
    for (let i = 0; i < 3; i++)
      expect(
        (
          await c.app.request('/v1/sites/leepeem/shown?policy=2025-02', {
            method: 'POST',
            headers: { origin: 'http://localhost:8787' },
          })
        ).status,
      ).toBe(204);
    await c.bannerViews.flush();
    await c.app.request('/v1/sites/leepeem/shown?policy=2025-02', { method: 'POST' });
    await c.bannerViews.flush();
    expect(await c.store.db.selectFrom('banner_views').selectAll().execute()).toEqual([
      { site: 'leepeem', hour: '2026-11-22T09', policy: '2025-02', count: 4, answered: 0 },
    ]);
  });

  it('refuses an unknown site (404), an unknown policy (422) and a foreign origin (403)', async () => {
    const c = await setup();
    expect((await c.app.request('/v1/sites/nope/shown?policy=2025-02', { method: 'POST' })).status).toBe(404);
    const bad = await c.app.request('/v1/sites/leepeem/shown?policy=1999', { method: 'POST' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors[0].pointer).toBe('/policy');
    expect(
      (
        await c.app.request('/v1/sites/leepeem/shown?policy=2025-02', {
          method: 'POST',
          headers: { origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    await c.bannerViews.flush();
    expect(await c.store.db.selectFrom('banner_views').selectAll().execute()).toEqual([]);
  });

  it('keeps the counts when writing them fails, and writes them on the next flush', async () => {
    let fail = true;
    const written: unknown[] = [];
    const counter = new BannerCounter(
      async (rows) => {
        if (fail) throw new Error('database locked');
        written.push(...rows);
      },
      { now: () => FIXED_NOW },
    );
    counter.add('leepeem', '2025-02');
    await expect(counter.flush()).rejects.toThrow('locked');
    counter.add('leepeem', '2025-02');
    fail = false;
    await counter.flush();
    expect(written).toEqual([{ site: 'leepeem', hour: '2026-11-22T09', policy: '2025-02', count: 2 }]);
  });
});

describe('staff API for the dashboard', () => {
  it('/me names the staff member and only the sites the token may see', async () => {
    const c = await setup();
    const me = await (await c.staff('/v1/staff/me')).json();
    expect(me.name).toBe('Lee Young-woo');
    expect(me.sites.map((s: { id: string }) => s.id)).toEqual(['leepeem']);
    expect(me.sites[0].channels.map((k: { id: string }) => k.id)).toEqual(['email', 'sms', 'sms_night']);
  });

  it('/stats counts shown vs decisions, action shares, categories, channels, by day and by policy', async () => {
    const c = await setup();
    for (let i = 0; i < 5; i++) await c.app.request('/v1/sites/leepeem/shown?policy=2025-02', { method: 'POST' });
    await c.bannerViews.flush();
    await c.app.request('/v1/receipts', postJson(leepeemReceipt())); // custom: analytics yes, email yes
    await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject: 'v_bbbbbbbbbbbbbbbb', ...reject })));
    await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject: 'v_cccccccccccccccc', ...reject })));
    const stats = await (await c.staff('/v1/staff/stats?site=leepeem&from=2026-11-20&to=2026-11-22')).json();
    expect(stats).toMatchObject({
      shown: 5,
      answered: 0, // these receipts name no banner view
      decisions: 3,
      visitors: 3,
      newVisitors: 3,
      actions: { custom: 1, reject_all: 2, accept_all: 0 },
      methods: { banner: 3 },
    });
    expect(stats.categories).toEqual([
      { id: 'necessary', allowed: 3, decided: 3 },
      { id: 'analytics', allowed: 1, decided: 3 },
      { id: 'marketing', allowed: 0, decided: 3 },
    ]);
    expect(stats.channels).toContainEqual({ id: 'email', optedIn: 1, decided: 3 });
    expect(stats.days[2].channels.email).toEqual({ optedIn: 1, decided: 3 });
    expect(stats.days.map((d: { day: string }) => d.day)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(stats.days[2]).toMatchObject({ shown: 5, decisions: 3, reject_all: 2 });
    expect(stats.policies).toEqual([expect.objectContaining({ policy: '2025-02', shown: 5, decisions: 3 })]);
    expect((await c.staff('/v1/staff/stats?site=leepeem&from=2026-11-23&to=2026-11-22')).status).toBe(422);
    expect((await c.staff('/v1/staff/stats?site=leepeem&from=yesterday')).status).toBe(422);
  });

  it('/stats counts by day in the time zone asked for: 05:00 in Seoul is the next day of 20:00 UTC', async () => {
    const c = await setup(new Date('2026-11-21T20:00:00.000Z'));
    await c.app.request('/v1/sites/leepeem/shown?policy=2025-02', { method: 'POST' });
    await c.bannerViews.flush();
    await c.app.request(
      '/v1/receipts',
      postJson(leepeemReceipt({ signals: { gpc: false, decidedAt: '2026-11-21T19:59:50.000Z' } })),
    );
    const seoul = await (
      await c.staff('/v1/staff/stats?site=leepeem&from=2026-11-21&to=2026-11-22&tz=Asia/Seoul')
    ).json();
    expect(seoul.timeZone).toBe('Asia/Seoul');
    expect(seoul.days).toEqual([
      expect.objectContaining({ day: '2026-11-21', shown: 0, decisions: 0 }),
      expect.objectContaining({ day: '2026-11-22', shown: 1, decisions: 1 }),
    ]);
    const utc = await (await c.staff('/v1/staff/stats?site=leepeem&from=2026-11-21&to=2026-11-22')).json();
    expect(utc.days).toEqual([
      expect.objectContaining({ day: '2026-11-21', shown: 1, decisions: 1 }),
      expect.objectContaining({ day: '2026-11-22', shown: 0, decisions: 0 }),
    ]);
    // A range that ends before the decision in Seoul's time leaves it out, in UTC it is in.
    expect(
      (await (await c.staff('/v1/staff/stats?site=leepeem&from=2026-11-21&to=2026-11-21&tz=Asia/Seoul')).json())
        .decisions,
    ).toBe(0);
    expect((await (await c.staff('/v1/staff/stats?site=leepeem&from=2026-11-21&to=2026-11-21')).json()).decisions).toBe(
      1,
    );
    expect((await c.staff('/v1/staff/stats?site=leepeem&tz=Mars/Olympus')).status).toBe(422);
  });

  it('a receipt in detail: signature verified, the exact notice text; filters by member and subject', async () => {
    const c = await setup();
    const req = leepeemReceipt({ member: 'patient-4411' });
    await c.app.request('/v1/receipts', postJson(req));
    const detail = await (await c.staff(`/v1/staff/receipts/${req.id}?site=leepeem`)).json();
    expect(detail.signature).toMatchObject({ ok: true });
    expect(detail.notice.text).toContain('LEEPEEM');
    expect(detail.notice.hash).toBe(detail.receipt.notice.hash);
    expect((await c.staff(`/v1/staff/receipts/00000000-0000-4000-8000-000000000000?site=leepeem`)).status).toBe(404);
    const byMember = await (await c.staff('/v1/staff/receipts?site=leepeem&member=patient-4411')).json();
    expect(byMember.items.map((r: { id: string }) => r.id)).toEqual([req.id]);
    expect((await (await c.staff('/v1/staff/receipts?site=leepeem&member=someone-else')).json()).items).toEqual([]);
  });

  it('the access log lists who looked at what; the purge log lists erasures', async () => {
    const c = await setup();
    const req = leepeemReceipt();
    await c.app.request('/v1/receipts', postJson(req));
    await c.staff(`/v1/staff/subjects/${req.subject}?site=leepeem`);
    expect((await c.staff(`/v1/staff/subjects/${req.subject}/erase?site=leepeem`, { method: 'POST' })).status).toBe(
      200,
    );
    const log = await (await c.staff('/v1/staff/access-log?site=leepeem')).json();
    expect(log.entries[0]).toMatchObject({
      staff: 'Lee Young-woo',
      route: '/v1/staff/subjects/:subject/erase',
      subjects: [c.deps.keys.lookupHash('leepeem', req.subject)],
      status: 200,
    });
    expect(log.entries[1]).toMatchObject({ route: '/v1/staff/subjects/:subject', method: 'GET' });
    const purges = await (await c.staff('/v1/staff/purges?site=leepeem')).json();
    expect(purges.purges).toEqual([{ at: FIXED_NOW.toISOString(), reason: 'erasure', count: 1 }]);
  });
});
