import { Hono } from 'hono';
import { siteConfigJsonSchema } from '../sites/site-config-json-schema';

/**
 * `GET /schemas/site-config.json` — the JSON Schema of a site config, for an editor to complete and check a
 * clinic's config as it is typed (`"$schema": "https://<collector>/schemas/site-config.json"`).
 */
export function schemaRoutes() {
  const app = new Hono();
  const body = JSON.stringify(siteConfigJsonSchema());
  app.get('/schemas/site-config.json', (c) =>
    c.body(body, 200, {
      'Content-Type': 'application/schema+json; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'Access-Control-Allow-Origin': '*',
    }),
  );
  return app;
}
