import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEMO_SITES_DIR, leepeemReceipt, tempDir } from '../helpers/collector';
import { startCollector } from '../helpers/collector-process';

/** The collector process with its own key file (and the default rate limit unless a test sets one). */
const start = (env: Record<string, string>) =>
  startCollector({ ASSENT_KEYS_FILE: join(tempDir(), 'keys.json'), ASSENT_RATE_LIMIT: '600', ...env });

const freePort = () => 20000 + Math.floor(Math.random() * 20000);

describe('the collector process', () => {
  it('stops at start-up on an invalid site config, naming file, path and problem, without a stack trace', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sites'));
    writeFileSync(join(dir, 'sites', 'clinic.json'), JSON.stringify({ id: 'clinic', name: { en: 'Clinic' } }));
    const p = start({
      ASSENT_SITES_DIR: join(dir, 'sites'),
      DATABASE_URL: join(dir, 'a.sqlite'),
      PORT: String(freePort()),
    });
    expect(await p.exited).toBe(1);
    const err = p.stderr();
    expect(err).toContain('clinic.json: $.origins is required');
    expect(err).toContain('clinic.json: $.policies is required');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('refuses to start when a policy change is announced less than 7 days ahead; warns of sites without a notice webhook', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sites'));
    const liv = JSON.parse(readFileSync(join(DEMO_SITES_DIR, 'liv.json'), 'utf8'));
    const next = { ...liv.policies[0], id: '2027-02', noticeDate: '2027-01-31', effectiveDate: '2027-02-01' };
    writeFileSync(join(dir, 'sites', 'liv.json'), JSON.stringify({ ...liv, policies: [...liv.policies, next] }));
    const p = start({
      ASSENT_SITES_DIR: join(dir, 'sites'),
      DATABASE_URL: join(dir, 'a.sqlite'),
      PORT: String(freePort()),
    });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain(
      'liv.json: $.policies[1].effectiveDate takes effect 1 day(s) after its notice date (2027-01-31): a change must be ' +
        'announced at least 7 days before (policyNoticeDays)',
    );
    // Announced 7 days ahead it starts; Liv has channels and no webhook, so the officer is told who gives notices.
    next.noticeDate = '2027-01-25';
    writeFileSync(join(dir, 'sites', 'liv.json'), JSON.stringify({ ...liv, policies: [...liv.policies, next] }));
    // LEEPEEM asks the age and has no code gateway: the officer is told who verifies guardians.
    writeFileSync(join(dir, 'sites', 'leepeem.json'), readFileSync(join(DEMO_SITES_DIR, 'leepeem.json'), 'utf8'));
    const ok = start({
      ASSENT_SITES_DIR: join(dir, 'sites'),
      DATABASE_URL: join(dir, 'a.sqlite'),
      PORT: String(freePort()),
    });
    await ok.ready;
    // The log lines are written asynchronously: they may follow the start-up banner by a moment.
    await expect
      .poll(ok.output)
      .toMatch(/"site":"liv".*no result-notice webhook: only on-screen notices will be given/);
    await expect
      .poll(ok.output)
      .toMatch(/"site":"leepeem".*no guardian-code gateway: children's optional consents wait/);
    expect(ok.output()).not.toMatch(/"site":"liv".*no guardian-code gateway/);
    ok.child.kill('SIGTERM');
    expect(await ok.exited).toBe(0);
  });

  it('stops with a clear message when the port is taken, leaving the database intact', async () => {
    const busy = createServer().listen(0, '0.0.0.0');
    await new Promise((r) => busy.once('listening', r));
    const dir = tempDir();
    const p = start({
      ASSENT_SITES_DIR: DEMO_SITES_DIR,
      DATABASE_URL: join(dir, 'a.sqlite'),
      PORT: String((busy.address() as AddressInfo).port),
    });
    expect(await p.exited).toBe(1);
    busy.close();
    expect(p.stderr()).toMatch(/assent: cannot listen: port \d+ is already in use; set PORT to another one/);
    expect(p.stderr()).not.toMatch(/\n\s+at /);
    const db = new Database(join(dir, 'a.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('started from another folder, it still serves the widget and the dashboard; the demo pages only when asked for', async () => {
    const elsewhere = tempDir();
    const port = freePort();
    const p = startCollector(
      { ASSENT_KEYS_FILE: join(elsewhere, 'keys.json'), PORT: String(port) },
      { cwd: elsewhere },
    );
    await p.ready;
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`).then((r) => (r.arrayBuffer(), r.status));
    expect(await get('/assent.js')).toBe(200);
    expect(await get('/admin/')).toBe(200);
    expect(await get('/demo/leepeem/')).toBe(404); // ASSENT_DEMO is off unless asked for (npm start asks)
    expect(p.output()).toMatch(/serving the demo clinics' site configs: set ASSENT_SITES_DIR to your own/);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const demo = startCollector(
      {
        ASSENT_KEYS_FILE: join(elsewhere, 'keys.json'),
        PORT: String(port + 1),
        ASSENT_DEMO: '1',
        DATABASE_URL: join(elsewhere, 'b.sqlite'),
      },
      { cwd: elsewhere },
    );
    await demo.ready;
    expect(await fetch(`http://127.0.0.1:${port + 1}/demo/leepeem/`).then((r) => (r.arrayBuffer(), r.status))).toBe(
      200,
    );
    demo.child.kill('SIGTERM');
    await demo.exited;
  });

  it('stops on a bad environment with a clear message', async () => {
    const p = start({ PORT: 'http' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('PORT must be a whole number from 0 to 65535 (got "http")');
  });

  it('on SIGTERM finishes in-flight receipts, closes the database and exits 0', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'assent.sqlite');
    const port = freePort();
    const p = start({
      ASSENT_SITES_DIR: DEMO_SITES_DIR,
      DATABASE_URL: dbPath,
      PORT: String(port),
      ASSENT_RATE_LIMIT: '0',
      LOG_LEVEL: 'info',
    });
    await p.ready;
    const requests = Array.from({ length: 200 }, () => leepeemReceipt());
    const sent = requests.map((r) =>
      // A client that gives up after 10 s, reading each body so its connection is free to close.
      fetch(`http://127.0.0.1:${port}/v1/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(r),
        signal: AbortSignal.timeout(10_000),
      }).then(
        async (res) => ({ id: r.id, status: (await res.arrayBuffer(), res.status) }),
        () => ({ id: r.id, status: 0 }),
      ),
    );
    // Stop while requests are in flight: once the first answer is back, the rest are on their way.
    await Promise.race(sent);
    p.child.kill('SIGTERM');
    const results = await Promise.all(sent);
    const code = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    if (code !== 0) console.error('DIAG', code, p.output().slice(-5000));
    expect(code).toBe(0);
    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.id);
    expect(acknowledged.length).toBeGreaterThan(0);
    const db = new Database(dbPath, { readonly: true });
    const stored = new Set((db.prepare('select id from receipts').all() as { id: string }[]).map((r) => r.id));
    db.close();
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
  });
});
