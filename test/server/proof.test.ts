import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeyRing, generateKey } from '../../server/proof/key-ring';
import { verifyReceipt } from '../../server/proof/receipt-proof';
import { verifyLog } from '../../server/proof/verify-log';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

async function collectorWith(n: number) {
  const c = await makeCollector();
  const bodies = [];
  for (let i = 0; i < n; i++) bodies.push(await (await c.app.request('/v1/receipts', postJson(leepeemReceipt()))).json());
  return { ...c, bodies };
}

async function verify(dbPath: string) {
  const { db } = await openSqliteDatabase(dbPath, { create: false });
  try {
    return await verifyLog(db, (await testKeyRing()).ring.jwks);
  } finally {
    await db.destroy();
  }
}

describe('signed receipts', () => {
  it('every stored receipt carries a signature that verifies with the published JWKS', async () => {
    const { app, bodies } = await collectorWith(1);
    const jwks = await (await app.request('/.well-known/jwks.json')).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const { secret: _, ...receipt } = bodies[0];
    expect(receipt.signature).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(await verifyReceipt(receipt, jwks)).toEqual({ ok: true, kid: jwks.keys[0].kid });
    expect((await verifyReceipt({ ...receipt, action: 'accept_all' }, jwks)).ok).toBe(false);
  });

  it('after a key rotation new receipts use the new key and old ones still verify', async () => {
    const first = await generateKey(undefined, FIXED_NOW);
    const rotated = await generateKey(first, FIXED_NOW);
    expect(rotated.keys).toHaveLength(2);
    expect(rotated.receiptSecretKey).toBe(first.receiptSecretKey);
    const before = await makeCollector({ keys: await KeyRing.load(first) });
    const old = await (await before.app.request('/v1/receipts', postJson(leepeemReceipt()))).json();
    const after = await makeCollector({ keys: await KeyRing.load(rotated), dbPath: before.dbPath, store: before.store });
    const fresh = await (await after.app.request('/v1/receipts', postJson(leepeemReceipt()))).json();
    const jwks = await (await after.app.request('/.well-known/jwks.json')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(rotated.keys.map((k) => k.kid));
    expect(await verifyReceipt(old, jwks)).toEqual({ ok: true, kid: first.keys[0]!.kid });
    expect(await verifyReceipt(fresh, jwks)).toEqual({ ok: true, kid: rotated.keys[1]!.kid });
  });
});

describe('GET /v1/receipts/:id', () => {
  it('gives the visitor their receipt with its secret — as JSON, Kantara JSON or a page — and nothing without it', async () => {
    const { app, bodies } = await collectorWith(1);
    const { id, secret } = bodies[0];
    const json = await app.request(`/v1/receipts/${id}`, { headers: { authorization: `Receipt ${secret}` } });
    expect(json.status).toBe(200);
    expect(json.headers.get('cache-control')).toBe('private, no-store');
    expect((await json.json()).id).toBe(id);
    const kantara = await (await app.request(`/v1/receipts/${id}?secret=${secret}&format=kantara`)).json();
    expect(kantara).toMatchObject({ version: 'KI-CR-v1.1.0', consentReceiptID: id, collectionMethod: 'banner', jurisdiction: 'KR', piiControllers: [{ piiController: 'LEEPEEM Plastic Surgery', phone: '02-3444-7788' }] });
    expect(kantara.services[0].purposes.map((p: { consentGiven: boolean }) => p.consentGiven)).toEqual([true, true, false, true, false, false]);
    const page = await app.request(`/v1/receipts/${id}?secret=${secret}`, { headers: { accept: 'text/html' } });
    const text = await page.text();
    expect(text).toContain(id);
    expect(text).toMatch(/Signature<\/dt><dd>valid \(key /);
    expect(text).toContain('✔ Analytics: yes');
    const { app: ko } = await collectorWith(0); // a Korean receipt reads in Korean
    const koReq = leepeemReceipt({ language: 'ko' });
    const koBody = await (await ko.request('/v1/receipts', postJson(koReq))).json();
    const koPage = await (await ko.request(`/v1/receipts/${koBody.id}?secret=${koBody.secret}`, { headers: { accept: 'text/html' } })).text();
    expect(koPage).toContain('<h1>동의 확인증</h1>');
    expect(koPage).toContain('✔ 분석: 동의');
    for (const bad of [`/v1/receipts/${id}`, `/v1/receipts/${id}?secret=wrong`, `/v1/receipts/${id}?secret=${secret.slice(0, -1)}x`]) {
      expect((await app.request(bad)).status).toBe(404);
    }
  });

  it('a replay gets the same secret', async () => {
    const { app } = await makeCollector();
    const req = leepeemReceipt();
    const a = await (await app.request('/v1/receipts', postJson(req))).json();
    const b = await (await app.request('/v1/receipts', postJson(req))).json();
    expect(b.secret).toBe(a.secret);
  });
});

describe('tamper evidence: verify names the first bad record', () => {
  it('an untouched log verifies, with its signed checkpoint', async () => {
    const { dbPath, store } = await collectorWith(5);
    expect(await store.checkpoint((p) => testKeyRing().then((k) => k.ring.signDetached(p)), FIXED_NOW)).toEqual({ headSeq: 5 });
    expect(await store.checkpoint((p) => testKeyRing().then((k) => k.ring.signDetached(p)), FIXED_NOW)).toBeUndefined(); // head did not move
    await store.close();
    expect(await verify(dbPath)).toEqual({ ok: true, receipts: 5, checkpoints: 1, accessEntries: 0 });
  });

  const tampered: [string, (db: Database.Database, ids: string[]) => void, RegExp][] = [
    ['an edited record', (db, ids) => db.prepare(`update receipts set record = replace(record, '"custom"', '"accept_all"') where id = ?`).run(ids[2]), /seq 3\): its content does not match the digest in the chain — edited/],
    ['an edited column', (db, ids) => db.prepare(`update receipts set subject = 'someone-else-entirely' where id = ?`).run(ids[1]), /seq 2\): column subject differs from the signed receipt/],
    ['a deleted record', (db, ids) => db.prepare('delete from receipts where id = ?').run(ids[1]), /seq 3\): does not follow the record before it/],
    [
      'an inserted record',
      (db) => {
        db.exec('update receipts set seq = seq + 100 where seq >= 3');
        db.exec(`insert into receipts (seq, id, site, subject, policy, action, method, received_at, request_hash, notice_hash, record, record_digest, prev_hash, hash)
                 select 3, 'forged', site, subject, policy, action, method, received_at, request_hash, notice_hash, record, record_digest, hash, hash from receipts where seq = 2`);
      },
      /receipt forged \(seq 3\): its chain link does not match/,
    ],
    [
      'reordered records',
      (db) => {
        db.exec('update receipts set seq = 100 where seq = 2');
        db.exec('update receipts set seq = 2 where seq = 3');
        db.exec('update receipts set seq = 3 where seq = 100');
      },
      /seq 2\): does not follow the record before it/,
    ],
    ['records cut off the end', (db) => db.exec('delete from receipts where seq >= 4'), /checkpoint 1 .* vouches for receipt seq 5, which is missing or altered/],
  ];
  for (const [what, tamper, expected] of tampered) {
    it(`detects ${what}`, async () => {
      const { dbPath, store, bodies } = await collectorWith(5);
      await store.checkpoint(async (p) => (await testKeyRing()).ring.signDetached(p), FIXED_NOW);
      await store.close();
      const db = new Database(dbPath);
      tamper(db, bodies.map((b) => b.id));
      db.close();
      const report = await verify(dbPath);
      expect(report.ok).toBe(false);
      expect(report.problem).toMatch(expected);
    });
  }

  it('a forged receipt appended with a correct chain link fails on its signature', async () => {
    const { dbPath, store, bodies } = await collectorWith(2);
    await store.close();
    const { linkHash, sha256 } = await import('../../server/proof/hash-chain');
    const db = new Database(dbPath);
    const last = db.prepare('select * from receipts order by seq desc limit 1').get() as { [k in 'record' | 'hash' | 'site' | 'subject' | 'policy' | 'method' | 'received_at' | 'notice_hash']: string };
    const forged = JSON.stringify({ ...JSON.parse(last.record), id: '01930000-0000-7000-8000-000000000000', action: 'accept_all' });
    const digest = sha256(forged);
    db.prepare(`insert into receipts (seq, id, site, subject, policy, action, method, received_at, request_hash, notice_hash, record, record_digest, prev_hash, hash) values (3, ?, ?, ?, ?, 'accept_all', ?, ?, 'x', ?, ?, ?, ?, ?)`).run(
      '01930000-0000-7000-8000-000000000000', last.site, last.subject, last.policy, last.method, last.received_at, last.notice_hash, forged, digest, last.hash, linkHash(last.hash, 3, '01930000-0000-7000-8000-000000000000', digest),
    );
    db.close();
    expect((await verify(dbPath)).problem).toMatch(/seq 3\): signature does not match the content/);
    expect(bodies).toHaveLength(2);
  });
});
