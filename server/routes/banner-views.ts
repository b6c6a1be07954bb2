import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import { siteCors } from '../middleware/site-cors';

/**
 * `POST /v1/sites/:site/shown?policy=…` — the widget says it showed the banner, for the dashboard's "banners
 * shown vs decisions". No body, no cookie, no subject: a simple CORS request that only adds one to a count.
 */
export function bannerViewRoutes(deps: AppDeps) {
  const { sites, bannerViews } = deps;
  const app = new Hono();
  app.use(
    '/:site/shown',
    siteCors((origin, c) => sites.get(c.req.param('site') ?? '')?.origins.has(origin) ?? false, 'POST'),
  );
  app.post(
    '/:site/shown',
    rateLimit({ ...deps.rateLimit, clientKey: (c) => `shown:${deps.clientIp(c) ?? 'unknown'}` }),
    (c) => {
      const site = sites.get(c.req.param('site'));
      if (!site)
        throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${c.req.param('site')}" on this collector.`);
      const policy = c.req.query('policy');
      if (!policy || !site.config.policies.some((p) => p.id === policy)) {
        throw new ProblemError(
          422,
          'invalid-query',
          'Unprocessable Content',
          `policy must be one of site "${site.config.id}"'s policy versions`,
          [{ path: ['policy'], message: 'unknown policy version' }],
        );
      }
      bannerViews?.add(site.config.id, policy);
      return c.body(null, 204);
    },
  );
  return app;
}
