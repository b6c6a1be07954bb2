import { describe, expect, it } from 'vitest';
import type { ReceiptRequest, SiteConfig, StoredReceipt } from '../../protocol';
import { SiteRegistry } from '../../server/sites/site-registry';
import { readSettings } from '../../server/env';
import { consentPurposes } from '../../server/proof/consent-purposes';
import { toKantara } from '../../server/proof/kantara';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { verifyDatabase } from '../../server/proof/verify-log';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { FIXED_NOW, demoConfigs, testKeyRing, leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

const widget = {
  loader: 'console.log("loader")',
  assets: new Map<string, Uint8Array>(),
  manifest: { loader: 'assent.js', stage2: 's.js', ui: 'u.js', forms: 'f.js', strings: { en: 'en.js' } },
};
const CLOUDFLARE = ['cf-ipcountry', 'cf-region-code'] as const;
/** Liv with patients from abroad: the banner for Korea, the EEA and the UK, an opt-out for the United States. */
const configs = demoConfigs().map((c): SiteConfig =>
  c.id === 'liv' ? { ...c, regimes: { KR: 'opt-in', EEA: 'opt-in', GB: 'opt-in', US: 'opt-out', '*': 'opt-in' } } : c,
);
const livRevision = new SiteRegistry(configs).get('liv')!.revision;
const from = (country: string, region?: string): Record<string, string> => ({
  'cf-ipcountry': country,
  ...(region ? { 'cf-region-code': region } : {}),
});
/** The regimes `/assent.js` put in front of the loader for this visitor. */
const regimesIn = (body: string) => {
  const m = /self\.__assentRegimes=(\{[^;]*\});/.exec(body);
  return m ? (JSON.parse(m[1]!) as Record<string, string>) : undefined;
};
/** Liv's cookie decision, from the banner or the opt-out link. */
const livCookies = (o: Partial<ReceiptRequest> = {}, regime?: string) =>
  leepeemReceipt({
    site: 'liv',
    policy: '2025-04',
    configRevision: livRevision,
    choices: { categories: { necessary: true, analytics: true, marketing: false }, channels: {} },
    ...o,
    signals: {
      gpc: false,
      decidedAt: '2026-11-22T09:29:58.000Z',
      ...(regime ? { regime: regime as never } : {}),
      ...o.signals,
    },
  });

describe('regimes: the loader', () => {
  it('gives Liv opt-in in Korea and Germany, opt-out in California, opt-in when the place is unknown', async () => {
    const { app } = await makeCollector({ widget, geo: CLOUDFLARE, configs });
    const regime = async (headers: Record<string, string>) => {
      const res = await app.request('/assent.js?site=liv', { headers });
      expect(res.headers.get('vary')).toBe('Accept-Encoding, cf-ipcountry, cf-region-code');
      expect(res.headers.get('cache-control')).toBe('private, max-age=300, must-revalidate');
      return regimesIn(await res.text());
    };
    expect(await regime(from('KR'))).toEqual({ liv: 'opt-in' });
    expect(await regime(from('DE'))).toEqual({ liv: 'opt-in' });
    expect(await regime(from('US', 'CA'))).toEqual({ liv: 'opt-out' });
    expect(await regime({})).toEqual({ liv: 'opt-in' });
    // Cloudflare's "unknown" and "Tor" are no country; a malformed header is none either.
    expect(await regime(from('XX'))).toEqual({ liv: 'opt-in' });
    expect(await regime(from('T1'))).toEqual({ liv: 'opt-in' });
    expect(await regime(from('U$', 'CA'))).toEqual({ liv: 'opt-in' });
    // The loader of every site carries the regimes of those that set them.
    const all = await app.request('/assent.js', { headers: from('US', 'TX') });
    expect(regimesIn(await all.text())).toEqual({ liv: 'opt-out' });
  });

  it('ignores the headers when the operator did not name a CDN, and a site without regimes gets none', async () => {
    const { app } = await makeCollector({ widget, configs });
    const res = await app.request('/assent.js?site=liv', { headers: from('US', 'CA') });
    expect(regimesIn(await res.text())).toEqual({ liv: 'opt-in' });
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const leepeem = await (
      await makeCollector({ widget, geo: CLOUDFLARE, configs })
    ).app.request('/assent.js?site=leepeem', { headers: from('US', 'CA') });
    expect(regimesIn(await leepeem.text())).toEqual({});
    expect(leepeem.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
  });

  it('reads ASSENT_GEO: the known CDNs, a header of your own, and a clear error otherwise', () => {
    const geo = (v: string) => readSettings({ ASSENT_GEO: v }, '/tmp').geoHeaders;
    expect(geo('cloudflare')).toEqual(['cf-ipcountry', 'cf-region-code']);
    expect(geo('cloudfront')).toEqual(['cloudfront-viewer-country', 'cloudfront-viewer-country-region']);
    expect(geo('header:X-Country')).toEqual(['x-country', undefined]);
    expect(geo('header:X-Country,X-Region')).toEqual(['x-country', 'x-region']);
    expect(readSettings({}, '/tmp').geoHeaders).toBeUndefined();
    expect(() => geo('akamai')).toThrow(
      'ASSENT_GEO must be one of cloudflare, cloudfront, vercel, app-engine or header:Country-Header[,Region-Header] (got "akamai")',
    );
  });
});

describe('regimes: receipts', () => {
  it('record the regime the widget applied and the country the CDN said, in the signed record', async () => {
    const { app } = await makeCollector({ geo: CLOUDFLARE, configs });
    const gpc = livCookies(
      {
        method: 'gpc',
        choices: { categories: { necessary: true, analytics: true, marketing: false }, channels: {} },
        signals: { gpc: true, decidedAt: '2026-11-22T09:29:58.000Z', regime: 'opt-out' },
      },
      'opt-out',
    );
    const res = await app.request('/v1/receipts', postJson(gpc, from('US', 'CA')));
    expect(res.status, await res.clone().text()).toBe(201);
    const stored = (await res.json()) as { country?: string; signals: { regime?: string }; ip?: string };
    expect(stored.country).toBe('US-CA');
    expect(stored.signals.regime).toBe('opt-out');
    expect(stored.ip).toBeUndefined();
    // Exported, the analytics left on is no consent: the visitor did not object, under an opt-out regime.
    const purposes = consentPurposes(
      stored as StoredReceipt,
      configs.find((c) => c.id === 'liv'),
    );
    expect(purposes.find((p) => p.id === 'analytics')).toMatchObject({ basis: 'opt-out', given: true });
    const kantara = toKantara(
      stored as StoredReceipt,
      configs.find((c) => c.id === 'liv'),
    );
    const analytics = kantara.services[0]!.purposes.find((p) => p.purposeCategory[0] === 'analytics');
    expect(analytics).toMatchObject({ consentType: 'NOT_REQUIRED (opt-out)', consentGiven: false });
    // A replay from elsewhere is the same receipt, with the country it was first recorded with.
    const again = await app.request('/v1/receipts', postJson(gpc, from('KR')));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { country: string }).country).toBe('US-CA');
  });

  it('erase the country with the person, and the log still verifies', async () => {
    const c = await makeCollector({ geo: CLOUDFLARE, configs });
    const subject = 'visitor_Irvine_7QxW2m';
    const res = await c.app.request('/v1/receipts', postJson(livCookies({ subject }, 'opt-out'), from('US', 'CA')));
    expect(((await res.json()) as { country: string }).country).toBe('US-CA');
    const { db } = await openSqliteDatabase(c.dbPath);
    const { token } = await createStaffToken(db, 'Officer', ['liv'], FIXED_NOW);
    await db.destroy();
    const erased = await c.app.request(`/v1/staff/subjects/${subject}/erase?site=liv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await erased.json()).toMatchObject({ erased: 1 });
    const store = c.store as KyselyReceiptStore;
    const rows = await store.db.selectFrom('receipts').select('record').execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(String(rows[0]!.record))).not.toHaveProperty('country');
    expect(await verifyDatabase(store.db, (await testKeyRing()).ring.jwks)).toMatchObject({ ok: true });
  });

  it('record no country for a site that sets no regimes, nor when the collector is not told', async () => {
    const told = await makeCollector({ geo: CLOUDFLARE, configs });
    const leepeem = await told.app.request('/v1/receipts', postJson(leepeemReceipt(), from('KR')));
    expect(leepeem.status).toBe(201);
    expect((await leepeem.json()) as object).not.toHaveProperty('country');
    const untold = await makeCollector({ configs });
    const liv = await untold.app.request('/v1/receipts', postJson(livCookies({}, 'opt-in'), from('US', 'CA')));
    expect(liv.status).toBe(201);
    expect((await liv.json()) as object).not.toHaveProperty('country');
  });

  it('refuse a regime the site cannot give anyone, and a regime on a staff-recorded decision', async () => {
    const { app, dbPath } = await makeCollector({ geo: CLOUDFLARE, configs });
    const refused = async (body: ReceiptRequest, detail: string) => {
      const res = await app.request('/v1/receipts', postJson(body, from('US', 'CA')));
      expect(res.status).toBe(422);
      const errors = ((await res.json()) as { errors: { pointer: string; detail: string }[] }).errors;
      expect(errors).toContainEqual({ pointer: '/signals/regime', detail });
    };
    await refused(livCookies({}, 'notice'), 'is not how this site asks anyone (its regimes: opt-in, opt-out)');
    await refused(
      livCookies({}),
      'is required on a site that sets regimes: how the widget asked (opt-in, opt-out, notice)',
    );
    await refused(
      leepeemReceipt({ signals: { gpc: false, decidedAt: '2026-11-22T09:29:58.000Z', regime: 'opt-out' } }),
      'is not how this site asks anyone (its regimes: opt-in)',
    );
    const schema = await app.request('/v1/receipts', postJson(livCookies({}, 'opt_out'), from('US', 'CA')));
    expect(schema.status).toBe(422);
    // Staff record a phone call or a letter: no widget asked anything.
    const { db } = await openSqliteDatabase(dbPath);
    const { token } = await createStaffToken(db, 'Kim Soo-young', ['liv'], FIXED_NOW);
    await db.destroy();
    const call = { ...livCookies({ method: 'staff-phone' }, 'opt-out'), staffId: 'x' };
    const res = await app.request('/v1/staff/receipts', {
      ...postJson(call),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: object[] }).errors).toContainEqual({
      pointer: '/signals/regime',
      detail: "is how the visitor's widget asked: staff record decisions made outside it",
    });
  });
});
