import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeyRing, parseKeyFile } from '../../server/proof/key-ring';
import { verifyLog } from '../../server/proof/verify-log';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { DEMO_SITES_DIR, leepeemReceipt, tempDir } from '../helpers/collector';

const ROOT = join(import.meta.dirname, '../..');

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ASSENT_RATE_LIMIT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => out.includes('Assent collector:') && (clearInterval(t), resolve()), 25);
    void exited.then(() => (clearInterval(t), reject(new Error(out))));
  });
  ready.catch(() => {});
  return { child, ready, exited };
}

describe('crash safety', () => {
  it('kill -9 during a load: every receipt that got a 201 is stored exactly once, and the log still verifies', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: join(dir, 'a.sqlite'), ASSENT_KEYS_FILE: join(dir, 'keys.json'), ASSENT_SITES_DIR: DEMO_SITES_DIR, PORT: String(30000 + Math.floor(Math.random() * 20000)) };
    const first = start(env);
    await first.ready;
    const acknowledged: string[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const r = leepeemReceipt();
        try {
          const res = await fetch(`http://127.0.0.1:${env.PORT}/v1/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r) });
          if (res.status === 201) acknowledged.push(r.id);
        } catch {
          return; // the process is gone
        }
      }
    };
    const load = Array.from({ length: 32 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(load);
    expect(acknowledged.length).toBeGreaterThan(50);

    // Restart on the same file: the chain continues from what is on disk.
    const second = start(env);
    await second.ready;
    const after = leepeemReceipt();
    expect((await fetch(`http://127.0.0.1:${env.PORT}/v1/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(after) })).status).toBe(201);
    second.child.kill('SIGTERM');
    await second.exited;

    const db = new Database(env.DATABASE_URL, { readonly: true });
    const rows = db.prepare('select id, count(*) n from receipts group by id').all() as { id: string; n: number }[];
    db.close();
    const stored = new Map(rows.map((r) => [r.id, r.n]));
    for (const id of acknowledged) expect(stored.get(id)).toBe(1);
    expect(stored.get(after.id)).toBe(1);
    const { db: kdb } = await openSqliteDatabase(env.DATABASE_URL);
    const jwks = (await KeyRing.load(parseKeyFile(readFileSync(env.ASSENT_KEYS_FILE, 'utf8'), 'keys'))).jwks;
    const report = await verifyLog(kdb, jwks);
    await kdb.destroy();
    expect(report).toMatchObject({ ok: true });
    expect(report.receipts).toBe(rows.length);
  });
});
