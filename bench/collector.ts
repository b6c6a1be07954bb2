/**
 * npm run bench:collector — durable receipts/s against a no-op Hono route, side by side in one run.
 * Each server runs in its own process on loopback; autocannon drives it from this process. Rounds alternate
 * between the two so machine noise hits both; medians are reported with min–max.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const ROOT = join(import.meta.dirname, '..');

function startServer(script: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<() => Promise<void>>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Assent collector:')) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume(); // keep draining the request log so it costs what it costs in production
        resolve(() => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))));
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function receiptBody() {
  return JSON.stringify({
    id: randomUUID(),
    site: 'leepeem',
    subject: `v_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    policy: '2025-02',
    configRevision: 'bench',
    language: 'ko',
    method: 'banner',
    action: 'custom',
    choices: { categories: { necessary: true, analytics: true, marketing: false }, channels: { email: true, sms: false, sms_night: false } },
    signals: { gpc: false, decidedAt: new Date().toISOString() },
  });
}

type Result = { rps: number; p50: number; p99: number; errors: number; non2xx: number };

function run(url: string, opts: { seconds: number; connections: number; overallRate?: number }): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: opts.connections,
        duration: opts.seconds,
        overallRate: opts.overallRate,
        requests: [{ setupRequest: (req) => ({ ...req, body: receiptBody() }) }],
      },
      (err: Error | null, r: autocannon.Result) => {
        if (err) return reject(err);
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
      },
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const span = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'assent-bench-'));
  const dbPath = join(dir, 'bench.sqlite');
  const stopCollector = await startServer('server/main.ts', 18787, { DATABASE_URL: dbPath, ASSENT_KEYS_FILE: join(dir, 'keys.json'), ASSENT_RATE_LIMIT: '0', LOG_LEVEL: 'info' });
  const stopNoop = await startServer('bench/noop-server.ts', 18788);
  const receipts: Result[] = [];
  const noop: Result[] = [];
  try {
    await run('http://127.0.0.1:18787/v1/receipts', { seconds: 2, connections: CONNECTIONS }); // warm-up
    await run('http://127.0.0.1:18788/noop', { seconds: 2, connections: CONNECTIONS });
    for (let i = 0; i < ROUNDS; i++) {
      noop.push(await run('http://127.0.0.1:18788/noop', { seconds: SECONDS, connections: CONNECTIONS }));
      receipts.push(await run('http://127.0.0.1:18787/v1/receipts', { seconds: SECONDS, connections: CONNECTIONS }));
      process.stderr.write(`round ${i + 1}/${ROUNDS}: receipts ${receipts.at(-1)!.rps.toFixed(0)}/s, no-op ${noop.at(-1)!.rps.toFixed(0)}/s\n`);
    }
    const paced = await run('http://127.0.0.1:18787/v1/receipts', { seconds: 10, connections: 20, overallRate: 1000 });

    const row = (name: string, rs: Result[]) =>
      `| ${name} | ${median(rs.map((r) => r.rps)).toFixed(0)} (${span(rs.map((r) => r.rps))}) | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${rs.reduce((n, r) => n + r.errors + r.non2xx, 0)} |`;
    const ratio = median(receipts.map((r) => r.rps)) / median(noop.map((r) => r.rps));
    console.log(`\nCollector benchmark — ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, medians (min–max)\n`);
    console.log('| route | req/s | p50 ms | p99 ms | errors + non-2xx |');
    console.log('|---|---|---|---|---|');
    console.log(row('POST /v1/receipts (SQLite, synchronous=FULL, group commit)', receipts));
    console.log(row('POST /noop (Hono, nothing stored)', noop));
    console.log(`\nreceipts / no-op throughput: ${(ratio * 100).toFixed(0)} %`);
    console.log(`paced at 1,000 req/s for 10 s: p50 ${paced.p50} ms, p99 ${paced.p99} ms, ${paced.rps.toFixed(0)} req/s, errors + non-2xx ${paced.errors + paced.non2xx}`);
  } finally {
    await stopCollector();
    await stopNoop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
