/**
 * Calendar days in a time zone, with nothing but Intl: a clinic in Seoul counts a decision made at 08:00 KST on
 * the day it was made, not on the previous UTC day.
 */

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
const format = (tz: string) =>
  formats.get(tz) ??
  formats
    .set(
      tz,
      new Intl.DateTimeFormat('en-CA', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    )
    .get(tz)!;

function parts(t: number, tz: string) {
  const p = Object.fromEntries(
    format(tz)
      .formatToParts(t)
      .map((x) => [x.type, x.value]),
  );
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    wall: Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!),
  };
}

/** The local calendar day (`YYYY-MM-DD`) of an instant. */
export const localDay = (t: number, tz: string) => parts(t, tz).day;

/** The instant a local day begins (its midnight; an hour later where a DST change skips midnight). */
export function dayStart(day: string, tz: string): number {
  const guess = Date.parse(`${day}T00:00:00Z`);
  // Two passes: the zone's offset at the guess, then at the corrected instant (they differ across a DST change).
  let t = guess - (parts(guess, tz).wall - guess);
  t = guess - (parts(t, tz).wall - t);
  return localDay(t, tz) < day ? t + 3_600_000 : t;
}

/** Every day from `from` to `to`, both included (`YYYY-MM-DD`, calendar arithmetic, no time zone). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * Each local day of the range as the UTC hours of the stored sums it covers (`lo` included, `hi` excluded). Exact
 * in every zone whose offset is whole hours (Korea, Europe, the Americas); in a zone offset by a half or three
 * quarters of an hour (India, Nepal, parts of Australia), what happened in the hour around midnight may be counted
 * on the day beside it.
 */
export function dayBuckets(from: string, to: string, tz: string) {
  const days = daysBetween(from, to);
  const starts = [...days, nextDay(to)].map((d) => new Date(dayStart(d, tz)).toISOString());
  return days.map((day, i) => ({
    day,
    lo: starts[i]!.slice(0, 13),
    hi: starts[i + 1]!.slice(0, 13),
  }));
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
