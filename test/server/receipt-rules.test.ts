import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, CLOCK_SKEW_MS, actionFor, choiceIssues, choiceSite, type Action } from '../../protocol';
import { createStaffToken } from '../../server/store/staff-tokens';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { FIXED_NOW, demoConfigs, leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

const leepeem = choiceSite(demoConfigs().find((c) => c.id === 'leepeem')!);
const choicesOf = (categories: Record<string, boolean>, channels: Record<string, boolean>) => ({
  categories: { necessary: true, analytics: false, marketing: false, ...categories },
  channels: { email: false, sms: false, sms_night: false, ...channels },
});
const ALL_ON = choicesOf({ analytics: true, marketing: true }, { email: true, sms: true, sms_night: true });

async function collector() {
  const c = await makeCollector();
  const { token } = await createStaffToken(
    (c.store as KyselyReceiptStore).db,
    'Officer',
    ['leepeem', 'liv'],
    FIXED_NOW,
  );
  const count = async () =>
    Number(
      (
        await (c.store as KyselyReceiptStore).db
          .selectFrom('receipts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** The same receipt through the public route and the staff route (as a phone call). */
  const both = async (r: ReturnType<typeof leepeemReceipt>) => {
    const pub = await c.app.request('/v1/receipts', postJson(r));
    const staff = await c.app.request(
      '/v1/staff/receipts',
      postJson(
        { ...r, id: crypto.randomUUID(), method: 'staff-phone', staffId: 'desk-1' },
        { authorization: `Bearer ${token}` },
      ),
    );
    return [pub, staff] as const;
  };
  return { ...c, count, both };
}

describe('receipts that contradict themselves or the site are refused on both routes, nothing stored', () => {
  // [what, receipt, status on the public route, what the answer says, status on the staff route (as a phone call) if other]
  const cases: [string, Partial<ReturnType<typeof leepeemReceipt>>, number, RegExp, number?][] = [
    [
      'a withdrawal that allows every category and channel',
      { action: 'withdraw', choices: ALL_ON },
      422,
      /"withdraw" must refuse every/,
    ],
    [
      'a reject_all that keeps email on',
      { action: 'reject_all', choices: choicesOf({}, { email: true }) },
      422,
      /"reject_all" must refuse every marketing channel/,
    ],
    [
      'an accept_all that refuses marketing',
      { action: 'accept_all', choices: choicesOf({ analytics: true }, {}) },
      422,
      /"accept_all" must allow every category/,
    ],
    [
      'strictly necessary refused',
      {
        action: 'custom',
        choices: { ...choicesOf({}, {}), categories: { necessary: false, analytics: false, marketing: false } },
      },
      422,
      /strictly necessary/,
    ],
    [
      'a reconfirm with no earlier consent',
      { action: 'reconfirm', subject: 'nobody_before_ABCDEFGH', choices: { channels: { email: true } } },
      422,
      /cannot turn on a channel that is not consented now/,
    ],
    ['a config revision the collector never served', { configRevision: 'never-served-123' }, 409, /was never served/],
    // Staff record past decisions under the policy in force that day: a future policy is a wrong receipt there (422).
    ['a policy announced but not yet in force', { policy: '2027-01' }, 409, /is not in force/, 422],
    [
      'a decision time in the future',
      { signals: { gpc: false, decidedAt: new Date(FIXED_NOW.getTime() + CLOCK_SKEW_MS + 60_000).toISOString() } },
      422,
      /is in the future/,
    ],
    [
      'a decision day that does not exist (Date.parse would roll it over)',
      { signals: { gpc: false, decidedAt: '2026-02-30T10:00:00Z' } },
      422,
      /must be a real date and time/,
    ],
    [
      'a decision at 24:00',
      { signals: { gpc: false, decidedAt: '2026-11-21T24:00:00Z' } },
      422,
      /must be a real date and time/,
    ],
    [
      'a decision before its policy took effect (or in year 1)',
      { signals: { gpc: false, decidedAt: '0001-01-01T00:00:00Z' } },
      422,
      /is before policy "2025-02" took effect/,
    ],
    [
      'a "gpc" opt-out without the signal that allows advertising',
      { method: 'gpc', action: 'custom', choices: choicesOf({ analytics: true, marketing: true }, {}) },
      422,
      /must be true: method "gpc"|is advertising: a "gpc" opt-out cannot allow it/,
      201,
    ],
    [
      'a banner shown after the decision',
      { signals: { gpc: false, shownAt: '2026-11-22T09:29:59.000Z', decidedAt: '2026-11-22T09:29:58.000Z' } },
      422,
      /shownAt.*|is after decidedAt/,
    ],
  ];
  for (const [what, override, status, message, staffStatus = status] of cases) {
    it(what, async () => {
      const c = await collector();
      const [pub, staff] = await c.both(leepeemReceipt(override));
      expect(pub.status).toBe(status);
      const body = await pub.json();
      expect([body.detail, ...(body.errors ?? []).map((e: { detail: string }) => e.detail)].join(' ')).toMatch(message);
      if (status === 409) expect(body.type).toBe('/problems/stale-config');
      expect(staff.status, await staff.clone().text()).toBe(staffStatus);
      expect(await c.count()).toBe(staffStatus === 201 ? 1 : 0); // a phone call may record what the widget may not (gpc is the browser's)
    });
  }

  it('a clock skew of a minute is allowed, and a decision recorded offline days ago under the policy in force now is stored', async () => {
    const c = await collector();
    const [ahead] = await c.both(
      leepeemReceipt({ signals: { gpc: false, decidedAt: new Date(FIXED_NOW.getTime() + 60_000).toISOString() } }),
    );
    expect(ahead.status).toBe(201);
    const [old] = await c.both(leepeemReceipt({ signals: { gpc: false, decidedAt: '2026-11-19T08:00:00.000Z' } }));
    expect(old.status).toBe(201);
  });

  it('a reconfirm names channels only and may drop, not add, them; one that names cookies is refused', async () => {
    const c = await collector();
    const subject = 'reconfirmer_ABCDEFGHIJ';
    const first = choicesOf({ analytics: true }, { email: true, sms: true });
    expect((await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject, choices: first })))).status).toBe(
      201,
    );
    const changesCookies = await c.app.request(
      '/v1/receipts',
      postJson(
        leepeemReceipt({
          subject,
          action: 'reconfirm',
          choices: { ...first, categories: { ...first.categories, marketing: true } },
        }),
      ),
    );
    expect(changesCookies.status).toBe(422);
    expect((await changesCookies.json()).errors.map((e: { detail: string }) => e.detail).join(' ')).toMatch(
      /names channels, not cookies/,
    );
    const addsNight = await c.app.request(
      '/v1/receipts',
      postJson(
        leepeemReceipt({
          subject,
          action: 'reconfirm',
          choices: { channels: { ...first.channels, sms_night: true } },
        }),
      ),
    );
    expect(addsNight.status).toBe(422);
    const keepsEmail = await c.app.request(
      '/v1/receipts',
      postJson(
        leepeemReceipt({
          subject,
          action: 'reconfirm',
          choices: { channels: { ...first.channels, sms: false } },
        }),
      ),
    );
    expect(keepsEmail.status).toBe(201);
  });
});

describe('one rule in protocol/ decides, and the collector, the widget and the dashboard agree with it', () => {
  const bool = fc.boolean();
  const choices = fc.record({
    categories: fc.record({ necessary: bool, analytics: bool, marketing: bool }),
    channels: fc.record({ email: bool, sms: bool, sms_night: bool }),
  });
  const action = fc.constantFrom(...ACTIONS.filter((a) => a !== 'reconfirm'));

  it(
    'the collector stores exactly the receipts the rule finds nothing wrong with (random actions and choices, both routes)',
    { timeout: 120_000 },
    async () => {
      const c = await collector();
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(action, choices, async (a, ch) => {
          const fine = choiceIssues(a as Action, ch, leepeem).length === 0;
          const [pub, staff] = await c.both(leepeemReceipt({ action: a as Action, choices: ch }));
          expect(pub.status).toBe(fine ? 201 : 422);
          expect(staff.status).toBe(fine ? 201 : 422);
          if (fine) stored += 2;
        }),
        { numRuns: 300 },
      );
      expect(await c.count()).toBe(stored);
    },
  );

  it('the action the widget and the dashboard give a free choice always fits it', () => {
    fc.assert(
      fc.property(choices, fc.option(choices, { nil: undefined }), fc.boolean(), (ch, previous, reconfirming) => {
        const valid = {
          ...ch,
          categories: { ...ch.categories, necessary: true },
          channels: { ...ch.channels, sms_night: ch.channels.sms_night && ch.channels.sms },
        };
        const prev = previous && { granted: previous.channels };
        expect(choiceIssues(actionFor(valid, leepeem, prev, reconfirming), valid, leepeem, prev?.granted)).toEqual([]);
        // A re-confirmation's marketing-only choice (no categories) fits too.
        const kept = { channels: valid.channels };
        expect(choiceIssues(actionFor(kept, leepeem, prev, reconfirming), kept, leepeem, prev?.granted)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});
