/**
 * The overview as the collector computed it until commit e7edd7d, kept for bench/overview.ts to compare against:
 * every receipt of the range streamed from the database and counted in JS (server/stats/consent-stats.ts then).
 */
import { ACTIONS, choiceChannels, type Action, type SiteConfig } from '../protocol';
import { dayStart, daysBetween, localDay } from '../server/stats/zoned-days';
import type { StaffQueries } from '../server/store/staff-queries';

const DAY = 86_400_000;

export async function streamingStats(
  queries: StaffQueries,
  config: SiteConfig,
  range: { from: string; to: string; timeZone: string },
) {
  const tz = range.timeZone;
  const start = dayStart(range.from, tz);
  const end = dayStart(new Date(Date.parse(range.to) + DAY).toISOString().slice(0, 10), tz);
  const zero = () => Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  const days = new Map(
    daysBetween(range.from, range.to).map((day) => [day, { day, shown: 0, decisions: 0, ...zero() }]),
  );
  const policies = new Map<string, { policy: string; shown: number; decisions: number } & Record<Action, number>>();
  const policy = (id: string) =>
    policies.get(id) ?? policies.set(id, { policy: id, shown: 0, decisions: 0, ...zero() }).get(id)!;
  const stats = {
    shown: 0,
    decisions: 0,
    actions: zero(),
    categories: config.categories.map((c) => ({ id: c.id, allowed: 0 })),
    channels: choiceChannels(config.channels).map((c) => ({ id: c.id, optedIn: 0 })),
  };
  const views = await queries.bannerViews(
    config.id,
    new Date(start).toISOString().slice(0, 13),
    new Date(end - 1).toISOString().slice(0, 13),
  );
  for (const v of views) {
    stats.shown += v.count;
    const d = days.get(localDay(Date.parse(`${v.hour}:00:00Z`), tz));
    if (d) d.shown += v.count;
    policy(v.policy).shown += v.count;
  }
  const receipts = queries.streamReceipts({
    site: config.id,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  });
  for await (const r of receipts) {
    stats.decisions++;
    stats.actions[r.action]++;
    const d = days.get(localDay(Date.parse(r.receivedAt), tz));
    if (d) {
      d.decisions++;
      d[r.action]++;
    }
    const p = policy(r.policy);
    p.decisions++;
    p[r.action]++;
    for (const c of stats.categories) if (r.choices.categories?.[c.id]) c.allowed++;
    for (const c of stats.channels) if ((r.choices.channels as Record<string, boolean | undefined>)[c.id]) c.optedIn++;
  }
  return { ...stats, days: [...days.values()], policies: [...policies.values()] };
}
