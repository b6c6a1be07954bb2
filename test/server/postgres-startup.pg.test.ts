import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITES_DIR, tempDir } from '../helpers/collector';
import { startCollector } from '../helpers/collector-process';
import { freePort } from '../helpers/ports';

/** The test server's URL with one part changed. */
function variant(change: (u: URL) => void) {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  change(u);
  return u.toString();
}

describe('starting on a PostgreSQL that is not right', () => {
  it.each([
    ['a wrong password', variant((u) => (u.password = 'not-the-password')), /refused the login of user "assent"/],
    [
      'a missing database',
      variant((u) => (u.pathname = '/no_such_db')),
      /has no database "no_such_db"; create it first/,
    ],
    [
      'no server at that port',
      variant((u) => (u.port = '1')),
      /cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/,
    ],
  ])('%s: exits 1 with one clear line, no stack trace, no password', async (_, url, message) => {
    const dir = tempDir();
    const p = startCollector({
      DATABASE_URL: url,
      ASSENT_KEYS_FILE: join(dir, 'keys.json'),
      ASSENT_SITES_DIR: DEMO_SITES_DIR,
      PORT: String(await freePort()),
    });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(message);
    expect(p.output()).not.toMatch(/\n\s+at /);
    expect(p.output()).not.toContain('not-the-password');
  });
});
