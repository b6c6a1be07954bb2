import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import * as v from 'valibot';
import { fromValibot } from '../../protocol';
import { languageTag } from '../../protocol/primitives';
import type { AppDeps } from '../app';
import { guardianDeps } from '../guardians/guardian-deps';
import { sendGuardianCode, verifyGuardianCode } from '../guardians/guardian-verification';
import { bodySize } from '../middleware/body-size';
import { readJsonBody } from '../middleware/json-body';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import { siteCors } from '../middleware/site-cors';
import { receiptSecret } from '../proof/receipt-proof';

const secret = v.pipe(v.string(), v.minLength(1, 'is required'));
const codeRequest = v.strictObject({
  secret,
  /** A mobile number or an email address: where the site's gateway sends the code. */
  contact: v.pipe(
    v.string(),
    v.trim(),
    v.check(
      (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) || /^\+?[\d\s().-]{7,20}$/.test(s),
      'must be a mobile number or an email address',
    ),
  ),
  /** Accepted for older widgets; the code message is in the receipt's language. */
  language: v.optional(languageTag),
});
const codeEntry = v.strictObject({ secret, code: v.pipe(v.string(), v.regex(/^\d{6}$/, 'must be the 6 digits sent')) });

function parse<T extends v.GenericSchema>(schema: T, body: unknown): v.InferOutput<T> {
  const r = v.safeParse(schema, body);
  if (r.success) return r.output;
  throw new ProblemError(
    422,
    'invalid-request',
    'Unprocessable Content',
    'The request is not valid.',
    fromValibot(r.issues),
  );
}

/**
 * A child's guardian proves their consent from the page (PIPA Art. 22-2, Decree Art. 17-2(1)1, 3): the widget asks
 * for a code to the guardian's phone or email, the guardian enters it, the collector records the verification.
 * Both calls carry the pending receipt's secret (handed out with its 201), so only that browser can ask.
 */
export function guardianRoutes(deps: AppDeps) {
  const app = new Hono();
  const g = guardianDeps(deps);
  if (!g) return app;
  app.use(
    '*',
    siteCors((origin) => deps.sites.anyAllows(origin), 'POST'),
  );
  app.use(
    '*',
    bodySize(2048),
    rateLimit({ ...deps.rateLimit, clientKey: (c) => `guardian:${deps.clientIp(c) ?? 'unknown'}` }),
  );
  const authorized = (id: string, given: string) => {
    const [a, b] = [Buffer.from(given), Buffer.from(receiptSecret(deps.keys, id))];
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new ProblemError(404, 'unknown-guardian-check', 'Not Found', 'No receipt with this id and secret.');
  };
  app.post('/:id/code', async (c) => {
    const body = parse(codeRequest, await readJsonBody(c));
    authorized(c.req.param('id'), body.secret);
    const sent = await sendGuardianCode(g, c.req.param('id'), body.contact);
    return c.json(sent, 202);
  });
  app.post('/:id/verify', async (c) => {
    const body = parse(codeEntry, await readJsonBody(c));
    authorized(c.req.param('id'), body.secret);
    const receipt = await verifyGuardianCode(g, c.req.param('id'), body.code);
    return c.json({ ...receipt, secret: receiptSecret(deps.keys, receipt.id) }, 201);
  });
  return app;
}
