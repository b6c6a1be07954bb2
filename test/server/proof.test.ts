import { describe, expect, it } from 'vitest';
import { KeyRing, generateKey } from '../../server/proof/key-ring';
import { verifyReceipt } from '../../server/proof/receipt-proof';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { FIXED_NOW, demoConfigs, leepeemReceipt, makeCollector, postJson, demoNoticeRule } from '../helpers/collector';

async function collectorWith(n: number) {
  const c = await makeCollector();
  const bodies = [];
  for (let i = 0; i < n; i++)
    bodies.push(await (await c.app.request('/v1/receipts', postJson(leepeemReceipt()))).json());
  return { ...c, bodies };
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
    await before.store.close(); // a rotation takes effect at the collector's next start
    const ring = await KeyRing.load(rotated);
    const after = await makeCollector({
      keys: ring,
      dbPath: before.dbPath,
      store: await openSqliteStore(before.dbPath, ring.signer, { notice: demoNoticeRule() }),
    });
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
    expect(kantara).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: id,
      collectionMethod: 'banner',
      jurisdiction: 'KR',
      piiControllers: [{ piiController: 'LEEPEEM Plastic Surgery', phone: '02-3444-7788' }],
    });
    expect(kantara.services[0].purposes.map((p: { consentGiven: boolean }) => p.consentGiven)).toEqual([
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
    const page = await app.request(`/v1/receipts/${id}?secret=${secret}`, { headers: { accept: 'text/html' } });
    const text = await page.text();
    expect(text).toContain(id);
    expect(text).toMatch(/Signature<\/dt><dd>valid \(key /);
    expect(text).toContain('✔ Analytics: yes');
    const { app: ko } = await collectorWith(0); // a Korean receipt reads in Korean
    const koReq = leepeemReceipt({ language: 'ko' });
    const koBody = await (await ko.request('/v1/receipts', postJson(koReq))).json();
    const koPage = await (
      await ko.request(`/v1/receipts/${koBody.id}?secret=${koBody.secret}`, { headers: { accept: 'text/html' } })
    ).text();
    expect(koPage).toContain('<h1>동의 확인증</h1>');
    expect(koPage).toContain('✔ 분석: 동의');
    // Readable: the action in words, the time in the site's zone and the visitor's language, the notice they saw,
    // and where to change the decision.
    expect(koPage).toMatch(
      new RegExp(
        `<strong>${{ accept_all: '모두 동의', reject_all: '모두 거부', custom: '일부 선택' }[koReq.action as 'custom']}</strong>`,
      ),
    );
    expect(koPage).toContain('배너에서');
    expect(koPage).toMatch(/\d{4}년 \d{1,2}월 \d{1,2}일 .*GMT\+9 \(UTC \d{4}-/);
    expect(koPage).toContain('<h2>안내받은 고지 내용</h2>');
    expect(koPage).toContain(
      demoConfigs()
        .find((c) => c.id === 'leepeem')!
        .policies.find((p) => p.id === koReq.policy)!.notice.ko!.summary,
    );
    expect(koPage).toContain(`<a href="${demoConfigs().find((c) => c.id === 'leepeem')!.origins[0]}">`);
    for (const bad of [
      `/v1/receipts/${id}`,
      `/v1/receipts/${id}?secret=wrong`,
      `/v1/receipts/${id}?secret=${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`,
    ]) {
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

// Tampering with the stored log: test/proof/tamper.test.ts (every column of every record table, both databases).
