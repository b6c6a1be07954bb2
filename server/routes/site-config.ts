import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { siteCors } from '../middleware/site-cors';
import { bannerPainter, PAINT_REASONS } from './banner-paint';
import { encode, sendEncoded, type Encoded } from './encoded-body';

/**
 * The public part of a site config, for the widget, revalidated by ETag so a config change reaches visitors soon;
 * and the banner's first paint in a language, rendered here from the same component as the UI's (one request
 * paints it; the UI loads afterwards and adopts it).
 */
export function siteConfigRoutes({ sites, widget, clock }: AppDeps) {
  const app = new Hono();
  const site = (id: string) => {
    const s = sites.get(id);
    if (!s) throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${id}" on this collector.`);
    return s;
  };
  app.use(
    '/:site/*',
    siteCors((origin, c) => sites.get(c.req.param('site') ?? '')?.origins.has(origin) ?? false, 'GET'),
  );
  app.get('/:site/config', (c) => {
    const { revision, publicJson } = site(c.req.param('site'));
    const etag = `"${revision}"`;
    const headers = { ETag: etag, 'Cache-Control': 'public, max-age=60, stale-while-revalidate=600' };
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
    return c.body(publicJson, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  });

  const paint = widget?.prerender && bannerPainter(widget.prerender, clock);
  const encoded = new Map<string, Encoded>();
  app.get('/:site/banner', (c) => {
    const s = site(c.req.param('site'));
    if (!paint) throw new ProblemError(404, 'not-found', 'Not Found', 'This collector has no banner renderer.');
    const lang = c.req.query('lang') ?? '';
    if (!s.config.languages.includes(lang))
      throw new ProblemError(
        400,
        'bad-request',
        'Bad Request',
        `lang must be one of ${s.config.languages.join(', ')}.`,
      );
    const reason = c.req.query('reason');
    if (reason !== undefined && !PAINT_REASONS.has(reason))
      throw new ProblemError(
        400,
        'bad-request',
        'Bad Request',
        `reason must be one of ${[...PAINT_REASONS].join(', ')}.`,
      );
    const { paint: p, key } = paint(s, lang, reason, c.req.query('gpc') === '1');
    let body = encoded.get(key);
    if (!body) {
      if (encoded.size >= 500) encoded.clear();
      encoded.set(key, (body = encode(JSON.stringify(p), 'application/json; charset=utf-8')));
    }
    // Short-lived: the day's notice (a coming version) and the config's revision are in it.
    return sendEncoded(c, body, { 'Cache-Control': 'public, max-age=300' });
  });
  return app;
}
