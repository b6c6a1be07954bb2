import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { ProblemError, problemResponse } from './problem';

export interface RateLimitOptions {
  /** Requests per client per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
  clientKey: (c: Context) => string;
  /** Count only the requests this says failed (a wrong token, a wrong receipt secret): a guessing limit. */
  onlyFailures?: (c: Context) => boolean;
}

/** Per-client fixed-window limit; over it, a 429 problem with `Retry-After`. */
export function rateLimit({ limit, windowMs, clientKey, onlyFailures }: RateLimitOptions): MiddlewareHandler {
  if (limit <= 0) return (_c, next) => next();
  return rateLimiter({
    windowMs,
    limit,
    standardHeaders: 'draft-6',
    keyGenerator: clientKey,
    ...(onlyFailures ? { skipSuccessfulRequests: true, requestWasSuccessful: (c: Context) => !onlyFailures(c) } : {}),
    handler: (c) =>
      problemResponse(
        c,
        new ProblemError(
          429,
          'rate-limited',
          'Too Many Requests',
          `More than ${limit} ${onlyFailures ? 'failed attempts' : 'requests'} in ${windowMs / 1000} s; ` +
            'retry after the time in Retry-After.',
          [],
          {
            'Retry-After': c.res.headers.get('Retry-After') ?? String(Math.ceil(windowMs / 1000)),
          },
        ),
      ),
  });
}
