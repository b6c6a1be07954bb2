/**
 * npm run bench:stages — what one receipt costs the collector's CPU, stage by stage, in-process (no HTTP, no
 * load generator): each stage run over the same BENCH_RECEIPTS (default 20,000) receipts like the widget's (v7
 * ids, a new time-ordered subject each, analytics and email allowed), alternating BENCH_ROUNDS (default 5) times; medians of µs
 * per receipt. The store stage appends real batches of 32 to a fresh SQLite file through the collector's own store
 * (its CPU only: the time the disk takes to sync is not CPU, and bench:collector measures it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeptRequest } from '../protocol';
import { receiptSecret } from '../server/proof/receipt-proof';
import { buildReceipt, requestHash } from '../server/receipts/build-receipt';
import { checkReceipt, staleness } from '../server/receipts/check-receipt';
import { contactIssues, keepRequest } from '../server/receipts/contact-keys';
import { parseReceiptRequest } from '../server/receipts/record-receipt';
import { planBatch, rowsOf, type PendingReceipt } from '../server/store/receipt-batch';
import { openSqliteStore } from '../server/store/sqlite-store';
import { demoNoticeRule, demoRevision, makeCollector, testKeyRing } from '../test/helpers/collector';
import { newSubject, uuidv7 } from '../widget/core/ids';

const N = Number(process.env.BENCH_RECEIPTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 32;

const bodies = Array.from({ length: N }, () =>
  JSON.stringify({
    id: uuidv7(Date.now()),
    site: 'leepeem',
    subject: newSubject(Date.now()),
    policy: '2025-02',
    configRevision: demoRevision('leepeem'),
    language: 'ko',
    method: 'banner',
    action: 'custom',
    age: 'adult',
    choices: {
      categories: { necessary: true, analytics: true, marketing: false },
      channels: { email: true, sms: false, sms_night: false },
    },
    signals: { gpc: false, decidedAt: new Date().toISOString() },
  }),
);

async function main() {
  const keys = (await testKeyRing()).ring;
  const c = await makeCollector();
  const site = c.sites.get('leepeem')!;
  const revision = c.sites.revision('leepeem', site.revision)!;
  const now = new Date();
  const notice = demoNoticeRule();
  const dir = mkdtempSync(join(tmpdir(), 'assent-stages-'));

  // Each stage's input is the previous stage's output, made once outside the timing.
  const parsed = bodies.map((b) => parseReceiptRequest(JSON.parse(b)));
  const kept = parsed.map((r) => keepRequest(r, keys) as KeptRequest);
  const built = kept.map((k) => ({ receipt: buildReceipt(k, revision, 'none', now, undefined), hash: requestHash(k) }));
  const source = { stored: () => undefined, latest: () => undefined, channels: () => ({}) };
  let head = { seq: 0, hash: '0'.repeat(64) };
  const plans = () => {
    const out = [];
    for (let i = 0; i < N; i += BATCH) {
      const plan = planBatch(head, built.slice(i, i + BATCH) as PendingReceipt[], source, notice);
      head = { seq: head.seq + plan.placed.length, hash: plan.placed.at(-1)!.hash };
      out.push(plan);
    }
    return out;
  };
  const planned = plans();
  const signatures = await Promise.all(planned.map((p) => Promise.all(p.inputs.map((i) => keys.signer.sign(i)))));
  const stored = planned.flatMap((p, i) => rowsOf(p, signatures[i]!).receipts);

  let round = 0;
  const stages: Record<string, () => Promise<unknown> | unknown> = {
    'parse the body (JSON, valibot)': () => bodies.forEach((b) => parseReceiptRequest(JSON.parse(b))),
    'check it (revision, policy in force, choices, age, contacts)': () =>
      parsed.forEach((r) => {
        staleness(r, { site, now, staff: false });
        checkReceipt(r, { site, revision, now, staff: false });
        contactIssues(r);
      }),
    'build it (keyed contacts, request hash, server fields)': () =>
      parsed.forEach((r) => {
        const k = keepRequest(r, keys);
        buildReceipt(k, revision, 'none', now, undefined);
        requestHash(k);
      }),
    'lay it out on the chain (canonical JSON, commitment, link, notice, consents, counts)': () => {
      head = { seq: 0, hash: '0'.repeat(64) };
      plans();
    },
    'sign it (Ed25519)': () => Promise.all(planned.flatMap((p) => p.inputs.map((i) => keys.signer.sign(i)))),
    // The store's whole append: the two rows above again, and the SQLite write and commit (fsync'd).
    'append to the store (layout + sign + SQLite write and commit), batches of 32': async () => {
      const store = await openSqliteStore(join(dir, `stages-${round++}.sqlite`), keys.signer, { notice });
      for (let i = 0; i < N; i += BATCH)
        await Promise.all(built.slice(i, i + BATCH).map((b) => store.append(b.receipt, b.hash)));
      await store.close();
    },
    'answer (receipt secret, response JSON)': () =>
      stored.forEach((r) => JSON.stringify({ ...r, secret: receiptSecret(keys, r.id) })),
  };
  const times = new Map<string, number[]>(Object.keys(stages).map((s) => [s, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, run] of Object.entries(stages)) {
      const cpu = process.cpuUsage();
      await run();
      const used = process.cpuUsage(cpu);
      times.get(name)!.push((used.user + used.system) / N);
    }
  rmSync(dir, { recursive: true, force: true });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `\nCPU per receipt, stage by stage — ${new Date().toISOString().slice(0, 10)}, ${N.toLocaleString('en')} receipts × ` +
      `${ROUNDS} rounds, medians (min–max); load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
  );
  console.log('| stage | µs per receipt |\n|---|---|');
  let total = 0;
  for (const [name, ts] of times) {
    total += median(ts);
    console.log(`| ${name} | ${median(ts).toFixed(1)} (${Math.min(...ts).toFixed(1)}–${Math.max(...ts).toFixed(1)}) |`);
  }
  // The store's row repeats the layout and signing rows: counted once.
  const [layout, sign] = [3, 4].map((i) => median(times.get(Object.keys(stages)[i]!)!)) as [number, number];
  console.log(`| **all the stages a receipt goes through** | **${(total - layout - sign).toFixed(1)}** |`);
  await c.store.close();
}

await main();
