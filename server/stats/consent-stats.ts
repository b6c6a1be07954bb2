import {
  ACTIONS,
  choiceChannels,
  type Action,
  type ConsentStats,
  type DayStats,
  type PolicyStats,
  type SiteConfig,
} from '../../protocol';
import type { DayCountRow } from '../store/overview-queries';
import { readChoicesKey } from './decision-counts';

type ActionCounts = Record<Action, number>;

const zero = (): ActionCounts => Object.fromEntries(ACTIONS.map((a) => [a, 0])) as ActionCounts;
const answered = () => ({ shown: 0, answered: 0, decisions: 0 });

/**
 * The overview from the sums the database made per day of the viewer's time zone: decisions per kind (receipts,
 * erased ones included: they keep their action and choices), banner views and answers, and the visitors. Every
 * day of the range gets a row, so quiet days chart as zeros.
 */
export function consentStats(
  config: SiteConfig,
  { days: dayList, ...range }: { from: string; to: string; timeZone: string; days: readonly string[] },
  counts: readonly DayCountRow[],
  views: readonly { day: string; policy: string; count: number; answered: number }[],
  visitors: number,
): ConsentStats {
  const channelIds = choiceChannels(config.channels).map((c) => c.id);
  const days = new Map<string, DayStats>(
    dayList.map((day) => [
      day,
      {
        day,
        ...answered(),
        ...zero(),
        channels: Object.fromEntries(channelIds.map((id) => [id, { optedIn: 0, decided: 0 }])),
      },
    ]),
  );
  const policies = new Map<string, PolicyStats>();
  const policy = (id: string) =>
    policies.get(id) ?? policies.set(id, { policy: id, ...answered(), ...zero() }).get(id)!;
  const categories = config.categories.map((c) => ({ id: c.id, allowed: 0, decided: 0 }));
  const channels = channelIds.map((id) => ({ id, optedIn: 0, decided: 0 }));
  const stats: ConsentStats = {
    site: config.id,
    ...range,
    ...answered(),
    visitors,
    newVisitors: 0,
    actions: zero(),
    methods: {},
    categories,
    channels,
    days: [],
    policies: [],
  };
  for (const v of views) {
    stats.shown += v.count;
    stats.answered += v.answered;
    const d = days.get(v.day);
    if (d) {
      d.shown += v.count;
      d.answered += v.answered;
    }
    const p = policy(v.policy);
    p.shown += v.count;
    p.answered += v.answered;
  }
  const chosen = new Map<string, ReturnType<typeof readChoicesKey>>();
  for (const r of counts) {
    const n = r.count;
    const action = r.action as Action;
    stats.decisions += n;
    stats.actions[action] = (stats.actions[action] ?? 0) + n;
    stats.methods[r.method] = (stats.methods[r.method] ?? 0) + n;
    if (r.first) stats.newVisitors += n;
    const d = days.get(r.day);
    if (d) {
      d.decisions += n;
      d[action] += n;
    }
    const p = policy(r.policy);
    p.decisions += n;
    p[action] += n;
    const choices = chosen.get(r.choices) ?? chosen.set(r.choices, readChoicesKey(r.choices)).get(r.choices)!;
    for (const c of categories)
      if (c.id in choices.categories) {
        c.decided += n;
        if (choices.categories[c.id]) c.allowed += n;
      }
    for (const c of channels)
      if (c.id in choices.channels) {
        c.decided += n;
        if (choices.channels[c.id]) c.optedIn += n;
        const day = d?.channels[c.id];
        if (day) {
          day.decided += n;
          if (choices.channels[c.id]) day.optedIn += n;
        }
      }
  }
  stats.days = [...days.values()];
  stats.policies = [...policies.values()].sort((a, b) => a.policy.localeCompare(b.policy));
  return stats;
}
