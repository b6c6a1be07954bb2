import { describe, expect, it } from 'vitest';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

const KIM = 'member_Kim_ABCDEFGHIJ';
const signup = (consents: Record<string, boolean>, channels: Record<string, boolean>, o = {}) =>
  leepeemReceipt({ subject: KIM, method: 'api', form: 'signup', choices: { channels, consents }, ...o });

async function setup() {
  const c = await makeCollector();
  const { db } = await openSqliteDatabase(c.dbPath);
  const { token } = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], new Date());
  await db.destroy();
  const staff = (body: object) =>
    c.app.request(
      '/v1/staff/receipts',
      postJson({ ...body, staffId: 'Lee Young-woo' }, { authorization: `Bearer ${token}` }),
    );
  return { ...c, staff, token };
}

describe("a form's consents changed by staff (the dashboard's 'Change a form's consents')", () => {
  it('withdraws an optional third-party consent and email by phone: a signed receipt of that form', async () => {
    const c = await setup();
    const given = signup(
      { member: true, 'foreigner-id': true, partner: true },
      { email: true, sms: false, sms_night: false },
    );
    expect((await c.app.request('/v1/receipts', postJson(given))).status).toBe(201);
    const withdrawal = signup(
      { member: true, 'foreigner-id': true, partner: false },
      { email: false, sms: false, sms_night: false },
      { method: 'staff-phone' },
    );
    const res = await c.staff(withdrawal);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({
      form: 'signup',
      action: 'custom',
      choices: { consents: { partner: false } },
      recordedBy: { staffId: 'Lee Young-woo' },
    });
    // The /me the dashboard reads names the form's asked consents and channels.
    const me = await (await c.app.request('/v1/staff/me', { headers: { authorization: `Bearer ${c.token}` } })).json();
    expect(me.sites[0].forms).toEqual([
      expect.objectContaining({
        id: 'signup',
        consents: ['member', 'foreigner-id', 'partner'],
        channels: ['email', 'sms'],
      }),
    ]);
  });

  it('cannot drop a consent the form requires (taking it back is an erasure), nor leave out the age answer', async () => {
    const c = await setup();
    expect(
      (
        await c.app.request(
          '/v1/receipts',
          postJson(signup({ member: true, 'foreigner-id': false, partner: false }, { email: false })),
        )
      ).status,
    ).toBe(201);
    const dropRequired = await c.staff(
      signup({ member: false, 'foreigner-id': false, partner: false }, { email: false }, { method: 'staff-phone' }),
    );
    expect(dropRequired.status).toBe(422);
    expect(JSON.stringify(await dropRequired.json())).toContain('/choices/consents/member');
    const noAge = await c.staff(
      signup(
        { member: true, 'foreigner-id': false, partner: false },
        { email: false },
        { method: 'staff-phone', age: undefined },
      ),
    );
    expect(noAge.status).toBe(422);
  });
});
