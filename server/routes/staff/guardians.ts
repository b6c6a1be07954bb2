import { Hono } from 'hono';
import { STAFF_GUARDIAN_METHODS, type StaffGuardianChecks } from '../../../protocol';
import { guardianDeps } from '../../guardians/guardian-deps';
import { recordVerification } from '../../guardians/guardian-verification';
import { readJsonBody } from '../../middleware/json-body';
import { ProblemError } from '../../middleware/problem';
import { limitOf, siteOf, type StaffDeps, type StaffEnv } from './context';

/**
 * Guardians to verify (PIPA Art. 22-2): children's receipts whose optional choices wait, and the officer's record of
 * a verification they made by phone, signed paper, email reply, card or mobile ID (Decree Art. 17-2(1)) — a signed
 * receipt naming who recorded it.
 */
export function staffGuardianRoutes(deps: StaffDeps) {
  const app = new Hono<StaffEnv>();
  const g = guardianDeps(deps);
  if (!g) return app;

  app.get('/guardians', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const rows = await g.guardians.pending(site.config.id, limitOf(c, 200, 1000));
    c.get('touched').subjects = rows.map((r) => r.subject);
    const listed = await Promise.all(
      rows.map(async (r) => {
        const receipt = await deps.store.get(r.receiptId);
        const live = receipt && !('redacted' in receipt) ? receipt : undefined;
        // A newer decision of the same subject superseded it: nothing is left to verify.
        if (!live || (await deps.store.current(live.site, live.subject))?.id !== live.id) {
          await g.guardians.close(r.receiptId, deps.clock.now().toISOString()); // and its contact goes
          return [];
        }
        return [
          {
            receipt: r.receiptId,
            subject: r.subject,
            since: r.createdAt,
            guardian: live.guardian?.name ?? null,
            form: live.form ?? null,
            codesSent: r.codesSent,
            // The officer calls this number to verify (kept for that only; the access log records the look).
            contact: await g.guardians.contactOf(r.receiptId),
          },
        ];
      }),
    );
    return c.json({ site: site.config.id, pending: listed.flat() } satisfies StaffGuardianChecks);
  });

  app.post('/guardians/:receipt/verify', async (c) => {
    const body = (await readJsonBody(c)) as { site?: unknown; method?: unknown; staffId?: unknown };
    const site = siteOf(deps, c, typeof body?.site === 'string' ? body.site : undefined);
    const method = body?.method;
    if (typeof method !== 'string' || !(STAFF_GUARDIAN_METHODS as readonly string[]).includes(method))
      throw new ProblemError(422, 'invalid-request', 'Unprocessable Content', 'Say how the guardian was verified.', [
        { path: ['method'], message: `must be one of ${STAFF_GUARDIAN_METHODS.join(', ')}` },
      ]);
    const check = await g.guardians.get(c.req.param('receipt'));
    if (!check || check.site !== site.config.id)
      throw new ProblemError(
        404,
        'unknown-guardian-check',
        'Not Found',
        'No guardian check for that receipt on this site.',
      );
    c.get('touched').subjects = [check.subject];
    const staff = c.get('staff');
    const staffId = typeof body.staffId === 'string' && body.staffId.trim() ? body.staffId.trim() : staff.name;
    const receipt = await recordVerification(g, check.receiptId, method as (typeof STAFF_GUARDIAN_METHODS)[number], {
      staffId,
      tokenId: staff.tokenId,
    });
    return c.json(receipt, 201);
  });
  return app;
}
