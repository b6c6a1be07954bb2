import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from './problem';

/**
 * CORS for the sites' own origins only. A request from any other origin is refused with 403 (preflight
 * included) instead of being left to the browser; requests without Origin (servers, curl) and same-origin
 * requests pass. `allowed` decides per request, since only the route knows which site it serves.
 */
export function siteCors(allowed: (origin: string, c: Context) => boolean, methods = 'GET, POST'): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin || origin === new URL(c.req.url).origin) return next();
    // A refused preflight stays without CORS headers (it fails either way); the refusal of a request itself is readable.
    if (!allowed(origin, c)) throw refused(origin, c.req.method !== 'OPTIONS');
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '86400',
        Vary: 'Origin',
      });
    }
    // Given before the handler, they go out with the response it makes (errors included); set on the response
    // afterwards, they made Hono build a full Headers object for every answer, on the receipt path too.
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'ETag, Retry-After, X-Request-Id');
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}

/** For routes whose site is only known from the body: the origin must belong to that site. */
export function assertOriginFor(c: Context, origins: ReadonlySet<string>): void {
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin && !origins.has(origin)) throw refused(origin);
}

/**
 * The refusal is readable by the page that was refused (a CORS header on the 403), so the widget and the browser's
 * console show "origin not allowed" rather than a bare CORS error; the collector logs it with the origin.
 */
const refused = (origin: string, readable = true) =>
  new ProblemError(
    403,
    'origin-not-allowed',
    'Forbidden',
    `Origin ${origin} is not allowed for this site: add it to the site config's "origins" if the page is yours.`,
    [],
    readable ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {},
  );
