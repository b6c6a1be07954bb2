import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeyRing, rotateLookupKey } from '../../server/proof/key-ring';
import { verifyDatabase } from '../../server/proof/verify-log';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

const PHONE = '010-1234-5678';
const EMAIL = 'Mrs.Park@Example.com';

/** A collector with Mrs Park's receipt (phone and email given by the page) and someone else's. */
async function withPatient(keys?: KeyRing) {
  const c = await makeCollector(keys ? { keys } : {});
  const store = c.store as KyselyReceiptStore;
  const { token } = await createStaffToken(store.db, 'Officer Kim', ['leepeem'], FIXED_NOW);
  const staff = async (path: string, init: RequestInit = {}) => {
    const res = await c.app.request(path, { ...init, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
  };
  const post = (r: object) => c.app.request('/v1/receipts', postJson(r));
  // The number goes in the body: no URL (and no proxy's log of URLs) ever holds it.
  const search = async (contact: string, field = 'contact') => {
    const res = await c.app.request(
      '/v1/staff/subjects/search?site=leepeem',
      postJson({ [field]: contact }, { authorization: `Bearer ${token}` }),
    );
    return { status: res.status, body: await res.json() };
  };
  const park = leepeemReceipt({ subject: 'patient_Park_9QxW2mLk', contacts: { phone: PHONE, email: EMAIL } });
  const res = await post(park);
  expect(res.status).toBe(201);
  expect((await post(leepeemReceipt({ subject: 'someone_else_ABCDEFGH' }))).status).toBe(201);
  return { c, store, staff, post, search, park, stored: await res.json() };
}

const onDisk = (dbPath: string, values: string[]) => {
  const files = [dbPath, `${dbPath}-wal`].filter(existsSync).map((f) => readFileSync(f));
  return values.filter((v) => files.some((b) => b.includes(Buffer.from(v))));
};

describe('finding a person by phone number or email', () => {
  it('keeps only keyed hashes: never the number or the address, in the receipt, the database or the log', async () => {
    const { c, stored } = await withPatient();
    expect(stored.contacts).toBeUndefined();
    expect(stored.contactKeys).toEqual([expect.stringMatching(/^k1:[\w-]{27}$/), expect.stringMatching(/^k1:/)]);
    const raw = [PHONE, '01012345678', '+821012345678', '1234-5678', EMAIL, EMAIL.toLowerCase()];
    expect(JSON.stringify(stored)).not.toMatch(/1234|park@/i);
    expect(onDisk(c.dbPath, raw)).toEqual([]);
  });

  it('finds the subject from three spellings of the number and from the email in any case; the log keeps one hash', async () => {
    const { staff, search, stored } = await withPatient();
    for (const typed of ['010-1234-5678', '+82 10 1234 5678', '01012345678', 'MRS.PARK@example.com']) {
      const found = await search(typed);
      expect(found.status).toBe(200);
      expect(found.body.subjects).toEqual([
        { subject: 'patient_Park_9QxW2mLk', receipt: stored.id, latest: expect.objectContaining({ id: stored.id }) },
      ]);
    }
    expect((await search('+82 10 1234 5678')).body.contact).toEqual({ kind: 'phone', normalised: '+821012345678' });
    expect((await search('010-9999-0000')).body.subjects).toEqual([]);
    const bad = await search('4155550132');
    expect([bad.status, bad.body.detail]).toEqual([422, expect.stringContaining('country code')]);

    const log = (await staff('/v1/staff/access-log?site=leepeem')).body.entries as { query?: Record<string, string> }[];
    const searched = log
      .filter((e) => e.query?.contact)
      .map((e) => e.query!.contact)
      .reverse();
    expect(searched).toHaveLength(7);
    // The four searches for her number are one person, so one hash (hers); the address another; nothing in clear.
    const [phoneKey, emailKey] = [stored.contactKeys[1], stored.contactKeys[0]];
    expect([0, 1, 2, 4].map((i) => searched[i])).toEqual([phoneKey, phoneKey, phoneKey, phoneKey]);
    expect(searched[3]).toBe(emailKey);
    expect(new Set(searched).size).toBe(4); // hers, her address, another number, the refused search
    expect(JSON.stringify(log)).not.toMatch(/1234|5678|park@|415555/i);
    // Nothing of the number in any URL either: the search is a POST with the number in its body.
    expect(
      log.filter((e) => e.query?.contact).every((e) => (e as { route: string }).route === '/v1/staff/subjects/search'),
    ).toBe(true);
  });

  it('finds a member by their reference sent in the body (never a URL); the log keeps its keyed hash', async () => {
    const { c, post, staff, search } = await withPatient();
    const member = '0012345678'; // a chart number: digits, like a phone number
    expect((await post(leepeemReceipt({ subject: 'patient_Chart_ABCDEFGH', member }))).status).toBe(201);
    expect((await post(leepeemReceipt({ subject: 'patient_Chart_tablet01', member }))).status).toBe(201);
    const found = await search(member, 'member');
    expect(found.status).toBe(200);
    expect(found.body.subjects.map((s: { subject: string }) => s.subject).sort()).toEqual([
      'patient_Chart_ABCDEFGH',
      'patient_Chart_tablet01',
    ]);
    expect((await search('no spaces allowed', 'member')).status).toBe(422);
    const log = (await staff('/v1/staff/access-log?site=leepeem')).body.entries as { query?: Record<string, string> }[];
    expect(log.find((e) => e.query?.member)?.query?.member).toBe(c.deps.keys.lookupHash('leepeem', member));
    expect(JSON.stringify(log)).not.toContain(member);
  });

  it('refuses a contact that is not one, naming the field, and stores nothing', async () => {
    const { post, staff } = await withPatient();
    const res = await post(leepeemReceipt({ subject: 'patient_Bad_Contact01', contacts: { phone: '010-12ab-5678' } }));
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      { pointer: '/contacts/phone', detail: expect.stringContaining('only digits') },
    ]);
    expect((await staff('/v1/staff/subjects/patient_Bad_Contact01?site=leepeem')).status).toBe(404);
  });

  it('a replay of the same request is the same receipt; another contact on a replayed id is a conflict', async () => {
    const { post, park, stored } = await withPatient();
    const again = await post(park);
    expect([again.status, (await again.json()).id]).toEqual([200, stored.id]);
    const other = await post({ ...park, contacts: { phone: '010-0000-1111' } });
    expect(other.status).toBe(409);
  });

  it('after an erasure no hash of the contact is left in the database, and the number finds nobody', async () => {
    const { c, staff, search, stored } = await withPatient();
    expect(
      (await staff('/v1/staff/subjects/patient_Park_9QxW2mLk/erase?site=leepeem', { method: 'POST' })).status,
    ).toBe(200);
    expect(onDisk(c.dbPath, stored.contactKeys)).toEqual([]);
    // A search made afterwards finds nobody (and the access log then holds that search's hash, as for any search).
    expect((await search(PHONE)).body.subjects).toEqual([]);
    await c.store.close();
    const { db } = await openSqliteDatabase(c.dbPath, { create: false });
    expect(await verifyDatabase(db, (await testKeyRing()).ring.jwks)).toMatchObject({ ok: true, contacts: 0 });
    await db.destroy();
  });

  it('verify fails on a contact row added, pointed elsewhere or deleted by hand', async () => {
    const { c, store, stored } = await withPatient();
    const jwks = (await testKeyRing()).ring.jwks;
    await store.close();
    const check = async () => {
      const { db } = await openSqliteDatabase(c.dbPath, { create: false });
      try {
        return await verifyDatabase(db, jwks);
      } finally {
        await db.destroy();
      }
    };
    expect(await check()).toMatchObject({ ok: true, contacts: 2 });
    const sql = new Database(c.dbPath);
    const [phoneKey] = stored.contactKeys;
    // Someone points Mrs Park's number at another person, so the officer's search finds them instead.
    sql.prepare('update subject_contacts set subject = ? where contact_key = ?').run('someone_else_ABCDEFGH', phoneKey);
    expect((await check()).problem).toMatch(/contact index row leepeem\/k1:.*inserted/);
    sql.prepare('update subject_contacts set subject = ? where contact_key = ?').run('patient_Park_9QxW2mLk', phoneKey);
    sql.prepare('delete from subject_contacts where contact_key = ?').run(phoneKey);
    expect((await check()).problem).toMatch(/contact index row .* it is gone — deleted/);
    sql.close();
  });

  it('after a lookup-key rotation new contacts use k2 and the old ones are still found', async () => {
    const { file } = await testKeyRing();
    const before = await KeyRing.load(file);
    const c1 = await withPatient(before);
    const after = await KeyRing.load(rotateLookupKey(file, FIXED_NOW));
    expect(after.lookupHash('leepeem', 'phone:+821012345678')).toMatch(/^k2:/);
    expect(after.lookupHashes('leepeem', 'phone:+821012345678')).toEqual([
      after.lookupHash('leepeem', 'phone:+821012345678'),
      before.lookupHash('leepeem', 'phone:+821012345678'),
    ]);
    await c1.store.close();
    const c2 = await makeCollector({ keys: after, dbPath: c1.c.dbPath });
    const { token } = await createStaffToken(
      (c2.store as KyselyReceiptStore).db,
      'Officer Lee',
      ['leepeem'],
      FIXED_NOW,
    );
    const renewed = leepeemReceipt({ subject: 'patient_Choi_4kTzQ8wN', contacts: { phone: '+82 10 5555 0199' } });
    const res = await c2.app.request('/v1/receipts', postJson(renewed));
    expect((await res.json()).contactKeys).toEqual([expect.stringMatching(/^k2:/)]);
    for (const [typed, subject] of [
      [PHONE, 'patient_Park_9QxW2mLk'],
      ['010-5555-0199', 'patient_Choi_4kTzQ8wN'],
    ]) {
      const found = await c2.app.request(
        '/v1/staff/subjects/search?site=leepeem',
        postJson({ contact: typed }, { authorization: `Bearer ${token}` }),
      );
      expect((await found.json()).subjects.map((s: { subject: string }) => s.subject)).toEqual([subject]);
    }
    await c2.store.close();
  });
});
