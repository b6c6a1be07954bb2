/**
 * A time zone's UTC offsets as a small table the loader can use without Intl: making an Intl.DateTimeFormat with a
 * time zone loads the zone's rules, 10 ms on a phone-class CPU on every page view (measured 2026-12-02, returning
 * visit at 4× CPU throttling: 39 of the loader's 65 ms). The collector, which has the rules, computes the table.
 */

/** [start (ms since 1970), offset from UTC in minutes] ascending; each offset holds until the next start. */
export type ZoneOffsets = [number, number][];

// Zones change offset at most twice a year, never twice within a week: a weekly probe finds every change.
const WEEK = 7 * 86_400_000;
const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the wall clock in `timeZone` is ahead of UTC at `instant`. */
export function offsetAt(timeZone: string, instant: number): number {
  let f = partsFormats.get(timeZone);
  if (!f)
    partsFormats.set(
      timeZone,
      (f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      })),
    );
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** The offsets of `timeZone` from `from` to `to`, each change found to the minute. */
export function zoneOffsets(timeZone: string, from: number, to: number): ZoneOffsets {
  const table: ZoneOffsets = [[from, offsetAt(timeZone, from)]];
  for (let week = from; week < to; week += WEEK) {
    const before = table[table.length - 1]![1];
    if (offsetAt(timeZone, week + WEEK) === before) continue;
    // The change lies within this week: bisect to the minute.
    let lo = week;
    let hi = week + WEEK;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(timeZone, mid) === before) lo = mid;
      else hi = mid;
    }
    table.push([hi, offsetAt(timeZone, hi)]);
  }
  return table;
}

/** YYYY-MM-DD of `instant` by the table (the first offset before its start, the last after its end). */
export function dateByOffsets(table: ZoneOffsets, instant: number): string {
  let offset = table[0]![1];
  for (const [start, minutes] of table) if (start <= instant) offset = minutes;
  return new Date(instant + offset * 60_000).toISOString().slice(0, 10);
}
