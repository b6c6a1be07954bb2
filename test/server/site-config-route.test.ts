import { describe, expect, it } from 'vitest';
import { makeCollector } from '../helpers/collector';

describe('GET /v1/sites/:site/config', () => {
  it('serves the public config with an ETag and caching headers', async () => {
    const { app, sites } = await makeCollector();
    const res = await app.request('/v1/sites/leepeem/config');
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toBe(`"${sites.get('leepeem')!.revision}"`);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const body = await res.json();
    expect(body.id).toBe('leepeem');
    expect(body.revision).toBe(sites.get('leepeem')!.revision);
    expect(body.policies.map((p: { id: string }) => p.id)).toEqual(['2025-02', '2027-01']);
    expect(body).not.toHaveProperty('origins');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { app } = await makeCollector();
    const etag = (await app.request('/v1/sites/liv/config')).headers.get('etag')!;
    const res = await app.request('/v1/sites/liv/config', { headers: { 'if-none-match': `W/"x", ${etag}` } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect((await app.request('/v1/sites/liv/config', { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it('gives each config change a new revision', async () => {
    const a = await makeCollector();
    const { demoConfigs } = await import('../helpers/collector');
    const changed = demoConfigs().map((c) =>
      c.id === 'liv' ? { ...c, lifetimes: { ...c.lifetimes, consentDays: 180 } } : c,
    );
    const b = await makeCollector({ configs: changed });
    expect(a.sites.get('liv')!.revision).not.toBe(b.sites.get('liv')!.revision);
    expect(a.sites.get('leepeem')!.revision).toBe(b.sites.get('leepeem')!.revision);
  });

  it("allows CORS only for that site's origins", async () => {
    const { app } = await makeCollector();
    const ok = await app.request('/v1/sites/liv/config', { headers: { origin: 'http://127.0.0.1:8787' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8787');
    const evil = await app.request('/v1/sites/liv/config', { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
  });

  it('is 404 for an unknown site', async () => {
    const { app } = await makeCollector();
    const res = await app.request('/v1/sites/nobody/config');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
