import { Hono } from 'hono';
import { VIEW_ID } from '../../protocol';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import { siteCors } from '../middleware/site-cors';

/**
 * `POST /v1/sites/:site/shown?policy=…&view=…` — the widget says it showed the banner, for the dashboard's
 * "banners shown vs answered". No body, no cookie, no subject: a simple CORS request that adds one view, named by
 * the random id the decision answering it will carry.
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
      const view = c.req.query('view');
      if (view !== undefined && !VIEW_ID.test(view))
        throw new ProblemError(
          422,
          'invalid-query',
          'Unprocessable Content',
          'view must be the 16-character id the widget made',
          [{ path: ['view'], message: 'not a view id' }],
        );
      bannerViews?.add(site.config.id, policy, view);
      return c.body(null, 204);
    },
  );
  return app;
}
