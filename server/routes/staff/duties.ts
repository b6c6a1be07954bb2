import { Hono } from 'hono';
import { inSiteOrder, type StaffPurges, type StaffReconfirmations } from '../../../protocol';
import { csvLine } from '../../staff/csv';
import { invalidQuery, limitOf, siteOf, type StaffDeps, type StaffEnv } from './context';

const DAY = 86_400_000;

/** What the officer must act on or has done: re-confirmations due, result notices, purges and erasures, the access log. */
export function staffDutyRoutes(deps: StaffDeps) {
  const { staff: queries, clock } = deps;
  const app = new Hono<StaffEnv>();

  app.get('/notices', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const status = (c.req.query('status') ?? 'all') as 'pending' | 'delivered' | 'all';
    if (!['pending', 'delivered', 'all'].includes(status))
      throw invalidQuery('status must be pending, delivered or all');
    return c.json({ site: site.config.id, notices: await queries.listNotices(site.config.id, status) });
  });

  app.get('/reconfirmations', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const days = Number(c.req.query('days') ?? 30);
    if (!Number.isInteger(days) || days < 0 || days > 3650)
      throw invalidQuery('days must be a whole number from 0 to 3650');
    const every = site.config.lifetimes.marketingReconfirmDays;
    const before = new Date(clock.now().getTime() - (every - days) * DAY).toISOString();
    const due = [];
    for await (const r of queries.latestPerSubjectBefore(site.config.id, before)) {
      const channels = inSiteOrder(
        r.choices.channels,
        site.config.channels.map((c) => c.id),
      )
        .filter(([, on]) => on)
        .map(([k]) => k);
      if (channels.length)
        due.push({
          subject: r.subject,
          member: r.member,
          receipt: r.id,
          consentedAt: r.receivedAt,
          dueAt: new Date(Date.parse(r.receivedAt) + every * DAY).toISOString(),
          channels,
        });
    }
    if (c.req.query('format') === 'csv') {
      const lines = due.map((d) =>
        csvLine([d.subject, d.member, d.receipt, d.consentedAt, d.dueAt, d.channels.join(' ')]),
      );
      return c.body(
        csvLine(['subject', 'member', 'receipt', 'consentedAt', 'dueAt', 'channels']) + lines.join(''),
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
