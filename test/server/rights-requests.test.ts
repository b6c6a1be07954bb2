import { describe, expect, it } from 'vitest';
import { rightsResponseDays, type ReceiptRequest } from '../../protocol';
import { verifyDatabase } from '../../server/proof/verify-log';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

const PARK = 'patient_Park_9QxW2mLk';
const DAY = 86_400_000;

async function setup(stale = false) {
  let now = FIXED_NOW;
  const base = await makeCollector({ clock: { now: () => now } });
  // `stale`: the route reads every request as still open, as when another officer closes it meanwhile.
  const staffQueries = stale
    ? {
        ...base.deps.staff!,
        findRequest: async (site: string, id: string) => {
          const row = await base.deps.staff!.findRequest(site, id);
          return row && { ...row, closed_at: null, outcome: null, reason: null, closed_by: null };
        },
      }
    : base.deps.staff!;
  const c = await makeCollector({
    store: base.store,
    dbPath: base.dbPath,
    clock: { now: () => now },
    staff: staffQueries,
  });
  const { db } = await openSqliteDatabase(c.dbPath);
  const { token } = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], FIXED_NOW);
  await db.destroy();
  const staff = async (path: string, body?: unknown) => {
    const res = await c.app.request(
      path,
      body === undefined
        ? { headers: { authorization: `Bearer ${token}` } }
        : postJson(body, { authorization: `Bearer ${token}` }),
    );
    return { status: res.status, body: await res.json() };
  };
  // Mrs Park allowed analytics and email marketing in the banner.
  expect((await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject: PARK })))).status).toBe(201);
  const open = async (kind: string, extra: object = {}) => {
    const res = await staff('/v1/staff/requests?site=leepeem', { subject: PARK, kind, via: 'phone', ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string; dueBy: string; status: string };
  };
  const close = (id: string, body: object) => staff(`/v1/staff/requests/${id}/close?site=leepeem`, body);
  const verify = async () => {
    await (c.store as KyselyReceiptStore).close();
    const { db } = await openSqliteDatabase(c.dbPath, { create: false });
    try {
      return await verifyDatabase(db, (await testKeyRing()).ring.jwks);
    } finally {
      await db.destroy();
    }
  };
  return { ...c, staff, open, close, verify, at: (t: Date) => (now = t) };
}

describe('rights requests: recorded, due in the days the law gives, closed by acting on them', () => {
  it('gives Korea 10 days, the EEA and the UK 30, the US 45, and a site naming no country 10', () => {
    expect([rightsResponseDays('KR'), rightsResponseDays('DE'), rightsResponseDays('GB')]).toEqual([10, 30, 30]);
    expect([rightsResponseDays('US'), rightsResponseDays(undefined)]).toEqual([45, 10]);
  });

  it('an access request is due in 10 days, overdue after, and closed as answered once; the log signs each step', async () => {
    const c = await setup();
    const received = new Date(FIXED_NOW.getTime() - 2 * DAY).toISOString();
    const request = await c.open('access', { receivedAt: received });
    expect(request).toMatchObject({ status: 'open', dueBy: new Date(Date.parse(received) + 10 * DAY).toISOString() });
    c.at(new Date(FIXED_NOW.getTime() + 9 * DAY));
    const listed = await c.staff('/v1/staff/requests?site=leepeem');
    expect(listed.body).toMatchObject({
      responseDays: 10,
      requests: [{ id: request.id, status: 'overdue', subject: PARK }],
    });
    expect((await c.close(request.id, { outcome: 'erased' })).status).toBe(422);
    const closed = await c.close(request.id, { outcome: 'answered' });
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'answered', closedBy: 'Lee Young-woo' });
    expect((await c.close(request.id, { outcome: 'answered' })).status).toBe(409);
    expect(await c.verify()).toMatchObject({ ok: true, rightsRequests: 1, entries: { requests: 2 } });
  });

  it('refuses bad input with the field named and records nothing', async () => {
    const c = await setup();
    for (const [body, field] of [
      [{ subject: PARK, kind: 'delete-everything', via: 'phone' }, 'kind'],
      [{ subject: PARK, kind: 'access', via: 'pigeon' }, 'via'],
      [{ kind: 'access', via: 'phone' }, 'subject'],
      [{ subject: 'erased', kind: 'access', via: 'phone' }, 'subject'],
      [{ subject: PARK, kind: 'access', via: 'phone', receivedAt: '2099-01-01' }, 'receivedAt'],
    ] as const) {
      const res = await c.staff('/v1/staff/requests?site=leepeem', body);
      expect([res.status, res.body.errors?.[0]?.pointer], field).toEqual([422, `/${field}`]);
    }
    expect(
      (
        await c.staff('/v1/staff/requests?site=leepeem', {
          subject: 'nobody_ABCDEFGHIJKL',
          kind: 'access',
          via: 'phone',
        })
      ).status,
    ).toBe(404);
    const request = await c.open('correction');
    expect((await c.close(request.id, { outcome: 'refused' })).status).toBe(422); // a refusal needs its ground
    expect((await c.close(request.id, { outcome: 'refused', reason: 'law' })).body).toMatchObject({
      outcome: 'refused',
      reason: 'law',
    });
    expect((await c.staff('/v1/staff/requests?site=leepeem')).body.requests).toHaveLength(1);
  });

  it('a suspension closes only once nothing optional is allowed; an erasure closes by erasing', async () => {
    const c = await setup();
    const suspend = await c.open('suspension');
    const early = await c.close(suspend.id, { outcome: 'suspended' });
    expect([early.status, early.body.title]).toEqual([409, 'Conflict']);
    // The officer records her withdrawal (every optional box off), then closes the request.
    const withdrawal = await c.staff('/v1/staff/receipts', {
      ...leepeemReceipt({
        subject: PARK,
        method: 'staff-phone',
        action: 'withdraw',
        choices: {
          categories: { necessary: true, analytics: false, marketing: false },
          channels: { email: false, sms: false, sms_night: false },
        },
      }),
      staffId: 'Lee Young-woo',
    });
    expect(withdrawal.status).toBe(201);
    expect((await c.close(suspend.id, { outcome: 'suspended' })).body).toMatchObject({ outcome: 'suspended' });

    const erase = await c.open('erasure');
    expect((await c.close(erase.id, { outcome: 'erased' })).body).toMatchObject({
      outcome: 'erased',
      status: 'closed',
    });
    // She is gone from the receipts and from her requests; the signed log keeps them by keyed hash only.
    expect((await c.staff(`/v1/staff/subjects/${PARK}?site=leepeem`)).status).toBe(404);
    const requests = (await c.staff('/v1/staff/requests?site=leepeem')).body.requests as { subject?: string }[];
    expect(requests.map((r) => r.subject)).toEqual([undefined, undefined]);
    const entries = await (c.store as KyselyReceiptStore).db
      .selectFrom('log_entries')
      .select('record')
      .where('log', '=', 'requests')
      .execute();
    expect(JSON.stringify(entries)).not.toContain(PARK);
    expect(await c.verify()).toMatchObject({ ok: true, rightsRequests: 2, entries: { requests: 4 } });
  });

  it('acts on no one but the person its signed record names: a row pointed at someone else is refused', async () => {
    const c = await setup();
    const KIM = 'patient_Kim_4kTzQ8wN';
    expect((await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject: KIM })))).status).toBe(201);
    const request = await c.open('erasure');
    // Someone with write access to the database points Mrs Park's erasure request at Mrs Kim.
    await (c.store as KyselyReceiptStore).db.updateTable('rights_requests').set({ subject: KIM }).execute();
    const refused = await c.close(request.id, { outcome: 'erased' });
    expect([refused.status, refused.body.type]).toEqual([409, '/problems/subject-mismatch']);
    expect((await c.staff(`/v1/staff/subjects/${KIM}?site=leepeem`)).status).toBe(200);
    expect((await c.staff(`/v1/staff/subjects/${PARK}?site=leepeem`)).status).toBe(200);
  });

  it('an erasure whose request another officer closed meanwhile erases no one', async () => {
    const c = await setup(true);
    const request = await c.open('erasure');
    expect((await c.close(request.id, { outcome: 'refused', reason: 'law' })).status).toBe(200);
    // The route still reads it as open (the other officer's close landed after it looked): the erasure's own
    // transaction finds it closed and rolls back.
    const late = await c.close(request.id, { outcome: 'erased' });
    expect(late.status).toBe(409);
    expect((await c.staff(`/v1/staff/subjects/${PARK}?site=leepeem`)).status).toBe(200);
    expect(await c.verify()).toMatchObject({ ok: true, erased: 0, entries: { requests: 2, erasures: 0 } });
  });

  it("a suspension waits for a form's optional consents to be withdrawn too", async () => {
    const c = await setup();
    const HAN = 'member_Han_ABCDEFGHIJ';
    const signup = (partner: boolean, method: ReceiptRequest['method'] = 'api') =>
      leepeemReceipt({
        subject: HAN,
        method,
        form: 'signup',
        choices: {
          consents: { member: true, 'foreigner-id': false, partner },
          channels: { email: false, sms: false, sms_night: false },
        },
      });
    expect((await c.app.request('/v1/receipts', postJson(signup(true)))).status).toBe(201);
    const opened = await c.staff('/v1/staff/requests?site=leepeem', { subject: HAN, kind: 'suspension', via: 'phone' });
    const early = await c.close(opened.body.id, { outcome: 'suspended' });
    expect([early.status, early.body.detail]).toEqual([409, expect.stringContaining("a form's optional consents")]);
    expect(
      (await c.staff('/v1/staff/receipts', { ...signup(false, 'staff-phone'), staffId: 'Lee Young-woo' })).status,
    ).toBe(201);
    expect((await c.close(opened.body.id, { outcome: 'suspended' })).status).toBe(200);
  });
});
