import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeCollector } from '../helpers/collector';

const widget = {
  loader: 'console.log("loader")',
  assets: new Map([['assets/assent-ui-abc123.js', new TextEncoder().encode('export const ui = 1;')]]),
  manifest: {
    loader: 'assent.js',
    stage2: 'assets/assent-stage2-x.js',
    ui: 'assets/assent-ui-abc123.js',
    forms: 'assets/assent-forms-z.js',
    strings: { en: 'assets/assent-en-y.js' },
  },
};

describe('widget files', () => {
  it("serves /assent.js with every site's decision table in front, revalidated by ETag", async () => {
    const { app, sites } = await makeCollector({ widget });
    const res = await app.request('/assent.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const body = await res.text();
    expect(body.endsWith('console.log("loader")')).toBe(true);
    // V8's compile hint comes first (it only counts on the first line).
    expect(body.startsWith('//# allFunctionsCalledOnLoad\nself.__assentSites=')).toBe(true);
    const table = JSON.parse(
      body.slice(
        body.indexOf('self.__assentSites=') + 'self.__assentSites='.length,
        body.indexOf(';self.__assentRegimes='),
      ),
    );
    // Set even when no site sets regimes, so nothing the page wrote before can stand in for it.
    expect(body).toContain(';self.__assentRegimes={};self.__assentFiles=');
    const files = JSON.parse(
      body.slice(body.indexOf(';self.__assentFiles=') + ';self.__assentFiles='.length, body.indexOf(';\n')),
    );
    expect(files).toEqual({
      stage2: 'assets/assent-stage2-x.js',
      ui: 'assets/assent-ui-abc123.js',
      forms: 'assets/assent-forms-z.js',
      strings: { en: 'assets/assent-en-y.js' },
      shared: [],
    });
    expect(Object.keys(table)).toEqual(['leepeem', 'liv']);
    expect(table.leepeem).toMatchObject({
      revision: sites.get('leepeem')!.revision,
      policies: [
        ['2025-02', '2025-02-01', '2025-02-01'],
        ['2027-01', '2026-11-20', '2027-06-01'],
      ],
      channels: [{ id: 'email' }, { id: 'sms' }, { id: 'sms_night', refines: 'sms' }],
      children: true,
    });
    expect(table.leepeem.categories[2]).toEqual({
      id: 'marketing',
      required: false,
      consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
      cookies: ['demo_ads_id', 'demo_ads_*'],
    });
    expect(body).not.toContain('origins');
    const again = await app.request('/assent.js', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('compresses with brotli or gzip when asked', async () => {
    const { app } = await makeCollector({ widget });
    const br = await app.request('/assent.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toContain('console.log("loader")');
    const gz = await app.request('/assent.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('serves hashed assets as immutable, with CORS for module loading, and 404 for anything else', async () => {
    const { app } = await makeCollector({ widget });
    const res = await app.request('/assets/assent-ui-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe('export const ui = 1;');
    for (const path of ['/assets/nope.js', '/assets/..%2Fpackage.json', '/assets/'])
      expect((await app.request(path)).status).toBe(404);
  });
});
