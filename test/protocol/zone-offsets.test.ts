import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../protocol/policy-dates';
import { dateByOffsets, offsetAt, zoneOffsets } from '../../protocol/zone-offsets';

const HOUR = 3_600_000;
const from = Date.UTC(2020, 0, 1);
const to = Date.UTC(2031, 0, 1);

describe('the loader’s zone offset table', () => {
  it('knows the offsets of fixed, DST, half-hour and southern zones', () => {
    expect(offsetAt('Asia/Seoul', Date.UTC(2026, 5, 1))).toBe(540);
    expect(offsetAt('Asia/Kathmandu', Date.UTC(2026, 5, 1))).toBe(345);
    expect(offsetAt('Europe/Berlin', Date.UTC(2026, 0, 1))).toBe(60);
    expect(offsetAt('Europe/Berlin', Date.UTC(2026, 6, 1))).toBe(120);
    expect(offsetAt('America/Los_Angeles', Date.UTC(2026, 6, 1))).toBe(-420);
    expect(zoneOffsets('Asia/Seoul', from, to)).toEqual([[from, 540]]);
    // Two changes a year in Berlin, found to the minute: 2026-03-29 01:00 UTC and 2026-10-25 01:00 UTC.
    const berlin = zoneOffsets('Europe/Berlin', from, to);
    expect(berlin).toContainEqual([Date.UTC(2026, 2, 29, 1), 120]);
    expect(berlin).toContainEqual([Date.UTC(2026, 9, 25, 1), 60]);
    expect(berlin.length).toBe(1 + 2 * 11);
  });

  it('gives the same calendar day as Intl at every hour around each change, in every zone tried', () => {
    for (const zone of [
      'Asia/Seoul',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Apia',
      'UTC',
    ]) {
      const table = zoneOffsets(zone, from, to);
      const instants = table.flatMap(([start]) => Array.from({ length: 49 }, (_, i) => start + (i - 24) * HOUR));
      // And a sweep over a whole year, every 7 hours.
      for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 7 * HOUR) instants.push(t);
      const wrong = instants.filter((t) => dateByOffsets(table, t) !== dateInZone(t, zone));
      expect(wrong.map((t) => `${zone} ${new Date(t).toISOString()}`)).toEqual([]);
    }
  });

  it('midnight in Seoul is the next day at 15:00 UTC', () => {
    const table = zoneOffsets('Asia/Seoul', from, to);
    expect(dateByOffsets(table, Date.UTC(2026, 2, 31, 14, 59))).toBe('2026-03-31');
    expect(dateByOffsets(table, Date.UTC(2026, 2, 31, 15, 0))).toBe('2026-04-01');
  });
});
