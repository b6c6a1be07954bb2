import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../logger';

/** One JSON line per request: id, method, route pattern (never the raw path or query), status, duration. */
export function requestLog(logger: Logger, now: () => number = performance.now.bind(performance)): MiddlewareHandler {
  return async (c, next) => {
    const start = now();
    await next();
    logger.info({
      requestId: c.get('requestId' as never),
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      ms: Math.round((now() - start) * 100) / 100,
    });
  };
}
