import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';

/** `/healthz`: the process answers. `/readyz`: the store answers too, so a load balancer can route around it. */
export function healthRoutes({ store }: AppDeps) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await store.ping();
    } catch {
      throw new ProblemError(503, 'not-ready', 'Service Unavailable', 'The receipt store does not answer.', [], {
        'Retry-After': '5',
      });
    }
    return c.json({ status: 'ready' });
  });
  return app;
}
