import { Hono } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { CollectorMetrics } from '../metrics/collector-metrics';
import { ProblemError } from '../middleware/problem';

/** `GET /metrics` — Prometheus' text format; with ASSENT_METRICS_TOKEN set, only for `Authorization: Bearer <it>`. */
export function metricsRoutes(metrics: CollectorMetrics, token?: string) {
  const app = new Hono();
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  app.get('/metrics', async (c) => {
    if (expected) {
      const given = Buffer.from(c.req.header('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new ProblemError(401, 'unauthorized', 'Unauthorized', 'Send the metrics token as a bearer token.', [], {
          'WWW-Authenticate': 'Bearer',
        });
    }
    return c.body(await metrics.registry.metrics(), 200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
