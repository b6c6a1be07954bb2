import { Hono } from 'hono';
import { NOTICE_MEANS, NOTICE_STATUSES, type StaffPurges, type StaffReconfirmations } from '../../../protocol';
import { readJsonBody } from '../../middleware/json-body';
import { ProblemError } from '../../middleware/problem';
import { staffNotice } from '../../notices/staff-notice';
import { csvLine } from '../../staff/csv';
import { invalidQuery, limitOf, siteOf, type StaffDeps, type StaffEnv } from './context';

const DAY = 86_400_000;

/** What the officer must act on or has done: re-confirmations due, result notices, purges and erasures, the access log. */
export function staffDutyRoutes(deps: StaffDeps) {
  const { staff: queries, clock } = deps;
  const app = new Hono<StaffEnv>();

  app.get('/notices', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const status = c.req.query('status') ?? 'all';
    if (status !== 'all' && status !== 'pending' && !(NOTICE_STATUSES as readonly string[]).includes(status))
      throw invalidQuery(`status must be all, pending or one of ${NOTICE_STATUSES.join(', ')}`);
    const stored = await queries.listNotices(site.config.id, status === 'delivered' ? 'delivered' : 'all');
    const now = clock.now();
    const notices = stored
      .map((n) => staffNotice(n, now, site.config))
      .filter((n) => status === 'all' || (status === 'pending' ? n.status !== 'delivered' : n.status === status));
    return c.json({ site: site.config.id, notices });
  });

  // Staff gave the notice themselves (the site has no webhook, or it failed): signed in the deliveries log.
  app.post('/notices/:receipt/delivered', async (c) => {
    const body = (await readJsonBody(c)) as { site?: unknown; means?: unknown };
    const site = siteOf(deps, c, typeof body?.site === 'string' ? body.site : undefined);
    if (typeof body.means !== 'string' || !(NOTICE_MEANS as readonly string[]).includes(body.means))
      throw new ProblemError(422, 'invalid-request', 'Unprocessable Content', 'Say how the notice was given.', [
        { path: ['means'], message: `must be one of ${NOTICE_MEANS.join(', ')}` },
      ]);
    const staff = c.get('staff');
    const done = await queries.noticeGiven(site.config.id, c.req.param('receipt'), body.means, clock.now(), {
      staffId: staff.name,
      tokenId: staff.tokenId,
    });
    if (done === 'missing')
      throw new ProblemError(404, 'unknown-notice', 'Not Found', `No result notice for that receipt on this site.`);
    if (done === 'already')
      throw new ProblemError(409, 'already-delivered', 'Conflict', 'This notice was delivered already.');
    return c.json({ receipt: c.req.param('receipt'), deliveredVia: `other:${body.means}` });
  });

  app.get('/reconfirmations', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const days = Number(c.req.query('days') ?? 30);
    if (!Number.isInteger(days) || days < 0 || days > 3650)
      throw invalidQuery('days must be a whole number from 0 to 3650');
    const every = site.config.lifetimes.marketingReconfirmDays;
    const now = clock.now().getTime();
    const before = new Date(now - (every - days) * DAY).toISOString();
    const bySubject = new Map<string, StaffReconfirmations['due'][number]>();
    for (const r of await queries.consentsConfirmedBefore(site.config.id, before)) {
      const dueAt = new Date(Date.parse(r.confirmedAt) + every * DAY).toISOString();
      const channel = { ...r, dueAt, overdue: Date.parse(dueAt) < now };
      delete (channel as { subject?: string }).subject;
      delete (channel as { member?: string }).member;
      const entry = bySubject.get(r.subject);
      if (entry) {
        entry.channels.push(channel);
        if (dueAt < entry.dueAt) Object.assign(entry, { dueAt, overdue: channel.overdue });
      } else
        bySubject.set(r.subject, {
          subject: r.subject,
          ...(r.member ? { member: r.member } : {}),
          dueAt,
          overdue: channel.overdue,
          channels: [channel],
        });
    }
    const due = [...bySubject.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    if (c.req.query('format') === 'csv') {
      const lines = due.flatMap((d) =>
        d.channels.map((ch) =>
          csvLine([d.subject, d.member, ch.channel, ch.consentedAt, ch.confirmedAt, ch.dueAt, ch.overdue]),
        ),
      );
      return c.body(
        csvLine(['subject', 'member', 'channel', 'consentedAt', 'confirmedAt', 'dueAt', 'overdue']) + lines.join(''),
        200,
        { 'Content-Type': 'text/csv; charset=utf-8' },
      );
    }
    return c.json({ site: site.config.id, days, reconfirmEveryDays: every, due } satisfies StaffReconfirmations);
  });

  app.get('/purges', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    return c.json({
      site: site.config.id,
      retentionDays: site.config.lifetimes.receiptRetentionDays,
      purges: await queries.listPurges(site.config.id, 100),
    } satisfies StaffPurges);
  });

  app.get('/access-log', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    return c.json({ site: site.config.id, entries: await queries.listAccess([site.config.id], limitOf(c, 100, 500)) });
  });
  return app;
}
