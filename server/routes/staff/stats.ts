import { Hono } from 'hono';
import { consentStats } from '../../stats/consent-stats';
import { dayBuckets, dayStart, isTimeZone, localDay } from '../../stats/zoned-days';
import { invalidQuery, siteOf, type StaffDeps, type StaffEnv } from './context';

const DAY = 86_400_000;

/** The overview: banners shown and answered, visitors and decisions, their kinds, per category and channel, by day and by policy. */
export function staffStatsRoutes(deps: StaffDeps) {
  const { staff: queries, clock } = deps;
  const app = new Hono<StaffEnv>();
  app.get('/stats', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const day = (k: 'from' | 'to', fallback: string) => {
      const raw = c.req.query(k) ?? fallback;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw)))
        throw invalidQuery(`${k} must be a day (YYYY-MM-DD)`);
      return raw;
    };
    const timeZone = c.req.query('tz') ?? 'UTC';
    if (!isTimeZone(timeZone))
      throw invalidQuery(`tz must be an IANA time zone such as Asia/Seoul (got "${timeZone}")`);
    const today = localDay(clock.now().getTime(), timeZone);
    const to = day('to', today);
    const from = day('from', new Date(Date.parse(to) - 29 * DAY).toISOString().slice(0, 10));
    if (from > to || Date.parse(to) - Date.parse(from) > 366 * DAY)
      throw invalidQuery('from must be on or before to, at most 366 days apart');
    const start = dayStart(from, timeZone);
    const end = dayStart(new Date(Date.parse(to) + DAY).toISOString().slice(0, 10), timeZone);
    await deps.bannerViews?.flush(); // views still buffered (written every 5 s) are in the answer too
    const days = dayBuckets(from, to, timeZone);
    const [counts, views, visitors] = await Promise.all([
      queries.decisionsByDay(site.config.id, days),
      queries.viewsByDay(site.config.id, days),
      queries.visitors(site.config.id, new Date(start).toISOString(), new Date(end).toISOString()),
    ]);
    const list = days.map((d) => d.day);
    return c.json(consentStats(site.config, { from, to, timeZone, days: list }, counts, views, visitors));
  });
  return app;
}
