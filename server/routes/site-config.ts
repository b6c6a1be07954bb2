import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { siteCors } from '../middleware/site-cors';

/** The public part of a site config, for the widget; revalidated by ETag so a config change reaches visitors soon. */
export function siteConfigRoutes({ sites }: AppDeps) {
  const app = new Hono();
  app.use(
    '/:site/*',
    siteCors((origin, c) => sites.get(c.req.param('site') ?? '')?.origins.has(origin) ?? false, 'GET'),
  );
  app.get('/:site/config', (c) => {
    const site = sites.get(c.req.param('site'));
    if (!site)
      throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${c.req.param('site')}" on this collector.`);
    const etag = `"${site.revision}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=60, stale-while-revalidate=600' };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(site.publicJson, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  });
  return app;
}
