import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  GRANTED_OUTCOME,
  REFUSAL_GROUNDS,
  REQUEST_CHANNELS,
  RIGHTS_KINDS,
  allowsNothingOptional,
  grantedOf,
  rightsResponseDays,
  type RightsKind,
  type StaffRightsRequest,
} from '../../../protocol';
import { readJsonBody } from '../../middleware/json-body';
import { ProblemError } from '../../middleware/problem';
import type { RightsRequestRow } from '../../store/rights-requests';
import { siteOf, type StaffDeps, type StaffEnv } from './context';

const DAY = 86_400_000;

const invalid = (field: string, message: string) =>
  new ProblemError(422, 'invalid-request', 'Unprocessable Content', `${field} ${message}.`, [
    { path: [field], message },
  ]);

/** A stored request as the officer reads it, with where it stands against its deadline. */
export const staffRequest = (r: RightsRequestRow, now: Date): StaffRightsRequest => ({
  id: r.id,
  ...(r.subject ? { subject: r.subject } : {}),
  kind: r.kind as RightsKind,
  via: r.via as StaffRightsRequest['via'],
  receivedAt: r.received_at,
  dueBy: r.due_at,
  status: r.closed_at ? 'closed' : now.toISOString() > r.due_at ? 'overdue' : 'open',
  ...(r.closed_at ? { closedAt: r.closed_at } : {}),
  ...(r.outcome ? { outcome: r.outcome as StaffRightsRequest['outcome'] } : {}),
  ...(r.reason ? { reason: r.reason as StaffRightsRequest['reason'] } : {}),
  recordedBy: r.recorded_by,
  ...(r.closed_by ? { closedBy: r.closed_by } : {}),
});

/**
 * Data subjects' requests (access, correction, erasure, suspension) with the site's deadline (10 days in Korea):
 * recorded by the officer from a call, letter or email, and closed by acting on them — the erasure done here, a
 * suspension only once nothing optional is allowed any more — or refused on a stated ground. Each change is signed
 * in the `requests` log with the staff member's name.
 */
export function staffRightsRoutes(deps: StaffDeps) {
  const { staff: queries, clock, keys } = deps;
  const app = new Hono<StaffEnv>();

  app.get('/requests', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const now = clock.now();
    const rows = await queries.listRequests(site.config.id, 50);
    c.get('touched').subjects = rows.flatMap((r) => (r.subject ? [r.subject] : []));
    return c.json({
      site: site.config.id,
      responseDays: rightsResponseDays(site.config.jurisdiction),
      requests: rows.map((r) => staffRequest(r, now)),
    });
  });

  app.post('/requests', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const body = ((await readJsonBody(c)) ?? {}) as Record<string, unknown>;
    const { subject, kind, via } = body;
    if (typeof subject !== 'string' || !subject) throw invalid('subject', 'is required');
    if (!(RIGHTS_KINDS as readonly unknown[]).includes(kind))
      throw invalid('kind', `must be one of ${RIGHTS_KINDS.join(', ')}`);
    if (!(REQUEST_CHANNELS as readonly unknown[]).includes(via))
      throw invalid('via', `must be one of ${REQUEST_CHANNELS.join(', ')}`);
    const now = clock.now();
    const received = body.receivedAt === undefined ? now.getTime() : Date.parse(String(body.receivedAt));
    if (Number.isNaN(received) || received > now.getTime() + 60_000 || received < now.getTime() - 366 * DAY)
      throw invalid('receivedAt', 'must be a time in the past year, not in the future (ISO 8601)');
    c.get('touched').subjects = [subject];
    if (!(await queries.listReceipts({ site: site.config.id, subject }, 1)).length)
      throw new ProblemError(
        404,
        'unknown-subject',
        'Not Found',
        `No receipts for subject ${subject} on site "${site.config.id}".`,
      );
    const receivedAt = new Date(received).toISOString();
    const row = {
      id: randomUUID(),
      site: site.config.id,
      subject,
      kind: kind as RightsKind,
      via: via as string,
      received_at: receivedAt,
      due_at: new Date(received + rightsResponseDays(site.config.jurisdiction) * DAY).toISOString(),
      recorded_by: c.get('staff').name,
    };
    await queries.openRequest({ ...row, subjectKey: keys.lookupHash(site.config.id, subject) }, now.toISOString());
    return c.json(staffRequest({ ...row, closed_at: null, outcome: null, reason: null, closed_by: null }, now), 201);
  });

  app.post('/requests/:id/close', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const body = ((await readJsonBody(c)) ?? {}) as Record<string, unknown>;
    const request = await queries.findRequest(site.config.id, c.req.param('id'));
    if (!request) throw new ProblemError(404, 'unknown-request', 'Not Found', 'No such request on this site.');
    if (request.closed_at)
      throw new ProblemError(409, 'already-closed', 'Conflict', 'This request was closed already.');
    const kind = request.kind as RightsKind;
    const granted = GRANTED_OUTCOME[kind];
    const { outcome, reason } = body;
    if (outcome !== granted && outcome !== 'refused') throw invalid('outcome', `must be ${granted} or refused`);
    if (outcome === 'refused' && !(REFUSAL_GROUNDS as readonly unknown[]).includes(reason))
      throw invalid('reason', `must be one of ${REFUSAL_GROUNDS.join(', ')}`);
    const subject = request.subject;
    if (subject) c.get('touched').subjects = [subject];
    const now = clock.now();
    if (outcome === 'erased' && subject) {
      await queries.redact(
        { site: site.config.id, subject },
        'erasure',
        now.toISOString(),
        keys.lookupHash(site.config.id, subject),
      );
      await deps.store.scrub?.();
    }
    if (outcome === 'suspended' && subject) {
      let cookies: Record<string, boolean> | undefined;
      for await (const r of queries.streamReceipts({ site: site.config.id, subject }))
        if (r.choices.categories) cookies = r.choices.categories;
      const channels = grantedOf(await deps.store.channels(site.config.id, subject));
      if (!allowsNothingOptional(site.config, cookies, channels))
        throw new ProblemError(
          409,
          'still-allowed',
          'Conflict',
          'The person still allows optional cookies or marketing: record their withdrawal first, then close the request.',
        );
    }
    const done = await queries.closeRequest(site.config.id, request.id, {
      outcome: outcome as string,
      reason: outcome === 'refused' ? String(reason) : null,
      closedAt: now.toISOString(),
      closedBy: c.get('staff').name,
    });
    if (done === 'closed')
      throw new ProblemError(409, 'already-closed', 'Conflict', 'This request was closed already.');
    return c.json(staffRequest((await queries.findRequest(site.config.id, request.id))!, now));
  });
  return app;
}
