/**
 * npm run bench:overview — the dashboard's overview of a year of receipts on SQLite, side by side in one run:
 * `GET /v1/staff/stats` as it is now (SQL sums over `decision_counts`, `banner_views`, one distinct count over the
 * receipts' index) against the method it replaced (every receipt of the range streamed and counted in JS, as
 * server/stats/consent-stats.ts did until commit e7edd7d; kept in bench/overview-streaming.ts).
 *
 * The database is filled through the collector's own batch layout (server/store/receipt-batch.ts), so rows,
 * records, counts and indexes are what the collector writes; signatures are a placeholder (this measures reading).
 * BENCH_RECEIPTS (default 1,000,000) over 365 days, ~60 % as many visitors, BENCH_ROUNDS (default 5) per method,
 * alternating; medians with min–max.
 */
import BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Action, UnsignedReceipt } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol';
import { requestHash } from '../server/receipts/build-receipt';
import { DECISION_COUNT_COLUMNS } from '../server/stats/decision-counts';
import { dayBuckets } from '../server/stats/zoned-days';
import type { KyselyReceiptStore } from '../server/store/kysely-receipt-store';
import { RECEIPT_COLUMNS, planBatch, rowsOf, type PendingReceipt } from '../server/store/receipt-batch';
import { openSqliteStore } from '../server/store/sqlite-store';
import { createStaffToken } from '../server/store/staff-tokens';
import { demoNoticeRule, demoRevision, makeCollector, testKeyRing } from '../test/helpers/collector';
import { streamingStats } from './overview-streaming';

const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const VISITORS = Math.round(RECEIPTS * 0.6);
const START = Date.parse('2025-12-01T00:00:00.000Z');
const YEAR = 365 * 86_400_000;
const NOW = new Date(START + YEAR);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const span = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** A deterministic spread of decisions: most accept or reject in the banner, some customise, a few withdraw. */
function receiptAt(i: number, subject: string): UnsignedReceipt {
  const r = (i * 2_654_435_761) % 1000;
  const action: Action = r < 480 ? 'accept_all' : r < 800 ? 'reject_all' : r < 960 ? 'custom' : 'withdraw';
  const on = action === 'accept_all';
  const off = action === 'reject_all' || action === 'withdraw';
  const at = new Date(START + Math.floor((i / RECEIPTS) * YEAR)).toISOString();
  return {
    v: PROTOCOL_VERSION,
    id: randomUUID(),
    site: 'leepeem',
    subject,
    policy: '2025-02',
    configRevision: demoRevision('leepeem'),
    language: r % 3 ? 'ko' : 'en',
    method: r % 10 ? 'banner' : 'preferences',
    action,
    choices: {
      categories: { necessary: true, analytics: on || (!off && r % 2 === 0), marketing: on },
      channels: { email: !off && r % 4 === 0, sms: !off && r % 5 === 0, sms_night: false },
    },
    age: 'adult',
    signals: { gpc: false, decidedAt: at, ...(r % 10 ? { view: `v${String(i).padStart(15, '0')}` } : {}) },
    receivedAt: at,
    notice: { hash: 'sha256:bench', language: 'ko' },
    salt: 'AAAAAAAAAAAAAAAAAAAAAA',
  };
}

/** The year of receipts, through the collector's batch layout, in large transactions. */
function fill(path: string) {
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const insert = sqlite.prepare(
    `insert into receipts (${RECEIPT_COLUMNS.join(', ')}) values (${RECEIPT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const count = sqlite.prepare(
    `insert into decision_counts (${DECISION_COUNT_COLUMNS.join(', ')}) ` +
      `values (${DECISION_COUNT_COLUMNS.map((c) => `@${c}`).join(', ')}) ` +
      `on conflict (${DECISION_COUNT_COLUMNS.slice(0, -1).join(', ')}) do update set count = decision_counts.count + excluded.count`,
  );
  const view = sqlite.prepare(
    'insert into banner_views (site, hour, policy, count, answered) values (?, ?, ?, ?, ?) ' +
      'on conflict do update set count = banner_views.count + excluded.count, answered = banner_views.answered + excluded.answered',
  );
  const latest = new Map<string, { id: string; record: string }>();
  const source = {
    stored: () => undefined,
    latest: (_site: string, subject: string) => latest.get(subject),
    channels: () => ({}),
  };
  let head = { seq: 0, hash: 'genesis' };
  const chunk = sqlite.transaction((batch: PendingReceipt[]) => {
    const plan = planBatch(head, batch, source, () => undefined);
    const { rows, counts, receipts } = rowsOf(
      plan,
      plan.inputs.map(() => 'bench-signature'),
    );
    for (const row of rows) insert.run(row);
    for (const c of counts) count.run(c);
    for (const r of receipts) {
      latest.set(r.subject, { id: r.id, record: JSON.stringify({ id: r.id, choices: r.choices }) });
      // Each banner decision answered a view; as many again were shown and left unanswered.
      if (r.signals.view) view.run('leepeem', r.receivedAt.slice(0, 13), r.policy, 2, 1);
    }
    const last = rows.at(-1)!;
    head = { seq: last.seq, hash: last.hash! };
  });
  for (let i = 0; i < RECEIPTS; i += 2000) {
    const batch: PendingReceipt[] = [];
    for (let j = i; j < Math.min(RECEIPTS, i + 2000); j++) {
      const receipt = receiptAt(j, `visitor_${String((j * 7919) % VISITORS).padStart(12, '0')}`);
      batch.push({ receipt, hash: requestHash(receipt) });
    }
    chunk(batch);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('analyze');
  sqlite.close();
}

async function main() {
  // BENCH_DB keeps the filled database at that path and reuses it on the next run (filling takes minutes).
  const dir = process.env.BENCH_DB ? undefined : mkdtempSync(join(tmpdir(), 'assent-bench-overview-'));
  const path = process.env.BENCH_DB ?? join(dir!, 'assent.sqlite');
  const keys = (await testKeyRing()).ring;
  const reuse = existsSync(path);
  // The schema, by the collector's own migrations.
  if (!reuse) await (await openSqliteStore(path, keys.signer, { notice: demoNoticeRule() })).close();
  let t = performance.now();
  if (!reuse) fill(path);
  else console.log(`reusing ${path}`);
  if (!reuse)
    console.log(
      `filled ${RECEIPTS.toLocaleString('en')} receipts (${VISITORS.toLocaleString('en')} visitors, 365 days) ` +
        `in ${((performance.now() - t) / 1000).toFixed(0)} s; ` +
        `file ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB`,
    );
  const store = (await openSqliteStore(path, keys.signer, { notice: demoNoticeRule() })) as KyselyReceiptStore;
  const c = await makeCollector({ store, dbPath: path, clock: { now: () => NOW } });
  const { token } = await createStaffToken(store.db, 'bench', ['leepeem'], NOW);
  const site = c.sites.get('leepeem')!.config;
  const range = { from: '2025-12-01', to: '2026-12-01', timeZone: 'Asia/Seoul' };
  const methods = {
    'SQL sums (now)': async () => {
      const res = await c.app.request(
        `/v1/staff/stats?site=leepeem&from=${range.from}&to=${range.to}&tz=${range.timeZone}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      if (res.status !== 200) throw new Error(`stats: ${res.status} ${await res.text()}`);
      return (await res.json()).decisions as number;
    },
    'streaming every receipt (before)': async () => (await streamingStats(store.staff, site, range)).decisions,
  };
  // The parts of the SQL method, each alone, to show where its time goes.
  const days = dayBuckets(range.from, range.to, range.timeZone);
  const [first, last] = [days[0]!.lo, days.at(-1)!.hi].map((b) => new Date(`${b}:00Z`).toISOString()) as [
    string,
    string,
  ];
  const parts = {
    'decisions by day (sums)': () => store.staff.decisionsByDay('leepeem', days).then((r) => r.length),
    'banner views by day (sums)': () => store.staff.viewsByDay('leepeem', days).then((r) => r.length),
    'visitors (distinct subjects)': () => store.staff.visitors('leepeem', first, last),
  };
  const times = new Map<string, number[]>([...Object.keys(methods), ...Object.keys(parts)].map((m) => [m, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, run] of Object.entries(parts)) {
      t = performance.now();
      await run();
      times.get(name)!.push(performance.now() - t);
    }
  const load = loadavg().map((l) => l.toFixed(2));
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, run] of Object.entries(methods)) {
      t = performance.now();
      const decisions = await run();
      times.get(name)!.push(performance.now() - t);
      if (decisions !== RECEIPTS) throw new Error(`${name} counted ${decisions} decisions, not ${RECEIPTS}`);
    }
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log(
    `\noverview of one year (${range.from} … ${range.to}, ${range.timeZone}), ${ROUNDS} rounds each, alternating:`,
  );
  for (const [name, ts] of times)
    console.log(`  ${name.padEnd(34)} ${median(ts).toFixed(0).padStart(6)} ms (${span(ts)})`);
  const [now, before] = Object.keys(methods).map((m) => median(times.get(m)!)) as [number, number];
  console.log(
    `load average before ${load.join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(
    `overview: ${now.toFixed(0)} ms for ${RECEIPTS.toLocaleString('en')} receipts (${(before / now).toFixed(1)}× faster than before)`,
  );
}

await main();
