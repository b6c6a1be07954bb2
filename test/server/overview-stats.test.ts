import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceiptRequest } from '../../protocol';
import * as overviewMigration from '../../server/store/migrations/0010-overview-counts';
import { verifyDatabase } from '../../server/proof/verify-log';
import { BannerCounter } from '../../server/stats/banner-counter';
import { localDay } from '../../server/stats/zoned-days';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

/** A collector whose clock the test moves, with a staff token and the banner view counter of production. */
async function setup() {
  let now = FIXED_NOW;
  const clock = { now: () => now };
  const base = await makeCollector({ clock });
  const store = base.store as KyselyReceiptStore;
  const bannerViews = new BannerCounter((rows, named) => store.staff.addBannerViews(rows, named), clock);
  const c = await makeCollector({ store, dbPath: base.dbPath, bannerViews, clock });
  const { db } = await openSqliteDatabase(c.dbPath);
  const { token } = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], FIXED_NOW);
  await db.destroy();
  const stats = async (query: string) =>
    (
      await c.app.request(`/v1/staff/stats?site=leepeem&${query}`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
  const shown = (view?: string) =>
    c.app.request(`/v1/sites/leepeem/shown?policy=2025-02${view ? `&view=${view}` : ''}`, { method: 'POST' });
  const post = async (r: ReceiptRequest) => {
    const res = await c.app.request('/v1/receipts', postJson(r));
    expect(res.status).toBe(201);
  };
  return { ...c, store, bannerViews, stats, shown, post, at: (t: Date) => (now = t) };
}

const signals = (view?: string) => ({
  gpc: false,
  shownAt: '2026-11-22T09:29:50.000Z',
  decidedAt: '2026-11-22T09:29:58.000Z',
  ...(view ? { view } : {}),
});
const view = (n: number) => `view${String(n).padStart(12, '0')}`;

describe('the overview: banner views and the decisions answering them', () => {
  it('counts a view once, answered by its first decision; a view whose report was lost is counted by its answer', async () => {
    const c = await setup();
    for (const v of [view(1), view(2), view(3), view(3)]) expect((await c.shown(v)).status).toBe(204);
    await c.bannerViews.flush();
    await c.post(leepeemReceipt({ subject: 'visitor_one_ABCDEFGH', signals: signals(view(1)) }));
    // The same visitor changes their mind in the same page: still one answered view.
    await c.post(leepeemReceipt({ subject: 'visitor_one_ABCDEFGH', signals: signals(view(1)) }));
    // A view whose own report never arrived (blocked, lost in a crash): its answer records it.
    await c.post(leepeemReceipt({ subject: 'visitor_two_ABCDEFGH', signals: signals(view(4)) }));
    // A decision in the settings later, answering no banner.
    await c.post(leepeemReceipt({ subject: 'visitor_three_ABCDEF', method: 'preferences', signals: signals() }));
    // The late report of view 4 and a repeated report of view 1 count nothing more.
    await c.shown(view(4));
    await c.shown(view(1));
    const stats = await c.stats('from=2026-11-22&to=2026-11-22');
    expect(stats).toMatchObject({ shown: 4, answered: 2, decisions: 4, visitors: 3, newVisitors: 3 });
    expect(stats.days[0]).toMatchObject({ shown: 4, answered: 2, decisions: 4 });
    expect(stats.policies).toEqual([expect.objectContaining({ policy: '2025-02', shown: 4, answered: 2 })]);
    expect(stats.methods).toEqual({ banner: 3, preferences: 1 });
    expect((await c.shown('not a view id')).status).toBe(422);

    await c.store.close();
    const { db } = await openSqliteDatabase(c.dbPath, { create: false });
    expect(await verifyDatabase(db, (await testKeyRing()).ring.jwks)).toMatchObject({ ok: true });
    await db.destroy();
  });

  it('answered never exceeds shown, whatever the order of reports, decisions and flushes', async () => {
    type Step = { kind: 'report' | 'decide' | 'flush'; view: number };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom<Step['kind']>('report', 'decide', 'flush'),
            view: fc.integer({ min: 0, max: 5 }),
          }),
          { maxLength: 25 },
        ),
        async (steps) => {
          const c = await setup();
          const reported = new Set<number>();
          const answered = new Set<number>();
          let n = 0;
          for (const s of steps) {
            if (s.kind === 'report') {
              await c.shown(view(s.view));
              reported.add(s.view);
            } else if (s.kind === 'decide') {
              await c.post(
                leepeemReceipt({ subject: `visitor_${String(n++).padStart(12, '0')}`, signals: signals(view(s.view)) }),
              );
              answered.add(s.view);
            } else await c.bannerViews.flush();
          }
          const stats = await c.stats('from=2026-11-22&to=2026-11-22');
          await c.store.close();
          expect(stats.answered).toBe(answered.size);
          expect(stats.shown).toBe(new Set([...reported, ...answered]).size);
          expect(stats.answered).toBeLessThanOrEqual(stats.shown);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('the overview summed in SQL equals the receipts counted one by one', () => {
  const ACTIONS = ['accept_all', 'reject_all', 'custom', 'withdraw'] as const;
  const choicesFor = (action: (typeof ACTIONS)[number], analytics: boolean, email: boolean, sms: boolean) => {
    const all = action === 'accept_all';
    const off = action === 'reject_all' || action === 'withdraw';
    return {
      categories: { necessary: true, analytics: off ? false : all || analytics, marketing: all },
      channels: { email: off ? false : email, sms: off ? false : sms, sms_night: false },
    };
  };

  it('in UTC and in Seoul, every figure, day by day, for random decisions over a week', async () => {
    const c = await setup();
    const decisions = fc.sample(
      fc.record({
        hours: fc.integer({ min: 0, max: 24 * 7 - 1 }),
        minute: fc.integer({ min: 0, max: 59 }),
        visitor: fc.integer({ min: 0, max: 14 }),
        action: fc.constantFrom(...ACTIONS),
        method: fc.constantFrom('banner', 'preferences'),
        analytics: fc.boolean(),
        email: fc.boolean(),
        sms: fc.boolean(),
      }),
      { numRuns: 120, seed: 7 },
    );
    decisions.sort((a, b) => a.hours * 60 + a.minute - (b.hours * 60 + b.minute));
    const start = Date.parse('2026-11-20T00:00:00.000Z');
    const stored: {
      at: number;
      subject: string;
      action: string;
      method: string;
      choices: ReturnType<typeof choicesFor>;
    }[] = [];
    for (const d of decisions) {
      const at = start + d.hours * 3_600_000 + d.minute * 60_000;
      c.at(new Date(at));
      const choices = choicesFor(d.action, d.analytics, d.email, d.sms);
      const subject = `visitor_${String(d.visitor).padStart(12, '0')}`;
      const iso = new Date(at).toISOString();
      await c.post(
        leepeemReceipt({
          subject,
          action: d.action,
          method: d.method,
          choices,
          signals: { gpc: false, decidedAt: iso },
        }),
      );
      stored.push({ at, subject, action: d.action, method: d.method, choices });
    }
    c.at(new Date('2026-11-28T00:00:00.000Z'));
    for (const timeZone of ['UTC', 'Asia/Seoul']) {
      const stats = await c.stats(`from=2026-11-20&to=2026-11-26&tz=${timeZone}`);
      const inRange = stored.filter((r) => {
        const day = localDay(r.at, timeZone);
        return day >= '2026-11-20' && day <= '2026-11-26';
      });
      expect(stats.decisions).toBe(inRange.length);
      expect(stats.visitors).toBe(new Set(inRange.map((r) => r.subject)).size);
      const firsts = new Set<string>();
      const firstCount = stored
        .filter((r) => !firsts.has(r.subject) && firsts.add(r.subject))
        .filter((r) => inRange.includes(r)).length;
      expect(stats.newVisitors).toBe(firstCount);
      for (const a of ACTIONS) expect(stats.actions[a], a).toBe(inRange.filter((r) => r.action === a).length);
      expect(stats.categories.find((x: { id: string }) => x.id === 'analytics')).toEqual({
        id: 'analytics',
        allowed: inRange.filter((r) => r.choices.categories.analytics).length,
        decided: inRange.length,
      });
      expect(stats.channels.find((x: { id: string }) => x.id === 'sms')).toEqual({
        id: 'sms',
        optedIn: inRange.filter((r) => r.choices.channels.sms).length,
        decided: inRange.length,
      });
      for (const day of stats.days as {
        day: string;
        decisions: number;
        custom: number;
        channels: Record<string, { optedIn: number }>;
      }[]) {
        const on = inRange.filter((r) => localDay(r.at, timeZone) === day.day);
        expect(day.decisions, `${timeZone} ${day.day}`).toBe(on.length);
        expect(day.custom).toBe(on.filter((r) => r.action === 'custom').length);
        expect(day.channels.email!.optedIn).toBe(on.filter((r) => r.choices.channels.email).length);
      }
    }
    await c.store.close();
  });

  it('a database from before the sums gets them from its receipts when it is migrated', async () => {
    const c = await setup();
    for (const [i, action] of ACTIONS.entries())
      await c.post(
        leepeemReceipt({
          subject: `visitor_${String(i).padStart(12, '0')}`,
          action,
          choices: choicesFor(action, true, true, false),
        }),
      );
    await c.store.close();
    const { db } = await openSqliteDatabase(c.dbPath, { create: false });
    const before = await db.selectFrom('decision_counts').selectAll().orderBy('action').execute();
    expect(before.reduce((n, r) => n + r.count, 0)).toBe(4);
    await overviewMigration.down(db);
    await overviewMigration.up(db);
    expect(await db.selectFrom('decision_counts').selectAll().orderBy('action').execute()).toEqual(before);
    await db.destroy();
  });
});
