import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import { FIXED_NOW, demoConfigs, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

/** Which of `values` still appear, byte for byte (UTF-8), in the database file, its WAL or its shared-memory index. */
function found(dbPath: string, values: string[]): string[] {
  const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
  return values.filter((v) => files.some((bytes) => bytes.includes(Buffer.from(v, 'utf8'))));
}

describe('erasure is final on disk (SQLite)', () => {
  it('after an erasure, no byte of the person’s link is left in the files while the collector runs; the log verifies', async () => {
    const configs = demoConfigs().map((c) => (c.id === 'leepeem' ? { ...c, ip: 'truncated' as const } : c));
    const c = await makeCollector({ configs });
    const store = c.store as KyselyReceiptStore;
    const { token } = await createStaffToken(store.db, 'Officer', ['leepeem'], FIXED_NOW);
    const staff = (path: string, init: RequestInit = {}) =>
      c.app.request(path, { ...init, headers: { authorization: `Bearer ${token}` } });
    const revision = c.sites.get('leepeem')!.revision;
    const subject = 'patient_Park_9QxW2mLk';
    const member = 'member:park-2207-qq';
    const guardian = { name: '박서연 Park Seo-yeon' };
    const ip = { 'x-test-ip': '198.51.77.9' };
    let last: { id: string; secret: string } | undefined;
    for (const email of [true, false, true]) {
      const r = leepeemReceipt({
        subject,
        member,
        age: 'child',
        guardian,
        configRevision: revision,
        choices: {
          categories: { necessary: true, analytics: email, marketing: false },
          channels: { email, sms: false, sms_night: false },
        },
      });
      const res = await c.app.request('/v1/receipts', postJson(r, ip));
      expect(res.status).toBe(201);
      last = await res.json();
    }
    // The guardian's contact, kept for the officer's call (this site has no code gateway).
    const contact = '010-5555-0199';
    const asked = await c.app.request(`/v1/guardian/${last!.id}/code`, postJson({ secret: last!.secret, contact }));
    expect(asked.status).toBe(409);
    await c.app.request(
      '/v1/receipts',
      postJson(leepeemReceipt({ subject: 'someone_else_ABCDEFGH', configRevision: revision })),
    );
    expect(
      (await (await staff('/v1/staff/notices?site=leepeem')).json()).notices.map((n: { subject: string }) => n.subject),
    ).toContain(subject);
    // The officer looks the person up by subject and by member reference, then erases them.
    expect((await staff(`/v1/staff/subjects/${subject}?site=leepeem`)).status).toBe(200);
    expect((await staff(`/v1/staff/receipts?site=leepeem&member=${member}`)).status).toBe(200);
    const values = [subject, member, guardian.name, '198.51.77.0/24', contact];
    expect(found(c.dbPath, values)).toEqual(values); // all there before: the search does find them

    const erased = await staff(`/v1/staff/subjects/${subject}/erase?site=leepeem`, { method: 'POST' });
    expect(await erased.json()).toMatchObject({ erased: 3, onDisk: 'gone' });
    expect(found(c.dbPath, values)).toEqual([]);

    // Their result notice and their re-confirmation duty went too; the other visitor's receipt stays.
    expect(
      (await (await staff('/v1/staff/notices?site=leepeem')).json()).notices.map((n: { subject: string }) => n.subject),
    ).not.toContain(subject);
    expect(
      (await (await staff('/v1/staff/reconfirmations?site=leepeem&days=3650')).json()).due.map(
        (d: { subject: string }) => d.subject,
      ),
    ).not.toContain(subject);
    expect((await staff('/v1/staff/subjects/someone_else_ABCDEFGH?site=leepeem')).status).toBe(200);

    await store.close();
    expect(found(c.dbPath, values)).toEqual([]);
    const { db } = await openSqliteDatabase(c.dbPath, { create: false });
    expect(await verifyDatabase(db, (await testKeyRing()).ring.jwks)).toMatchObject({
      ok: true,
      receipts: 4,
      erased: 3,
    });
    await db.destroy();
  });

  it('a reader holding an old snapshot delays the scrub, never the collector; it completes when the reader lets go', async () => {
    const c = await makeCollector();
    const store = c.store as KyselyReceiptStore;
    const { token } = await createStaffToken(store.db, 'Officer', ['leepeem'], FIXED_NOW);
    const subject = 'patient_Reader_7ZqA1pXs';
    const guardian = { name: 'Snapshot Guardian' };
    expect(
      (await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject, age: 'child', guardian })))).status,
    ).toBe(201);
    const reader = new Database(c.dbPath, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('select count(*) from receipts').get(); // the snapshot is taken here
    const started = Date.now();
    const erased = await c.app.request(`/v1/staff/subjects/${subject}/erase?site=leepeem`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await erased.json()).toMatchObject({ erased: 1, onDisk: 'pending' });
    expect(Date.now() - started).toBeLessThan(5000); // the answer waits at most a moment for the scrub
    expect((await c.app.request('/v1/receipts', postJson(leepeemReceipt()))).status).toBe(201); // the collector still takes receipts
    reader.exec('COMMIT');
    reader.close();
    await expect.poll(() => found(c.dbPath, [subject, guardian.name]), { timeout: 10_000 }).toEqual([]);
    await store.close();
  });
});
