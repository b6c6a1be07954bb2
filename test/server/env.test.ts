import { describe, expect, it } from 'vitest';
import { EnvError, readSettings } from '../../server/env';

describe('readSettings', () => {
  it('has working defaults', () => {
    const s = readSettings({}, '/srv/assent');
    expect(s).toMatchObject({ port: 8787, database: { kind: 'sqlite', path: '/srv/assent/data/assent.sqlite' }, sitesDir: '/srv/assent/demo/sites', rateLimit: { limit: 600, windowMs: 60_000 }, trustProxy: 0 });
  });
  it.each([
    ['./x.sqlite', '/srv/x.sqlite'],
    ['sqlite:db/a.sqlite', '/srv/db/a.sqlite'],
    ['sqlite:///var/lib/assent.sqlite', '/var/lib/assent.sqlite'],
    ['file:/tmp/a.sqlite', '/tmp/a.sqlite'],
  ])('DATABASE_URL %s is the SQLite file %s', (url, path) => {
    expect(readSettings({ DATABASE_URL: url }, '/srv').database).toEqual({ kind: 'sqlite', path });
  });
  it('a postgres:// URL selects PostgreSQL, with the pool size from ASSENT_PG_POOL', () => {
    expect(readSettings({ DATABASE_URL: 'postgres://a:b@db:5432/assent', ASSENT_PG_POOL: '4' }, '/').database).toEqual({ kind: 'postgres', url: 'postgres://a:b@db:5432/assent', poolSize: 4 });
    expect(readSettings({ DATABASE_URL: 'postgresql://db/assent' }, '/').database).toMatchObject({ kind: 'postgres', poolSize: 10 });
  });
  it.each([
    ['postgres://db:5432/', /names no database/],
    ['postgres://a:b@db:notaport/x', /not a valid postgres:\/\/ URL/],
  ])('rejects the PostgreSQL URL %s clearly, without echoing the password', (url, message) => {
    expect(() => readSettings({ DATABASE_URL: url }, '/')).toThrow(message);
    expect(() => readSettings({ DATABASE_URL: url }, '/')).not.toThrow(/:b@/);
  });
  it('ASSENT_SIGNING_THREAD turns the signing thread on; anything but 1/0/true/false is refused', () => {
    expect(readSettings({}, '/').signingThread).toBe(false);
    expect(readSettings({ ASSENT_SIGNING_THREAD: '1' }, '/').signingThread).toBe(true);
    expect(readSettings({ ASSENT_SIGNING_THREAD: 'false' }, '/').signingThread).toBe(false);
    expect(() => readSettings({ ASSENT_SIGNING_THREAD: 'yes' }, '/')).toThrow(/ASSENT_SIGNING_THREAD must be 1 or 0 \(got "yes"\)/);
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
