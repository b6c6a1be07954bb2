import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedArgs, isPublicAddress, startEgressGuard } from '../../server/scan/egress-guard';
import { ScanError, launchChromium, scanSite } from '../../server/scan/scan-site';
import { createSiteScanner } from '../../server/scan/site-scanner';

/** A server on loopback that records the paths asked of it. */
async function recorder(
  handler: (path: string) => { status: number; headers?: Record<string, string>; body?: string },
) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const a = handler(req.url ?? '');
    res.writeHead(a.status, { 'content-type': 'text/html', ...a.headers }).end(a.body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { hits, port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(r)) };
}

// The collector's network, as the site under scan would like to reach it: a second server on loopback, not one of
// the site's origins. The site's page points at it every way a page can.
let inner: Awaited<ReturnType<typeof recorder>>;
let site: Awaited<ReturnType<typeof recorder>>;
beforeAll(async () => {
  inner = await recorder(() => ({ status: 200, body: 'internal' }));
  const target = `http://127.0.0.1:${inner.port}`;
  site = await recorder((path) =>
    path === '/go'
      ? { status: 302, headers: { location: `${target}/redirect` } }
      : {
          status: 200,
          body: `<!doctype html><title>Clinic</title><img src="${target}/img">
<script>fetch('${target}/fetch').catch(() => {});</script><a href="/go">Book</a>
<iframe src="${target}/frame"></iframe>`,
        },
  );
});
afterAll(async () => {
  await inner?.close();
  await site?.close();
});

describe('the scan’s egress guard', () => {
  it('knows which addresses are public', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0'])
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    for (const a of ['::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not an address'])
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect([a, isPublicAddress(a)]).toEqual([a, true]);
  });

  it('without the guard, the page reaches the collector’s network (the attack the guard stops)', async () => {
    const browser = await launchChromium();
    try {
      await expect(scanSite(browser, `http://localhost:${site.port}/`, { timeoutMs: 5000 })).rejects.toThrow(ScanError);
    } finally {
      await browser.close();
    }
    expect(inner.hits.length).toBeGreaterThan(0);
    inner.hits.length = 0;
  });

  it('the dashboard’s scanner reaches the site’s own origin only: no image, fetch, frame or redirect gets inside', async () => {
    const scanner = createSiteScanner(undefined, 60_000);
    const origin = `http://localhost:${site.port}`;
    const before = site.hits.length;
    await expect(
      scanner(`${origin}/`, { pages: 3, origins: [origin], answerFor: async () => undefined }),
    ).rejects.toThrow(/no Assent script/);
    expect(site.hits.length).toBeGreaterThan(before); // the site itself was scanned
    expect(inner.hits).toEqual([]);
  });

  it('refuses a host that resolves inside, even one the page names by a public-looking name', async () => {
    const guard = await startEgressGuard([`http://localhost:${site.port}`]);
    const browser = await launchChromium(undefined, guardedArgs(guard));
    try {
      const page = await browser.newPage();
      // localhost on another port than the origin's: the same machine, another service.
      const res = await page.goto(`http://localhost:${inner.port}/`).catch((e: Error) => e);
      expect(res).toBeInstanceOf(Error);
      expect(guard.blocked).toContain(`localhost:${inner.port}`);
      expect(inner.hits).toEqual([]);
    } finally {
      await browser.close();
      await guard.close();
    }
  });
});
