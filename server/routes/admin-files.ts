import { Hono } from 'hono';

/** The built dashboard: `index.html` and `assets/<hashed name>`. */
export type AdminFiles = Map<string, Uint8Array<ArrayBuffer>>;

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
};

// The dashboard shows receipts and personal data: only its own code runs, nothing frames it, nothing is cached
// but its immutable assets, and it talks to this collector only.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `/admin/` — the privacy officer's dashboard (admin/), a static app over the staff API. */
export function adminRoutes(files: AdminFiles) {
  const app = new Hono();
  app.get('/admin', (c) => c.redirect('/admin/', 301));
  app.get('/admin/', (c) =>
    c.body(files.get('index.html')!, 200, {
      'Content-Type': TYPES.html!,
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    }),
  );
  app.get('/admin/assets/:file', (c) => {
    const name = `assets/${c.req.param('file')}`;
    const body = files.get(name);
    if (!body) return c.notFound();
    return c.body(body, 200, {
      'Content-Type': TYPES[name.split('.').pop()!] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  return app;
}
