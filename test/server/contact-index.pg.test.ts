import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import { createStaffToken } from '../../server/store/staff-tokens';
import { backends } from '../helpers/backends';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

// The contact index is written in the append transaction of either store, and forgotten by an erasure.
describe.each(backends)('the contact index on $name', (backend) => {
  it('a receipt with contacts is found by any spelling, twice given stays one row, an erasure forgets it', async () => {
    const database = await backend.create();
    const store = await database.open();
    const c = await makeCollector({ store });
    const { token } = await createStaffToken(store.db, 'Officer', ['leepeem'], FIXED_NOW);
    const find = async (contact: string) =>
      (
        await (
          await c.app.request(
            '/v1/staff/subjects/search?site=leepeem',
            postJson({ contact }, { authorization: `Bearer ${token}` }),
          )
        ).json()
      ).subjects.map((s: { subject: string }) => s.subject);
    const subject = 'patient_Han_4kTzQ8wN';
    // Two receipts giving the same number (one batch can hold both): one row, naming the first.
    const [first, second] = [1, 2].map(() => leepeemReceipt({ subject, contacts: { phone: '+82 10 7777 1234' } }));
    const answers = await Promise.all([first, second].map((r) => c.app.request('/v1/receipts', postJson(r))));
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(await find('010-7777-1234')).toEqual([subject]);
    const jwks = (await testKeyRing()).ring.jwks;
    expect(await verifyDatabase(store.db, jwks)).toMatchObject({ ok: true, contacts: 1 });
    const erased = await c.app.request(`/v1/staff/subjects/${subject}/erase?site=leepeem`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(erased.status).toBe(200);
    expect(await find('01077771234')).toEqual([]);
    expect(await verifyDatabase(store.db, jwks)).toMatchObject({ ok: true, contacts: 0 });
    await store.close();
  });
});
