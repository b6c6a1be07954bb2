import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { StaffDeps, StaffEnv } from '../routes/staff/context';
import { ProblemError } from './problem';
import { rateLimit } from './rate-limit';

/** Query parameters whose values identify a person: kept in the access log only as keyed hashes. */
const PERSONAL_QUERY = new Set(['subject', 'member', 'q', 'contact']);

/**
 * Staff API sign-in and its audit: a bearer token (stored hashed, scoped to sites); every call — refused
 * sign-ins too — becomes a signed entry of the access log: who, when, which route, which site, which subjects
 * (keyed hashes), the query (personal values hashed) and the status. Failed sign-ins are limited per client
 * (`failedAuth`, default 10 a minute): past it, 429 with Retry-After and nothing more to try or to log.
 */
export function staffAuth(deps: StaffDeps): MiddlewareHandler<StaffEnv> {
  const { staff: queries, clock, keys, sites } = deps;
  const { limit, windowMs } = deps.failedAuth ?? { limit: 10, windowMs: 60_000 };
  const limiter = rateLimit({
    limit,
    windowMs,
    clientKey: (c) => `staff-auth:${deps.clientIp(c) ?? 'unknown'}`,
    onlyFailures: (c) => c.res.status === 401,
  });
  const hash = (site: string | undefined, value: string) => keys.lookupHash(site ?? '*', value);
  return (c, next) =>
    limiter(c, async () => {
      const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      const member = token ? await queries.findStaff(token) : undefined;
      const at = clock.now().toISOString();
      if (!member) {
        const site = c.req.query('site');
        await queries.appendAccess({
          at,
          tokenId: /^assent_(tok_[0-9a-f]{12})_/.exec(token ?? '')?.[1],
          method: c.req.method,
          route: routePath(c, -1),
          site: site && sites.get(site) ? site : undefined,
          status: 401,
        });
        throw new ProblemError(
          401,
          'unauthorized',
          'Unauthorized',
          'Send a staff token as "Authorization: Bearer <token>" (npx assent tokens create).',
          [],
          { 'WWW-Authenticate': 'Bearer' },
        );
      }
      c.set('staff', member);
      c.set('touched', {});
      await next();
      const { site, subjects, contactKey, memberKey, scanned } = c.get('touched');
      const query = Object.fromEntries(
        Object.entries(c.req.query())
          .filter(([k]) => k !== 'cursor')
          .map(([k, v]) => [k, PERSONAL_QUERY.has(k) && v ? hash(site, v) : v]),
      );
      // A contact search (its number in the body, never in the URL) is logged as the contact's keyed hash.
      if (contactKey) query.contact = contactKey;
      if (memberKey) query.member = memberKey;
      if (scanned) query.url = scanned;
      await queries.appendAccess({
        at,
        tokenId: member.tokenId,
        staff: member.name,
        method: c.req.method,
        route: routePath(c, -1),
        site,
        subjects: subjects?.map((s) => hash(site, s)),
        query,
        status: c.res.status,
      });
    });
}
