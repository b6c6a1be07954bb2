/**
 * Policy dates are calendar days in the site's time zone: a version "effective 2026-03-01" at a clinic in Seoul
 * is in force from 00:00 KST, whatever the clock of the server, the dashboard or the visitor says.
 */

// Making a DateTimeFormat costs far more than using one (it loads the zone's rules): one per zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of `instant` (ms since 1970) in the IANA time zone `timeZone`. */
export function dateInZone(instant: number, timeZone: string): string {
  // Every zone's offset is a whole number of quarter hours: the date is the same all through a UTC quarter hour.
  const quarter = Math.floor(instant / 900_000);
  const last = lastDates.get(timeZone);
  if (last?.quarter === quarter) return last.date;
  let format = formats.get(timeZone);
  // en-CA writes dates as YYYY-MM-DD.
  if (!format)
    formats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })),
    );
  const date = format.format(instant);
  lastDates.set(timeZone, { quarter, date });
  return date;
}
const lastDates = new Map<string, { quarter: number; date: string }>();

/** Index of the version in force on `date`: the last whose effective date has come (the first before any). */
export function indexInForce(effectiveDates: readonly string[], date: string): number {
  let index = 0;
  effectiveDates.forEach((d, i) => {
    if (d <= date) index = i;
  });
  return index;
}

/** The policy version in force on `date` (YYYY-MM-DD): the last whose effective date has come. */
export function policyInForce<P extends { effectiveDate: string }>(policies: readonly P[], date: string): P {
  return policies[
    indexInForce(
      policies.map((p) => p.effectiveDate),
      date,
    )
  ]!;
}

/** The next version announced (notice date reached) but not yet in force on `date`, if any. */
export function policyComing<P extends { effectiveDate: string; noticeDate: string }>(
  policies: readonly P[],
  date: string,
): P | undefined {
  return policies.find((p) => p.effectiveDate > date && p.noticeDate <= date);
}
