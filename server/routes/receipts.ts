import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { MAX_RECEIPT_BYTES, fromValibot, receiptRequestSchema } from '../../protocol';
import type { AppDeps } from '../app';
import { bodySize } from '../middleware/body-size';
import { readJsonBody } from '../middleware/json-body';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import { assertOriginFor, siteCors } from '../middleware/site-cors';
import { buildReceipt, requestHash } from '../receipts/build-receipt';
import { checkAgainstSite } from '../receipts/check-receipt';
import { receiptSecret, signReceipt } from '../proof/receipt-proof';

export function receiptRoutes(deps: AppDeps) {
  const { store, sites, clock } = deps;
  const app = new Hono();
  app.use('*', siteCors((origin) => sites.anyAllows(origin), 'POST'));
  app.post(
    '/',
    rateLimit({ ...deps.rateLimit, clientKey: (c) => deps.clientIp(c) ?? 'unknown' }),
    bodySize(MAX_RECEIPT_BYTES),
    async (c) => {
      const parsed = v.safeParse(receiptRequestSchema, await readJsonBody(c));
      if (!parsed.success) {
        throw new ProblemError(422, 'invalid-receipt', 'Unprocessable Content', 'The receipt does not match the protocol.', fromValibot(parsed.issues));
      }
      const request = parsed.output;
      const site = sites.get(request.site);
      if (!site) throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${request.site}" on this collector.`);
      assertOriginFor(c, site.origins);
      const issues = checkAgainstSite(request, site, { staff: false });
      if (issues.length) throw new ProblemError(422, 'invalid-receipt', 'Unprocessable Content', `The receipt does not fit site "${site.config.id}".`, issues);

      const signed = await signReceipt(buildReceipt(request, site, clock.now(), deps.clientIp(c)), deps.keys);
      const result = await store.append(signed, requestHash(request));
      if (result.status === 'conflict') {
        throw new ProblemError(409, 'id-conflict', 'Conflict', `Receipt ${request.id} was already recorded with a different body.`);
      }
      // The secret lets the visitor read their receipt back; it is derived, never stored, and not signed.
      return created(c, { ...result.receipt, secret: receiptSecret(deps.keys, request.id) }, result.status === 'created' ? 201 : 200);
    },
  );
  return app;
}

function created(c: Context, receipt: unknown, status: 201 | 200) {
  const id = (receipt as { id: string }).id;
  return c.json(receipt, status, { Location: `/v1/receipts/${id}` });
}
