import { Hono } from 'hono';
import { toPublicConfig, type StaffScan } from '../../../protocol';
import { readJsonBody } from '../../middleware/json-body';
import { ProblemError } from '../../middleware/problem';
import { scanFindings } from '../../scan/scan-findings';
import { NoChromium, ScanError, parseUrl } from '../../scan/scan-site';
import { ScanBusy } from '../../scan/site-scanner';
import { siteOf, type StaffDeps, type StaffEnv } from './context';

const invalid = (field: string, message: string) =>
  new ProblemError(422, 'invalid-request', 'Unprocessable Content', `${field} ${message}.`, [
    { path: [field], message },
  ]);

/**
 * `POST /v1/staff/scans?site=…` `{ url, pages? }`: the dashboard's `assent scan` of one of the site's own pages (its
 * host must be one of the site's origins': the collector visits nothing else), measured against the config the
 * collector serves. Nothing is stored; the call is in the access log like every other.
 */
export function staffScanRoutes(deps: StaffDeps) {
  const app = new Hono<StaffEnv>();
  app.post('/scans', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const body = ((await readJsonBody(c)) ?? {}) as Record<string, unknown>;
    // The page's origin — scheme, host and port — must be one of the site's: the collector visits nothing else.
    const origins = [...new Set(site.config.origins.map((o) => new URL(o).origin))];
    const url = typeof body.url === 'string' ? parseUrl(body.url) : undefined;
    if (!url) throw invalid('url', 'must be the address of a page of the site (https://…)');
    if (!origins.includes(url.origin)) throw invalid('url', `must be a page of the site: on ${origins.join(', ')}`);
    if (url.username || url.password) throw invalid('url', 'must not carry a user name or password');
    const pages = body.pages === undefined ? 3 : body.pages;
    if (!Number.isInteger(pages) || (pages as number) < 1 || (pages as number) > 10)
      throw invalid('pages', 'must be a whole number from 1 to 10');
    if (!deps.scanner) throw new ProblemError(503, 'no-scanner', 'Service Unavailable', 'This collector cannot scan.');
    // In the access log: which page was scanned (its address without the query, which is the visitor's business).
    c.get('touched').scanned = `${url.origin}${url.pathname}`;
    const config = toPublicConfig(site.config, site.revision);
    const observations = await deps
      .scanner(url.href, {
        pages: pages as number,
        origins,
        signal: c.req.raw.signal,
        answerFor: async () => (config.children.enabled ? { age: 'adult' } : undefined),
      })
      .catch((e: unknown) => {
        if (e instanceof NoChromium) throw new ProblemError(503, 'no-scanner', 'Service Unavailable', e.message);
        if (e instanceof ScanBusy)
          throw new ProblemError(429, 'scan-running', 'Too Many Requests', e.message, [], { 'Retry-After': '60' });
        if (e instanceof ScanError) throw new ProblemError(422, 'scan-failed', 'Unprocessable Content', e.message);
        throw e;
      });
    const named = parseUrl(observations.loader)?.searchParams.get('site');
    if (named !== site.config.id)
      throw new ProblemError(
        422,
        'scan-failed',
        'Unprocessable Content',
        `${url.href} loads Assent for another site, not "${site.config.id}"`,
      );
    const { rows, findings } = scanFindings(observations, config);
    return c.json({
      url: url.href,
      site: site.config.id,
      pages: observations.pages,
      scannedAt: deps.clock.now().toISOString(),
      seen: rows,
      findings,
    } satisfies StaffScan);
  });
  return app;
}
