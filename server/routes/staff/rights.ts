import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  GRANTED_OUTCOME,
  REFUSAL_GROUNDS,
  REQUEST_CHANNELS,
  RIGHTS_KINDS,
  SUBJECT,
  allowsNothingOptional,
  grantedOf,
  rightsResponseDays,
  type RightsKind,
  type SiteConfig,
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
/** Another officer closed the request while this one was erasing: the erasure is rolled back. */
class ClosedMeanwhile extends Error {}

/** A suspension is done only once nothing optional is allowed: no cookie category, channel or form consent. */
async function mustAllowNothing(deps: StaffDeps, config: SiteConfig, subject: string) {
  let cookies: Record<string, boolean> | undefined;
  const forms = new Map<string, Record<string, boolean>>();
  for await (const r of deps.staff.streamReceipts({ site: config.id, subject })) {
    if (r.choices.categories) cookies = r.choices.categories;
    if (r.form && r.choices.consents) forms.set(r.form, r.choices.consents);
  }
  const channels = grantedOf(await deps.store.channels(config.id, subject));
  const consents = Object.assign({}, ...forms.values()) as Record<string, boolean>;
  if (!allowsNothingOptional(config, cookies, channels, consents))
    throw new ProblemError(
      409,
      'still-allowed',
      'Conflict',
      "The person still allows optional cookies, marketing or a form's optional consents: " +
        'record their withdrawal first, then close the request.',
    );
}

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
    if (typeof subject !== 'string' || !SUBJECT.test(subject)) throw invalid('subject', 'must be a subject id');
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
      subject_key: keys.lookupHash(site.config.id, subject),
    };
    await queries.openRequest(row, now.toISOString());
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
    // The row's subject is a working copy: act only while it is the person the signed log names.
    if (subject && !keys.lookupHashes(site.config.id, subject).includes(request.subject_key))
      throw new ProblemError(
        409,
        'subject-mismatch',
        'Conflict',
        "This request's subject is not the person its signed record names: nothing was done. Run npx assent verify.",
      );
    const now = clock.now();
    const closing = {
      outcome: outcome as string,
      reason: outcome === 'refused' ? String(reason) : null,
      closedAt: now.toISOString(),
      closedBy: c.get('staff').name,
    };
    if (outcome === 'suspended' && subject) await mustAllowNothing(deps, site.config, subject);
    let done: 'done' | 'missing' | 'closed' | undefined;
    if (outcome === 'erased' && subject) {
      // The close is written in the erasure's first transaction: a request closed meanwhile (refused by another
      // officer) stops the erasure, and an erasure never happens without its request saying so.
      await queries
        .redact({ site: site.config.id, subject }, 'erasure', closing.closedAt, request.subject_key, async (trx) => {
          done = await queries.closeRequestIn(trx, site.config.id, request.id, closing);
          if (done !== 'done') throw new ClosedMeanwhile();
        })
        .catch((e) => {
          if (!(e instanceof ClosedMeanwhile)) throw e;
        });
      if (done === 'done') await deps.store.scrub?.();
    }
    // Nothing left to erase (erased before), or any other outcome: the close alone.
    done ??= await queries.closeRequest(site.config.id, request.id, closing);
    if (done === 'closed')
      throw new ProblemError(409, 'already-closed', 'Conflict', 'This request was closed already.');
    if (done === 'missing')
      throw new ProblemError(404, 'unknown-request', 'Not Found', 'No such request on this site.');
    return c.json(staffRequest((await queries.findRequest(site.config.id, request.id))!, now));
  });
  return app;
}
