import { describe, expect, it } from 'vitest';
import { EnvError, readSettings } from '../../server/env';

describe('readSettings', () => {
  it('has working defaults', () => {
    const s = readSettings({}, '/srv/assent');
    expect(s).toMatchObject({ port: 8787, sqlitePath: '/srv/assent/data/assent.sqlite', sitesDir: '/srv/assent/demo/sites', rateLimit: { limit: 600, windowMs: 60_000 }, trustProxy: false });
  });
  it.each([
    ['./x.sqlite', '/srv/x.sqlite'],
    ['sqlite:db/a.sqlite', '/srv/db/a.sqlite'],
    ['sqlite:///var/lib/assent.sqlite', '/var/lib/assent.sqlite'],
    ['file:/tmp/a.sqlite', '/tmp/a.sqlite'],
  ])('DATABASE_URL %s is the SQLite file %s', (url, path) => {
    expect(readSettings({ DATABASE_URL: url }, '/srv').sqlitePath).toBe(path);
  });
  it('names every bad variable at once', () => {
    expect(() => readSettings({ PORT: 'eighty', ASSENT_RATE_LIMIT: '-1', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }, '/')).toThrow(EnvError);
    try {
      readSettings({ PORT: 'eighty', ASSENT_RATE_LIMIT: '-1', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }, '/');
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/PORT must be a whole number/);
      expect(msg).toMatch(/ASSENT_RATE_LIMIT/);
      expect(msg).toMatch(/LOG_LEVEL/);
      expect(msg).toMatch(/DATABASE_URL: unknown scheme/);
    }
  });
});
