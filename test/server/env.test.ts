import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { EnvError, readSettings } from '../../server/env';

describe('readSettings', () => {
  it('has working defaults: data under the working directory, the built files and the demo in the package', () => {
    const s = readSettings({}, '/srv/assent', '/opt/assent');
    expect(s).toMatchObject({
      port: 8787,
      database: { kind: 'sqlite', path: '/srv/assent/data/assent.sqlite' },
      sitesDir: '/opt/assent/demo/sites',
      demoSites: true,
      demo: false,
      widgetDir: '/opt/assent/dist/widget',
      adminDir: '/opt/assent/dist/admin',
      rateLimit: { limit: 600, windowMs: 60_000 },
      trustProxy: 0,
    });
    expect(readSettings({ ASSENT_SITES_DIR: 'sites', ASSENT_DEMO: '1' }, '/srv/assent', '/opt/assent')).toMatchObject({
      sitesDir: '/srv/assent/sites',
      demoSites: false,
      demo: true,
    });
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
    expect(readSettings({ DATABASE_URL: 'postgres://a:b@db:5432/assent', ASSENT_PG_POOL: '4' }, '/').database).toEqual({
      kind: 'postgres',
      url: 'postgres://a:b@db:5432/assent',
      poolSize: 4,
    });
    expect(readSettings({ DATABASE_URL: 'postgresql://db/assent' }, '/').database).toMatchObject({
      kind: 'postgres',
      poolSize: 10,
    });
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
    expect(() => readSettings({ ASSENT_SIGNING_THREAD: 'yes' }, '/')).toThrow(
      /ASSENT_SIGNING_THREAD must be 1 or 0 \(got "yes"\)/,
    );
  });
  it('ASSENT_WRITER_THREAD: on with a second core unless turned off; anything but 1/0/true/false is refused', () => {
    expect(readSettings({}, '/').writerThread).toBe(availableParallelism() > 1);
    expect(readSettings({ ASSENT_WRITER_THREAD: '0' }, '/').writerThread).toBe(false);
    expect(readSettings({ ASSENT_WRITER_THREAD: 'true' }, '/').writerThread).toBe(true);
    expect(() => readSettings({ ASSENT_WRITER_THREAD: 'on' }, '/')).toThrow(
      /ASSENT_WRITER_THREAD must be 1 or 0 \(got "on"\)/,
    );
  });
  it('names every bad variable at once', () => {
    expect(() =>
      readSettings({ PORT: 'eighty', ASSENT_RATE_LIMIT: '-1', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }, '/'),
    ).toThrow(EnvError);
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
