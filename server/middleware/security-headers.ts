import type { Context, MiddlewareHandler } from 'hono';

/**
 * The security headers of every answer, worked out once: what `hono/secure-headers` sets with the collector's one
 * option (`Cross-Origin-Resource-Policy: cross-origin`, so the widget's files and receipts load on the sites' own
 * origins). A test holds this set to that middleware's output.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
});
const ENTRIES = Object.entries(SECURITY_HEADERS);

const preset = new WeakSet<Context>();

/**
 * The headers for a route to send with its own response, on the receipt path: set after the handler, each answer's
 * response was rebuilt with a full `Headers` object (a few µs a request; +3 % receipts/s side by side, within the
 * bench's spread — docs/performance.md).
 */
export function withSecurityHeaders(c: Context, headers: Record<string, string>): Record<string, string> {
  preset.add(c);
  return { ...SECURITY_HEADERS, ...headers };
}

/** Sets the security headers on every answer that does not carry them already (errors included); overwrites. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (preset.has(c)) return;
    for (const [name, value] of ENTRIES) c.res.headers.set(name, value);
    c.res.headers.delete('X-Powered-By');
  };
}
