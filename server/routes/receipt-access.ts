import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import { toIso27560 } from '../proof/iso27560';
import { toKantara } from '../proof/kantara';
import { receiptPage } from '../proof/receipt-page';
import { receiptSecret } from '../proof/receipt-proof';

const notFound = () => new ProblemError(404, 'not-found', 'Not Found', 'No receipt with this id and secret.');

/**
 * A visitor's own receipt, with the secret they were handed when it was stored: JSON (default), Kantara JSON
 * (`?format=kantara`), ISO/IEC TS 27560-shaped JSON (`?format=iso27560`) or a page to read (`Accept: text/html`).
 * A wrong secret looks exactly like no receipt, and wrong secrets are limited per client (as failed staff sign-ins
 * are), so secrets cannot be guessed at speed.
 */
export function receiptAccessRoutes(deps: AppDeps) {
  const { store, keys, sites } = deps;
  const { limit, windowMs } = deps.failedAuth ?? { limit: 10, windowMs: 60_000 };
  const app = new Hono();
  app.get('/.well-known/jwks.json', (c) => c.json(keys.jwks, 200, { 'Cache-Control': 'public, max-age=300' }));
  app.get(
    '/v1/receipts/:id',
    rateLimit({
      limit,
      windowMs,
      clientKey: (c) => `receipt-secret:${deps.clientIp(c) ?? 'unknown'}`,
      onlyFailures: (c) => c.res.status === 404,
    }),
    async (c) => {
      const id = c.req.param('id');
      const given = c.req.query('secret') ?? /^Receipt (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      const [a, b] = [Buffer.from(given), Buffer.from(receiptSecret(keys, id))];
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw notFound();
      const receipt = await store.get(id);
      if (!receipt || 'redacted' in receipt) throw notFound();
      const headers = { 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' };
      // The texts of the config revision the receipt was made under: what the visitor saw.
      const revision = sites.revision(receipt.site, receipt.configRevision);
      const shown = revision?.config ?? sites.get(receipt.site)?.config;
      if (c.req.query('format') === 'kantara') return c.json(toKantara(receipt, shown), 200, headers);
      if (c.req.query('format') === 'iso27560') return c.json(toIso27560(receipt, shown), 200, headers);
      if ((c.req.header('accept') ?? '').includes('text/html'))
        return c.html(
          await receiptPage(
            receipt,
            keys.jwks,
            sites.get(receipt.site)?.config,
            revision?.notices.get(`${receipt.policy}\n${receipt.notice.language}`)?.text,
          ),
          200,
          headers,
        );
      return c.json(receipt, 200, headers);
    },
  );
  return app;
}
