import { Hono } from 'hono';
import { MAX_RECEIPT_BYTES } from '../../protocol';
import type { AppDeps } from '../app';
import { bodySize } from '../middleware/body-size';
import { readJsonBody } from '../middleware/json-body';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import { visitorPlace } from '../middleware/visitor-place';
import { withSecurityHeaders } from '../middleware/security-headers';
import { assertOriginFor, siteCors } from '../middleware/site-cors';
import { receiptSecret } from '../proof/receipt-proof';
import { parseReceiptRequest, recordReceipt } from '../receipts/record-receipt';

export function receiptRoutes(deps: AppDeps) {
  const { sites } = deps;
  const app = new Hono();
  app.use(
    '*',
    siteCors((origin) => sites.anyAllows(origin), 'POST'),
  );
  app.post(
    '/',
    rateLimit({ ...deps.rateLimit, clientKey: (c) => deps.clientIp(c) ?? 'unknown' }),
    bodySize(MAX_RECEIPT_BYTES),
    async (c) => {
      const request = parseReceiptRequest(await readJsonBody(c));
      const site = sites.get(request.site);
      if (!site)
        throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${request.site}" on this collector.`);
      assertOriginFor(c, site.origins);
      const result = await recordReceipt(deps, request, site, {
        staff: false,
        clientIp: deps.clientIp(c),
        place: visitorPlace(c, deps.geo),
      });
      deps.metrics?.registry.stored(site.config.id, result.status);
      // The secret lets the visitor read their receipt back; it is derived, never stored, and not signed.
      const secret = receiptSecret(deps.keys, request.id);
      const status = result.status === 'created' ? 201 : 200;
      const headers = withSecurityHeaders(c, { Location: `/v1/receipts/${request.id}` });
      // The store's JSON of the receipt, sent as it is (no parse and serialise again), with the secret added.
      if (result.json)
        return c.body(`${result.json.slice(0, -1)},"secret":${JSON.stringify(secret)}}`, status, {
          ...headers,
          'Content-Type': 'application/json',
        });
      return c.json({ ...result.receipt, secret }, status, headers);
    },
  );
  return app;
}
