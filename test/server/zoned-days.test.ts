import { describe, expect, it } from 'vitest';
import { dayStart, daysBetween, isTimeZone, localDay } from '../../server/stats/zoned-days';

describe('days in a time zone', () => {
  it.each([
    ['2026-11-22', 'Asia/Seoul', '2026-11-21T15:00:00.000Z'],
    ['2026-11-22', 'UTC', '2026-11-22T00:00:00.000Z'],
    ['2026-11-22', 'Asia/Kolkata', '2026-11-21T18:30:00.000Z'],
    ['2026-03-08', 'America/New_York', '2026-03-08T05:00:00.000Z'], // the day DST starts (at 02:00)
    ['2026-03-09', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00.000Z'], // the day DST ends
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'], // midnight does not exist: the day starts at 01:00
  ])('%s in %s begins at %s', (day, tz, iso) => {
    const t = dayStart(day, tz);
    expect(new Date(t).toISOString()).toBe(iso);
    expect(localDay(t, tz)).toBe(day);
    expect(localDay(t - 1, tz)).not.toBe(day);
  });

  it('knows IANA zones and lists days across month ends', () => {
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});
