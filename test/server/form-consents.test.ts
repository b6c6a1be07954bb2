import { describe, expect, it } from 'vitest';
import type { ReceiptRequest, SiteConfig } from '../../protocol';
import { verifyDatabase } from '../../server/proof/verify-log';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { FIXED_NOW, demoConfigs, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

const problem = async (res: Response) => (await res.json()) as { errors?: { pointer: string; detail: string }[] };
const pointers = async (res: Response) => ((await problem(res)).errors ?? []).map((e) => e.pointer);

/** Liv's consultation form: its consents (health data asked separately), its marketing opt-ins, no cookie choice. */
const consultation = (o: Partial<ReceiptRequest> = {}) =>
  leepeemReceipt({
    site: 'liv',
    policy: '2025-04',
    method: 'api',
    form: 'consultation',
    choices: {
      channels: { kakaotalk: true, kakaotalk_night: false, sms: false, sms_night: false },
      consents: { consultation: true, health: true },
    },
    ...o,
  });
/** LEEPEEM's sign-up form, by an adult unless said otherwise. */
const signup = (consents: Record<string, boolean>, o: Partial<ReceiptRequest> = {}) =>
  leepeemReceipt({
    method: 'api',
    form: 'signup',
    choices: { channels: { email: true, sms: false, sms_night: false }, consents },
    ...o,
  });
const adultSignup = { member: true, 'foreigner-id': false, partner: true };

/** A collector whose LEEPEEM config has a code gateway, and what the gateway was sent. */
async function withGateway() {
  const sent: { contact: string; code: string; receipt: string; signature: string | null }[] = [];
  const configs = demoConfigs().map((c): SiteConfig =>
    c.id === 'leepeem' ? { ...c, webhooks: { guardianCodes: 'https://gateway.example/codes' } } : c,
  );
  let now = FIXED_NOW;
  const c = await makeCollector({
    configs,
    clock: { now: () => now },
    fetch: (async (_url: string, init: RequestInit) => {
      sent.push({ ...JSON.parse(String(init.body)), signature: new Headers(init.headers).get('assent-signature') });
      return new Response(null, { status: 204 });
    }) as typeof fetch,
  });
  const { db } = await openSqliteDatabase(c.dbPath);
  const staff = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], FIXED_NOW);
  await db.destroy();
  const asStaff = (path: string, body: unknown) =>
    c.app.request(path, postJson(body, { authorization: `Bearer ${staff.token}` }));
  const getStaff = (path: string) => c.app.request(path, { headers: { authorization: `Bearer ${staff.token}` } });
  return { ...c, sent, asStaff, getStaff, later: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('form consents (PIPA Art. 15, 17, 22, 23, 24)', () => {
  it("records one receipt with exactly the form's consents, its form id and the member reference", async () => {
    const { app } = await makeCollector();
    const res = await app.request('/v1/receipts', postJson(consultation({ member: 'member:liv-000123' })));
    const stored = await res.json();
    expect(res.status, JSON.stringify(stored)).toBe(201);
    expect(stored).toMatchObject({
      form: 'consultation',
      member: 'member:liv-000123',
      choices: { consents: { consultation: true, health: true }, channels: { kakaotalk: true } },
    });
    expect(stored.choices.categories).toBeUndefined();
  });

  it('refuses a required consent left out, a consent the form did not show, and opt-ins it did not show', async () => {
    const { app, store } = await makeCollector();
    const cases: [Partial<ReceiptRequest>, string[]][] = [
      [{ choices: { channels: {}, consents: { consultation: true, health: false } } }, ['/choices/consents/health']],
      [{ choices: { channels: {}, consents: { consultation: true } } }, ['/choices/consents/health']],
      // The legal-basis notice is shown as a notice, never as a checkbox: it cannot be "given".
      [
        { choices: { channels: {}, consents: { consultation: true, health: true, records: true } } },
        ['/choices/consents/records'],
      ],
      [
        { choices: { channels: { email: true }, consents: { consultation: true, health: true } } },
        ['/choices/channels/email'],
      ],
      [{ form: 'signup' }, ['/form']],
      [{ form: undefined }, ['/form']],
    ];
    for (const [o, expected] of cases) {
      const res = await app.request('/v1/receipts', postJson(consultation(o)));
      expect(res.status, JSON.stringify(o)).toBe(422);
      expect(await pointers(res)).toEqual(expect.arrayContaining(expected));
      expect(await store.get((JSON.parse(JSON.stringify(consultation(o))) as ReceiptRequest).id)).toBeUndefined();
    }
  });

  it('asks the age on a site that asks it, and refuses the guardian of an adult', async () => {
    const { app } = await makeCollector();
    const noAge = await app.request('/v1/receipts', postJson(signup(adultSignup, { age: undefined })));
    expect(noAge.status).toBe(422);
    expect(await pointers(noAge)).toContain('/age');
    const adultWithGuardian = await app.request(
      '/v1/receipts',
      postJson(signup(adultSignup, { guardian: { name: 'Kim' } })),
    );
    expect(await pointers(adultWithGuardian)).toContain('/guardian');
    const childAlone = await app.request('/v1/receipts', postJson(signup(adultSignup, { age: 'child' })));
    expect(await pointers(childAlone)).toContain('/guardian');
    // A refusal of every cookie needs no age answer.
    const refusal = leepeemReceipt({
      age: undefined,
      action: 'reject_all',
      choices: { categories: { necessary: true, analytics: false, marketing: false }, channels: {} },
    });
    expect((await app.request('/v1/receipts', postJson(refusal))).status).toBe(201);
  });

  it("refuses a browser's claim of a guardian verification and a guardian contact in the receipt", async () => {
    const { app } = await makeCollector();
    const child = { age: 'child' as const };
    for (const guardian of [
      { name: 'a', verification: 'document' as const },
      { name: 'Park', verification: 'phone' as const },
      { name: 'Park', contact: '010-1234-5678' },
    ]) {
      const res = await app.request(
        '/v1/receipts',
        postJson(signup({ member: true, 'foreigner-id': false, partner: false }, { ...child, guardian })),
      );
      expect(res.status).toBe(422);
      expect((await pointers(res)).some((p) => p.startsWith('/guardian/'))).toBe(true);
    }
    const claimed = await app.request(
      '/v1/receipts',
      postJson(
        signup(
          { member: true, 'foreigner-id': false, partner: false },
          { ...child, guardian: { name: 'Park' }, guardianCheck: { status: 'verified', method: 'code' } },
        ),
      ),
    );
    expect(claimed.status).toBe(422);
    expect(await pointers(claimed)).toContain('/guardianCheck');
  });

  it("keeps children's data from third parties on LEEPEEM: no third-party consent, no advertising cookies", async () => {
    const { app } = await makeCollector();
    const guardian = { name: 'Park Seo-yeon' };
    const shared = await app.request(
      '/v1/receipts',
      postJson(signup({ member: true, 'foreigner-id': false, partner: true }, { age: 'child', guardian })),
    );
    expect(shared.status).toBe(422);
    expect(await pointers(shared)).toContain('/choices/consents/partner');
    const ads = await app.request(
      '/v1/receipts',
      postJson(
        leepeemReceipt({
          age: 'child',
          guardian,
          action: 'accept_all',
          choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
        }),
      ),
    );
    expect(ads.status).toBe(422);
    expect(await pointers(ads)).toContain('/choices/categories/marketing');
    // An adult may.
    expect((await app.request('/v1/receipts', postJson(signup(adultSignup)))).status).toBe(201);
  });
});

describe('verified guardian consent (PIPA Art. 22-2, Decree Art. 17-2)', () => {
  const childSignup = (subject: string) =>
    signup(
      { member: true, 'foreigner-id': false, partner: false },
      { subject, age: 'child', guardian: { name: 'Park Seo-yeon' } },
    );

  it('keeps a child’s consents pending until the guardian enters the code the gateway sent', async () => {
    const c = await withGateway();
    const subject = 'child_subject_0001';
    const res = await c.app.request('/v1/receipts', postJson(childSignup(subject)));
    expect(res.status).toBe(201);
    const pending = await res.json();
    expect(pending.guardianCheck).toEqual({ status: 'pending' });
    // Nothing optional took effect: the email opt-in waits.
    expect((await c.store.channels('leepeem', subject)).email).toBeUndefined();

    // Without the receipt's secret nobody can ask for or enter a code.
    const stranger = await c.app.request(
      `/v1/guardian/${pending.id}/code`,
      postJson({ secret: 'x'.repeat(32), contact: '010-1234-5678' }),
    );
    expect(stranger.status).toBe(404);
    const asked = await c.app.request(
      `/v1/guardian/${pending.id}/code`,
      postJson({ secret: pending.secret, contact: '010-1234-5678', language: 'ko' }),
    );
    expect(asked.status).toBe(202);
    expect(c.sent).toHaveLength(1);
    expect(c.sent[0]).toMatchObject({ contact: '010-1234-5678', receipt: pending.id });
    expect(c.sent[0]!.code).toMatch(/^\d{6}$/);
    expect(c.sent[0]!.signature).toMatch(/^[\w-]+\.\.[\w-]+$/);

    const wrong = String((Number(c.sent[0]!.code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await c.app.request(
      `/v1/guardian/${pending.id}/verify`,
      postJson({ secret: pending.secret, code: wrong }),
    );
    expect(bad.status).toBe(422);
    expect((await c.store.channels('leepeem', subject)).email).toBeUndefined();

    const ok = await c.app.request(
      `/v1/guardian/${pending.id}/verify`,
      postJson({ secret: pending.secret, code: c.sent[0]!.code }),
    );
    expect(ok.status).toBe(201);
    const verified = await ok.json();
    expect(verified).toMatchObject({
      guardianCheck: { status: 'verified', method: 'code', verifies: pending.id },
      previous: pending.id,
      choices: pending.choices,
      form: 'signup',
    });
    expect((await c.store.channels('leepeem', subject)).email).toMatchObject({ granted: true, receipt: verified.id });
    // The contact went with the verification; the code cannot be used twice.
    const check = await c.deps.guardians!.get(pending.id);
    expect(check).toMatchObject({ hasContact: false, codeHash: null, verifiedReceipt: verified.id });
    const again = await c.app.request(
      `/v1/guardian/${pending.id}/verify`,
      postJson({ secret: pending.secret, code: c.sent[0]!.code }),
    );
    expect(again.status).toBe(409);

    const { db } = await openSqliteDatabase(c.dbPath);
    expect(await verifyDatabase(db, (await testKeyRing()).ring.jwks)).toMatchObject({ ok: true });
    await db.destroy();
  });

  it('refuses an expired code and too many wrong ones', async () => {
    const c = await withGateway();
    const pending = await (await c.app.request('/v1/receipts', postJson(childSignup('child_subject_0002')))).json();
    await c.app.request(
      `/v1/guardian/${pending.id}/code`,
      postJson({ secret: pending.secret, contact: 'parent@example.com' }),
    );
    for (let i = 0; i < 5; i++)
      await c.app.request(
        `/v1/guardian/${pending.id}/verify`,
        postJson({ secret: pending.secret, code: '000000' === c.sent[0]!.code ? '111111' : '000000' }),
      );
    const blocked = await c.app.request(
      `/v1/guardian/${pending.id}/verify`,
      postJson({ secret: pending.secret, code: c.sent[0]!.code }),
    );
    expect(blocked.status).toBe(429);
    await c.app.request(
      `/v1/guardian/${pending.id}/code`,
      postJson({ secret: pending.secret, contact: 'parent@example.com' }),
    );
    c.later(11 * 60_000);
    const late = await c.app.request(
      `/v1/guardian/${pending.id}/verify`,
      postJson({ secret: pending.secret, code: c.sent[1]!.code }),
    );
    expect(late.status).toBe(410);
  });

  it('lets staff verify by phone, signed with who recorded it, and lists what still waits', async () => {
    const c = await withGateway();
    const a = await (await c.app.request('/v1/receipts', postJson(childSignup('child_subject_0003')))).json();
    const b = await (await c.app.request('/v1/receipts', postJson(childSignup('child_subject_0004')))).json();
    const list = await (await c.getStaff('/v1/staff/guardians?site=leepeem')).json();
    expect(list.pending.map((p: { receipt: string }) => p.receipt)).toEqual([a.id, b.id]);
    expect(list.pending[0]).toMatchObject({ guardian: 'Park Seo-yeon', form: 'signup', codesSent: 0 });
    const refused = await c.asStaff(`/v1/staff/guardians/${a.id}/verify`, { site: 'leepeem', method: 'self-declared' });
    expect(refused.status).toBe(422);
    const done = await c.asStaff(`/v1/staff/guardians/${a.id}/verify`, {
      site: 'leepeem',
      method: 'phone',
      staffId: 'Lee',
    });
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({
      guardianCheck: { status: 'verified', method: 'phone', verifies: a.id },
      recordedBy: { staffId: 'Lee' },
    });
    expect((await c.store.channels('leepeem', 'child_subject_0003')).email?.granted).toBe(true);
    expect((await c.store.channels('leepeem', 'child_subject_0004')).email).toBeUndefined();
    const after = await (await c.getStaff('/v1/staff/guardians?site=leepeem')).json();
    expect(after.pending.map((p: { receipt: string }) => p.receipt)).toEqual([b.id]);
  });

  it('a newer decision supersedes the pending one: verifying the old one is refused', async () => {
    const c = await withGateway();
    const pending = await (await c.app.request('/v1/receipts', postJson(childSignup('child_subject_0005')))).json();
    const refusal = leepeemReceipt({
      subject: 'child_subject_0005',
      age: undefined,
      action: 'reject_all',
      choices: { categories: { necessary: true, analytics: false, marketing: false }, channels: {} },
    });
    expect((await c.app.request('/v1/receipts', postJson(refusal))).status).toBe(201);
    const res = await c.asStaff(`/v1/staff/guardians/${pending.id}/verify`, { site: 'leepeem', method: 'written' });
    expect(res.status).toBe(409);
    // Nothing is left to verify: the officer's list no longer shows it.
    const list = await (await c.getStaff('/v1/staff/guardians?site=leepeem')).json();
    expect(list.pending.map((p: { receipt: string }) => p.receipt)).not.toContain(pending.id);
  });
});

describe('exports carry the real purposes, sensitive data, third parties and jurisdiction', () => {
  it('Kantara CR v1.1 and ISO/IEC TS 27560-shaped JSON of a consultation with health data', async () => {
    const { app } = await makeCollector();
    const stored = await (await app.request('/v1/receipts', postJson(consultation()))).json();
    const url = (format: string) => `/v1/receipts/${stored.id}?secret=${stored.secret}&format=${format}`;
    const kantara = await (await app.request(url('kantara'))).json();
    expect(kantara).toMatchObject({ jurisdiction: 'KR', sensitive: true, collectionMethod: 'api:form:consultation' });
    expect(kantara.spiCat.join(' ')).toContain('information about your health');
    const purposes = kantara.services[0].purposes;
    expect(
      purposes.find((p: { purposeCategory: string[] }) => p.purposeCategory[0] === 'sensitive:health'),
    ).toMatchObject({ consentType: 'EXPLICIT', consentGiven: true });
    expect(purposes.find((p: { purposeCategory: string[] }) => p.purposeCategory[0] === 'records')).toMatchObject({
      consentType: 'NOT_REQUIRED (law)',
    });
    const iso = await (await app.request(url('iso27560'))).json();
    expect(iso).toMatchObject({ record_id: stored.id, collection: { form: 'consultation' } });
    expect(iso.processing.find((p: { purpose_id: string }) => p.purpose_id === 'health')).toMatchObject({
      legal_basis: 'consent',
      sensitive: true,
      jurisdiction: 'KR',
      consent: { state: 'given' },
    });
    expect(iso.processing.find((p: { purpose_id: string }) => p.purpose_id === 'records')).toMatchObject({
      legal_basis: 'law',
      consent: null,
    });
  });

  it('names the third party a sign-up consent gives data to, and the advertising category’s providers', async () => {
    const { app } = await makeCollector();
    const stored = await (await app.request('/v1/receipts', postJson(signup(adultSignup)))).json();
    const kantara = await (
      await app.request(`/v1/receipts/${stored.id}?secret=${stored.secret}&format=kantara`)
    ).json();
    expect(
      kantara.services[0].purposes.find(
        (p: { purposeCategory: string[] }) => p.purposeCategory[0] === 'third-party:partner',
      ),
    ).toMatchObject({ thirdPartyDisclosure: true, thirdPartyName: 'LEEPEEM interpreting and lodging partner (demo)' });
    const cookie = await (
      await app.request('/v1/receipts', postJson(leepeemReceipt({ subject: 'v_cookieexport0001' })))
    ).json();
    const ads = await (await app.request(`/v1/receipts/${cookie.id}?secret=${cookie.secret}&format=kantara`)).json();
    expect(
      ads.services[0].purposes.find((p: { purposeCategory: string[] }) => p.purposeCategory[0] === 'marketing'),
    ).toMatchObject({ thirdPartyDisclosure: true });
  });
});

describe('what the audit of the guardian path found', () => {
  const childSignup = (subject: string) =>
    signup(
      { member: true, 'foreigner-id': false, partner: false },
      { subject, age: 'child', guardian: { name: 'Park Seo-yeon' } },
    );

  it('a re-confirmation and a GPC opt-out need no age answer (they turn nothing new on)', async () => {
    const { app } = await makeCollector();
    const subject = 'v_reconfirm_noage01';
    expect((await app.request('/v1/receipts', postJson(signup(adultSignup, { subject })))).status).toBe(201);
    const reconfirm = leepeemReceipt({
      subject,
      age: undefined,
      action: 'reconfirm',
      choices: { channels: { email: true } },
    });
    expect((await app.request('/v1/receipts', postJson(reconfirm))).status).toBe(201);
    // A GPC opt-out keeps on what was on (analytics, from the adult's cookie decision) without asking again…
    const cookies = leepeemReceipt({
      subject,
      choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
      action: 'accept_all',
    });
    expect((await app.request('/v1/receipts', postJson(cookies))).status).toBe(201);
    const gpc = leepeemReceipt({
      subject,
      age: undefined,
      method: 'gpc',
      signals: { gpc: true, decidedAt: '2026-11-22T09:29:59.000Z' },
      choices: { categories: { necessary: true, analytics: true, marketing: false }, channels: {} },
    });
    expect((await app.request('/v1/receipts', postJson(gpc))).status).toBe(201);
    // …but cannot turn on what was off without the age answer.
    const other = 'v_gpc_turns_on_0001';
    const off = leepeemReceipt({
      subject: other,
      age: undefined,
      action: 'reject_all',
      choices: { categories: { necessary: true, analytics: false, marketing: false }, channels: {} },
    });
    expect((await app.request('/v1/receipts', postJson(off))).status).toBe(201);
    const sneaky = await app.request('/v1/receipts', postJson({ ...gpc, id: crypto.randomUUID(), subject: other }));
    expect(sneaky.status).toBe(422);
    expect(await pointers(sneaky)).toContain('/age');
  });

  it('the store refuses a verification whose pending receipt stopped being the latest, in its own transaction', async () => {
    const c = await withGateway();
    const pending = await (await c.app.request('/v1/receipts', postJson(childSignup('child_race_000001')))).json();
    const withdrawal = leepeemReceipt({
      subject: 'child_race_000001',
      age: undefined,
      method: 'api',
      action: 'custom',
      choices: { channels: { email: false, sms: false, sms_night: false } },
    });
    expect((await c.app.request('/v1/receipts', postJson(withdrawal))).status).toBe(201);
    // What the route would append had its check run before the withdrawal landed.
    const {
      v: _v,
      receivedAt: _r,
      notice,
      salt,
      log: _l,
      previous: _p,
      signature: _s,
      secret: _x,
      ...request
    } = pending;
    const forged = {
      ...request,
      v: 2 as const,
      id: '01939d00-0000-7000-8000-00000000abcd',
      guardianCheck: { status: 'verified' as const, method: 'code' as const, verifies: pending.id },
      receivedAt: FIXED_NOW.toISOString(),
      notice,
      salt,
    };
    expect((await c.store.append(forged, 'x'.repeat(64))).status).toBe('conflict');
    expect((await c.store.channels('leepeem', 'child_race_000001')).email?.granted).toBe(false);
  });

  it('concurrent code requests send at most three codes per receipt', async () => {
    const c = await withGateway();
    const pending = await (await c.app.request('/v1/receipts', postJson(childSignup('child_codes_00001')))).json();
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        c.app.request(
          `/v1/guardian/${pending.id}/code`,
          postJson({ secret: pending.secret, contact: '010-1111-2222' }),
        ),
      ),
    ).then((rs) => rs.map((r) => r.status).sort());
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
    expect(c.sent).toHaveLength(3);
    // The message says what the guardian approves.
    expect(c.sent[0]).toMatchObject({ siteName: 'LEEPEEM Plastic Surgery' });
    expect((c.sent[0] as unknown as { approves: { label: string; given: boolean }[] }).approves).toContainEqual({
      label: 'Collection and use of personal information for membership',
      given: true,
    });
  });

  it('sends one contact at most five codes an hour, across receipts, however it is written', async () => {
    const c = await withGateway();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const pending = await (
        await c.app.request('/v1/receipts', postJson(childSignup(`child_flood_00000${i}`)))
      ).json();
      const res = await c.app.request(
        `/v1/guardian/${pending.id}/code`,
        postJson({ secret: pending.secret, contact: i % 2 ? '010-9999-8888' : '+82 10 9999 8888' }),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(c.sent).toHaveLength(5);
    // The gateway gets the number as it was given.
    expect(c.sent.map((s) => s.contact)).toContain('+82 10 9999 8888');
    c.later(61 * 60_000);
    const later = await (await c.app.request('/v1/receipts', postJson(childSignup('child_flood_000009')))).json();
    const res = await c.app.request(
      `/v1/guardian/${later.id}/code`,
      postJson({ secret: later.secret, contact: '01099998888' }),
    );
    expect(res.status).toBe(202);
  });

  it('keeps the contact for the officer when the site has no gateway, and records only its keyed hash', async () => {
    const { app, deps } = await makeCollector();
    const pending = await (await app.request('/v1/receipts', postJson(childSignup('child_nogate_0001')))).json();
    const res = await app.request(
      `/v1/guardian/${pending.id}/code`,
      postJson({ secret: pending.secret, contact: '+82 10-3333-4444' }),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).type).toMatch(/no-code-gateway$/);
    expect(await deps.guardians!.contactOf(pending.id)).toBe('+82 10-3333-4444');
    const { recordVerification } = await import('../../server/guardians/guardian-verification');
    const { guardianDeps } = await import('../../server/guardians/guardian-deps');
    const verified = await recordVerification(guardianDeps(deps)!, pending.id, 'phone', {
      staffId: 'Lee',
      tokenId: 't1',
    });
    // The same number written as 010-3333-4444 hashes the same; the number itself is gone.
    expect(verified.guardian?.contactKey).toBe(deps.keys.lookupHash('leepeem', 'phone:+821033334444'));
    expect(await deps.guardians!.contactOf(pending.id)).toBeNull();
    const claimed = await app.request(
      '/v1/receipts',
      postJson({
        ...childSignup('child_nogate_0002'),
        guardian: { name: 'Park', contactKey: verified.guardian!.contactKey },
      }),
    );
    expect(await pointers(claimed)).toContain('/guardian/contactKey');
  });

  it('exports call a pending child’s consent pending, not given', async () => {
    const { app } = await makeCollector();
    const pending = await (await app.request('/v1/receipts', postJson(childSignup('child_export_0001')))).json();
    const kantara = await (
      await app.request(`/v1/receipts/${pending.id}?secret=${pending.secret}&format=kantara`)
    ).json();
    const member = kantara.services[0].purposes.find(
      (p: { purposeCategory: string[] }) => p.purposeCategory[0] === 'collection:member',
    );
    expect(member).toMatchObject({ consentGiven: false, termination: 'pending: the guardian is not verified yet' });
    const iso = await (await app.request(`/v1/receipts/${pending.id}?secret=${pending.secret}&format=iso27560`)).json();
    expect(iso.processing.find((p: { purpose_id: string }) => p.purpose_id === 'member').consent.state).toBe('pending');
  });
});
