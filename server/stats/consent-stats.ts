import {
  ACTIONS,
  choiceChannels,
  type Action,
  type ConsentStats,
  type DayStats,
  type PolicyStats,
  type SiteConfig,
  type StoredReceipt,
} from '../../protocol';
import { daysBetween, localDay } from './zoned-days';

type ActionCounts = Record<Action, number>;

const zero = (): ActionCounts => Object.fromEntries(ACTIONS.map((a) => [a, 0])) as ActionCounts;

/**
 * Counts decisions (receipts, erased ones included: they keep the action and choices) and banner views, by day
 * in the viewer's time zone. Every day of the range gets a row, so a chart shows quiet days as zeros. (Views are
 * counted per UTC hour: in a zone offset by a half hour, a view near midnight may land on the neighbouring day.)
 */
export async function consentStats(
  config: SiteConfig,
  range: { from: string; to: string; timeZone: string },
  receipts: AsyncIterable<Pick<StoredReceipt, 'receivedAt' | 'action' | 'choices' | 'policy'>>,
  /** Banner views per UTC hour (`YYYY-MM-DDTHH`). */
  views: readonly { hour: string; policy: string; count: number }[],
): Promise<ConsentStats> {
  const tz = range.timeZone;
  const days = new Map<string, DayStats>(
    daysBetween(range.from, range.to).map((day) => [day, { day, shown: 0, decisions: 0, ...zero() }]),
  );
  const policies = new Map<string, PolicyStats>();
  const policy = (id: string) =>
    policies.get(id) ?? policies.set(id, { policy: id, shown: 0, decisions: 0, ...zero() }).get(id)!;
  const stats: ConsentStats = {
    site: config.id,
    ...range,
    shown: 0,
    decisions: 0,
    actions: zero(),
    categories: config.categories.map((c) => ({ id: c.id, allowed: 0 })),
    channels: choiceChannels(config.channels).map((c) => ({ id: c.id, optedIn: 0 })),
    days: [],
    policies: [],
  };
  for (const v of views) {
    stats.shown += v.count;
    const d = days.get(localDay(Date.parse(`${v.hour}:00:00Z`), tz));
    if (d) d.shown += v.count;
    policy(v.policy).shown += v.count;
  }
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
  stats.days = [...days.values()];
  stats.policies = [...policies.values()].sort((a, b) => a.policy.localeCompare(b.policy));
  return stats;
}
