import { describe, expect, it } from 'vitest';
import { ScanBusy, createSiteScanner, type SiteScanner } from '../../server/scan/site-scanner';
import { createStaffToken } from '../../server/store/staff-tokens';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { FIXED_NOW, makeCollector, postJson } from '../helpers/collector';

/** A collector with a staff token for LEEPEEM, and its scan route called as the dashboard calls it. */
async function setup(overrides: Parameters<typeof makeCollector>[0] = {}) {
  const c = await makeCollector(overrides);
  const { db } = await openSqliteDatabase(c.dbPath);
  const { token } = await createStaffToken(db, 'Lee Young-woo', ['leepeem'], FIXED_NOW);
  await db.destroy();
  const scan = async (site: string, body: unknown) => {
    const init = postJson(body, { authorization: `Bearer ${token}` });
    const res = await c.app.request(`/v1/staff/scans?site=${site}`, init);
    return { status: res.status, headers: res.headers, body: (await res.json()) as { detail?: string } };
  };
  const accessLog = async () => {
    const res = await c.app.request('/v1/staff/access-log?site=leepeem', {
      headers: { authorization: `Bearer ${token}` },
    });
    return ((await res.json()) as { entries: { route: string; query?: Record<string, string> }[] }).entries;
  };
  return { ...c, scan, accessLog };
}

describe('the staff scan route', () => {
  it('visits only the site’s own pages, a few at most, and only for staff of that site', async () => {
    const { scan } = await setup();
    const refused = async (body: unknown, status: number, detail: RegExp) => {
      const res = await scan('leepeem', body);
      expect(res.status).toBe(status);
      expect(res.body.detail).toMatch(detail);
    };
    await refused({ url: 'https://example.org/' }, 422, /url must be a page of the site: on http:\/\/localhost:8787/);
    // The origin's scheme and port too: the site's host name on another port is another server.
    await refused({ url: 'http://localhost:9090/' }, 422, /url must be a page of the site/);
    await refused({ url: 'https://localhost:8787/' }, 422, /url must be a page of the site/);
    await refused({ url: 'http://user:pw@localhost:8787/' }, 422, /url must not carry a user name or password/);
    await refused({ url: ['http://localhost:8787/'] }, 422, /url must be the address of a page of the site/);
    await refused({ url: 'http://localhost:8787/', pages: null }, 422, /pages must be a whole number/);
    await refused({ url: 'http://169.254.169.254/latest/meta-data/' }, 422, /url must be a page of the site/);
    await refused({ url: 'file:///etc/passwd' }, 422, /url must be a page of the site/);
    await refused({ url: 'not a url' }, 422, /url must be the address of a page of the site/);
    await refused({ url: 'http://localhost:8787/', pages: 50 }, 422, /pages must be a whole number from 1 to 10/);
    expect((await scan('liv', { url: 'http://localhost:8787/' })).status).toBe(403);
  });

  it('hands the scanner the site’s origins and the request’s signal; logs the page scanned without its query', async () => {
    const calls: { url: string; origins: string[]; signal?: AbortSignal }[] = [];
    const { scan, accessLog } = await setup({
      scanner: async (url, opts) => {
        calls.push({ url, origins: opts.origins, signal: opts.signal });
        return { url, loader: 'http://localhost:8787/assent.js?site=leepeem', pages: [url], items: [], requests: [] };
      },
    });
    const res = await scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/?patient=010-1234-5678' });
    expect(res.status).toBe(200);
    expect(calls[0]!.origins).toContain('http://localhost:8787');
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
    const entry = (await accessLog()).find((e) => e.route.endsWith('/scans'))!;
    expect(entry.query?.url).toBe('http://localhost:8787/demo/leepeem/');
    expect(JSON.stringify(entry)).not.toContain('010-1234-5678');
  });

  it('answers 429 with Retry-After while another scan runs, and 422 when the page loads another site', async () => {
    let release = () => {};
    const { scan } = await setup({
      scanner: createBusyAware(() => new Promise<void>((r) => (release = r))),
    });
    const first = scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/' });
    await new Promise((r) => setTimeout(r, 20));
    const second = await scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    release();
    const done = await first;
    expect(done.status).toBe(422);
    expect(done.body.detail).toMatch(/loads Assent for another site, not "leepeem"/);
  });

  it('answers 503 on a collector that cannot scan, with the reason', async () => {
    const { scan } = await setup();
    const res = await scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/' });
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe('This collector cannot scan.');
    // Its scanner, on a machine without Chromium: how to install it.
    const bare = await setup({ scanner: createSiteScanner('/nonexistent/chromium') });
    const told = await bare.scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/' });
    expect(told.status).toBe(503);
    expect(told.body.detail).toBe(
      "no Chromium at /nonexistent/chromium: install Debian's (apt-get install chromium) or point CHROMIUM_PATH at one",
    );
  });
});

/** A scanner that runs one scan at a time like the real one, waiting on `hold`, and finds the Liv site's script. */
function createBusyAware(hold: () => Promise<void>): SiteScanner {
  let busy = false;
  return async (url) => {
    if (busy) throw new ScanBusy('another scan is running: try again when it has finished');
    busy = true;
    try {
      await hold();
      return { url, loader: 'http://localhost:8787/assent.js?site=liv', pages: [url], items: [], requests: [] };
    } finally {
      busy = false;
    }
  };
}
