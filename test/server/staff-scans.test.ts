import { describe, expect, it } from 'vitest';
import { createSiteScanner } from '../../server/scan/site-scanner';
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
    return { status: res.status, body: (await res.json()) as { detail?: string } };
  };
  return { ...c, scan };
}

describe('the staff scan route', () => {
  it('visits only the site’s own pages, a few at most, and only for staff of that site', async () => {
    const { scan } = await setup();
    const refused = async (body: unknown, status: number, detail: RegExp) => {
      const res = await scan('leepeem', body);
      expect(res.status).toBe(status);
      expect(res.body.detail).toMatch(detail);
    };
    await refused({ url: 'https://example.org/' }, 422, /url must be a page of the site: its host one of localhost/);
    await refused({ url: 'http://169.254.169.254/latest/meta-data/' }, 422, /url must be a page of the site/);
    await refused({ url: 'file:///etc/passwd' }, 422, /url must be a page of the site/);
    await refused({ url: 'not a url' }, 422, /url must be the address of a page of the site/);
    await refused({ url: 'http://localhost:8787/', pages: 50 }, 422, /pages must be a whole number from 1 to 10/);
    expect((await scan('liv', { url: 'http://localhost:8787/' })).status).toBe(403);
  });

  it('answers 503 on a collector that cannot scan, with the reason', async () => {
    const { scan } = await setup();
    const res = await scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/' });
    expect(res).toEqual({ status: 503, body: expect.objectContaining({ detail: 'This collector cannot scan.' }) });
    // Its scanner, on a machine without Chromium: how to install it.
    const bare = await setup({ scanner: createSiteScanner('/nonexistent/chromium') });
    const told = await bare.scan('leepeem', { url: 'http://localhost:8787/demo/leepeem/' });
    expect(told.status).toBe(503);
    expect(told.body.detail).toBe(
      "no Chromium at /nonexistent/chromium: install Debian's (apt-get install chromium) or point CHROMIUM_PATH at one",
    );
  });
});
