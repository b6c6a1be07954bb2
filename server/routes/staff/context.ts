import type { Context } from 'hono';
import type { AppDeps } from '../../app';
import { ProblemError } from '../../middleware/problem';
import type { StaffMember } from '../../store/staff-tokens';
import type { ReceiptFilter, StaffQueries } from '../../store/staff-queries';

/** What the staff middleware puts on the context: who is calling, and what the call touched (for the access log). */
export type StaffEnv = {
  Variables: {
    staff: StaffMember;
    /** `contactKey` / `memberKey`: keyed hashes of what was searched, logged in place of what was typed. */
    touched: { site?: string; subjects?: string[]; contactKey?: string; memberKey?: string; scanned?: string };
  };
};
export type StaffContext = Context<StaffEnv>;
export type StaffDeps = AppDeps & { staff: StaffQueries };

export const invalidQuery = (detail: string) => new ProblemError(422, 'invalid-query', 'Unprocessable Content', detail);

/** The site a call is about: named, known, and one this token may see. */
export function siteOf(deps: StaffDeps, c: StaffContext, id: string | undefined) {
  if (!id) throw new ProblemError(400, 'site-required', 'Bad Request', 'Name the site: ?site=<id>.');
  const site = deps.sites.get(id);
  if (!site) throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${id}" on this collector.`);
  if (!c.get('staff').sites.includes(id))
    throw new ProblemError(403, 'forbidden-site', 'Forbidden', `This token may not see site "${id}".`);
  c.get('touched').site = id;
  return site;
}

/** The receipts filter of a list or export: site, dates, action, method, policy, subject, member, cursor. */
export function filterOf(deps: StaffDeps, c: StaffContext): ReceiptFilter {
  const q = c.req.query();
  const site = siteOf(deps, c, q.site).config.id;
  const date = (k: 'from' | 'to') => {
    if (q[k] === undefined) return undefined;
    const t = Date.parse(q[k]!);
    if (Number.isNaN(t)) throw invalidQuery(`${k} must be a date or time (ISO 8601)`);
    return new Date(t).toISOString();
  };
  const cursor = q.cursor === undefined ? undefined : Number(Buffer.from(q.cursor, 'base64url').toString());
  if (cursor !== undefined && !Number.isSafeInteger(cursor)) throw invalidQuery('cursor is not one this API gave out');
  if (q.subject) c.get('touched').subjects = [q.subject];
  return {
    site,
    from: date('from'),
    to: date('to'),
    action: q.action,
    method: q.method,
    policy: q.policy,
    subject: q.subject || undefined,
    member: q.member || undefined,
    afterSeq: cursor,
  };
}

export const limitOf = (c: StaffContext, fallback: number, max: number) =>
  Math.min(Math.max(Number(c.req.query('limit') ?? fallback) || fallback, 1), max);
