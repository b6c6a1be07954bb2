import { describe, expect, it } from 'vitest';
import { SUBJECT, VIEW_ID } from '../../protocol/formats';
import { newSubject, uuidv7 } from '../../widget/core/ids';

const bytes = (fill: number) => (b: Uint8Array) => b.fill(fill);

describe('visitor ids', () => {
  it('are 22 characters of the subject format, never starting with "-"', () => {
    for (const now of [Date.UTC(1973, 0, 1), Date.UTC(2026, 11, 8), Date.UTC(2108, 0, 1)]) {
      const id = newSubject(now);
      expect(id).toMatch(SUBJECT);
      expect(id).toHaveLength(22);
      expect(id[0]).not.toBe('-');
      expect(id.slice(0, 16)).toMatch(VIEW_ID);
    }
  });

  it('sort by the time they were made, whatever their random part (byte order, as SQLite compares text)', () => {
    const t = Date.UTC(2026, 11, 8, 3, 30);
    const times = [t, t + 1, t + 63, t + 64, t + 4095, t + 4096, t + 2 ** 30, t + 2 ** 36, Date.UTC(2100, 0, 1)];
    // Each later id gets the smallest random part, each earlier one the largest: only the time can order them.
    const ids = times.map((at, i) => newSubject(at, bytes(i % 2 ? 0 : 255)));
    expect([...ids].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))).toEqual(ids);
    expect([...ids].sort()).toEqual(ids);
  });

  it('made in the same millisecond still differ (90 random bits)', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => newSubject(now)));
    expect(ids.size).toBe(10_000);
    expect(new Set([...ids].map((id) => id.slice(0, 7))).size).toBe(1);
  });

  it('receipt ids (v7) sort by time too', () => {
    const t = Date.UTC(2026, 11, 8);
    expect([uuidv7(t + 1, bytes(0)), uuidv7(t, bytes(255))].sort()).toEqual([
      uuidv7(t, bytes(255)),
      uuidv7(t + 1, bytes(0)),
    ]);
  });
});
