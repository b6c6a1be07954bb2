import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { KeyRing, parseKeyFile } from '../../server/proof/key-ring';
import type { Database } from '../../server/store/database-schema';
import { openPostgresDatabase } from '../../server/store/postgres-store';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { leepeemReceipt } from './collector';

const ROOT = join(import.meta.dirname, '../..');

// A test that fails before stopping its collector must not leave it running after the test process ends.
const running = new Set<ReturnType<typeof spawn>>();
process.on('exit', () => running.forEach((c) => c.kill('SIGKILL')));

/**
 * Debian's libfaketime, preloaded into the collector itself rather than through the `faketime` wrapper: the
 * wrapper forks, so a signal sent to it would leave the collector running.
 */
function libfaketime(): string {
  const found = readdirSync('/usr/lib')
    .map((d) => join('/usr/lib', d, 'faketime/libfaketime.so.1'))
    .find((f) => existsSync(f));
  if (!found) throw new Error('libfaketime not found under /usr/lib/*/faketime: apt-get install faketime');
  return found;
}

/**
 * `server/main.ts` as its own process, the way `npm run serve` runs it (the build is `npm test`'s). With `fakeTime`
 * (`2027-06-02 01:00:00`, UTC) the whole process runs on that clock (Debian's libfaketime), starting there and
 * ticking on. The one way tests start one; `child` is the collector's own process.
 */
export function startCollector(
  env: Record<string, string>,
  { fakeTime, cwd = ROOT }: { fakeTime?: string; cwd?: string } = {},
) {
  const clock = fakeTime ? { LD_PRELOAD: libfaketime(), FAKETIME: `@${fakeTime}`, TZ: 'UTC' } : {};
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'server/main.ts')], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', ASSENT_RATE_LIMIT: '0', ...clock, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => ((out += d), (err += d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => out.includes('Assent collector:') && (clearInterval(t), resolve()), 25);
    void exited.then(() => (clearInterval(t), reject(new Error(`collector exited: ${out}`))));
  });
  ready.catch(() => {});
  return { child, ready, exited, output: () => out, stderr: () => err, url: `http://127.0.0.1:${env.PORT}` };
}

export async function postReceipt(base: string, body: unknown, timeoutMs = 10_000) {
  const res = await fetch(`${base}/v1/receipts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer(); // read the body: an unread one holds the connection
  return res;
}

/**
 * `workers` clients POSTing new receipts in a loop until `stop()`: which ids got a 201, and every status seen.
 * A client whose collector is gone stops.
 */
export function receiptLoad(bases: string[], workers = 16) {
  const acknowledged: string[] = [];
  const statuses = new Map<number, number>();
  const state = { stopped: false };
  const waiting: { done: () => boolean; resolve: () => void }[] = [];
  const check = () => waiting.splice(0).forEach((w) => (w.done() ? w.resolve() : waiting.push(w)));
  /** Resolves once `done()` holds (checked after every answer): the load has reached a point, no guessing how long that takes. */
  const when = (done: () => boolean) =>
    new Promise<void>((resolve) => (done() ? resolve() : waiting.push({ done, resolve })));
  const run = async (i: number) => {
    while (!state.stopped) {
      const r = leepeemReceipt();
      try {
        const res = await postReceipt(bases[i % bases.length]!, r);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) acknowledged.push(r.id);
        check();
        if (res.status === 503) await new Promise((w) => setTimeout(w, 50));
      } catch {
        if (state.stopped) return;
        await new Promise((w) => setTimeout(w, 50)); // refused or reset while the process dies: try again
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, i) => run(i)));
  return {
    acknowledged,
    statuses,
    /** Once `n` receipts in all have been acknowledged. */
    acknowledgedAtLeast: (n: number) => when(() => acknowledged.length >= n),
    /** Once `n` answers in all had `status`. */
    answeredAtLeast: (status: number, n: number) => when(() => (statuses.get(status) ?? 0) >= n),
    stop: async () => {
      state.stopped = true;
      await done;
    },
  };
}

/** The migrated database behind DATABASE_URL, to check what was stored. */
export async function openForCheck(databaseUrl: string): Promise<Kysely<Database>> {
  return databaseUrl.startsWith('postgres')
    ? (await openPostgresDatabase(databaseUrl, { poolSize: 2 })).db
    : (await openSqliteDatabase(databaseUrl)).db;
}

export async function jwksOf(keysFile: string) {
  return (await KeyRing.load(parseKeyFile(readFileSync(keysFile, 'utf8'), keysFile))).jwks;
}

/** How many times each id is stored. */
export async function storedCounts(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('receipts')
    .select((eb) => ['id', eb.fn.countAll().as('n')])
    .groupBy('id')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}
