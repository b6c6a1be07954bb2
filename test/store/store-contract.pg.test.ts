import { sql } from 'kysely';
import type { StoredReceipt } from '../../protocol';
import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import { StoreUnavailableError } from '../../server/store/receipt-store';
import { writePaths } from '../helpers/backends';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

const jwks = async () => (await testKeyRing()).ring.jwks;

// The same tests, unchanged, against every store: what the collector promises does not depend on the database.
describe.each(writePaths)('receipt store contract: $name', (backend) => {
  async function collector() {
    const db = await backend.create();
    const store = await db.open();
    return { ...(await makeCollector({ store })), store, open: db.open };
  }

  it('stores a receipt once: 201, the same request again 200 with the stored receipt, a changed one 409', async () => {
    const { app, store } = await collector();
    const req = leepeemReceipt();
    const first = await app.request('/v1/receipts', postJson(req));
    expect(first.status).toBe(201);
    const stored = await first.json();
    const again = await app.request('/v1/receipts', postJson(req));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(stored);
    const changed = await app.request(
      '/v1/receipts',
      postJson({
        ...req,
        action: 'accept_all',
        choices: { ...req.choices, categories: { necessary: true, analytics: true, marketing: true } },
      }),
    );
    expect(changed.status).toBe(409);
    const { secret: _, ...receipt } = stored;
    expect(await store.get(req.id)).toEqual(receipt);
    expect(await store.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    await store.close();
  });

  it('acknowledges hundreds of concurrent POSTs, replays included, each stored exactly once in one verifiable chain', async () => {
    const { app, store } = await collector();
    const requests = Array.from({ length: 300 }, () => leepeemReceipt());
    const bodies = [...requests, ...requests.filter((_, i) => i % 4 === 0)];
    const statuses = (await Promise.all(bodies.map((r) => app.request('/v1/receipts', postJson(r))))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(300);
    expect(statuses.filter((s) => s === 200)).toHaveLength(75);
    const rows = await store.db.selectFrom('receipts').select(['id', 'seq']).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(requests.map((r) => r.id)));
    expect(await verifyDatabase(store.db, await jwks())).toMatchObject({ ok: true, receipts: 300 });
    await store.close();
  });

  it('two stores on the same database (two processes, two nodes) extend one chain; a receipt sent to both is stored once', async () => {
    const db = await backend.create();
    const [a, b] = [await db.open(), await db.open()];
    const [na, nb] = [await makeCollector({ store: a }), await makeCollector({ store: b })];
    const twins = Array.from({ length: 40 }, () => leepeemReceipt());
    const singles = Array.from({ length: 100 }, () => leepeemReceipt());
    const responses = await Promise.all([
      ...twins.flatMap((r) => [
        na.app.request('/v1/receipts', postJson(r)),
        nb.app.request('/v1/receipts', postJson(r)),
      ]),
      ...singles.map((r, i) => (i % 2 ? na : nb).app.request('/v1/receipts', postJson(r))),
    ]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(140);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(await verifyDatabase(a.db, await jwks())).toMatchObject({ ok: true, receipts: 140 });
    await a.close();
    await b.close();
  });

  it('keeps receipts across close and reopen, and the chain continues from where it was', async () => {
    const { app, store, open } = await collector();
    const before = leepeemReceipt();
    expect((await app.request('/v1/receipts', postJson(before))).status).toBe(201);
    const { signature: _s, log: _l, ...stored } = (await store.get(before.id)) as StoredReceipt;
    await store.close();
    await expect(store.append(stored, 'x')).rejects.toBeInstanceOf(StoreUnavailableError);

    const reopened = await open();
    const next = await makeCollector({ store: reopened });
    expect((await next.app.request('/v1/receipts', postJson(before))).status).toBe(200);
    expect((await next.app.request('/v1/receipts', postJson(leepeemReceipt()))).status).toBe(201);
    expect(await verifyDatabase(reopened.db, await jwks())).toMatchObject({ ok: true, receipts: 2 });
    await reopened.ping();
    await reopened.close();
  });

  it('stores each notice text once by hash and reads it back', async () => {
    const { store, sites } = await collector(); // makeCollector saved the demo sites' texts already
    const text = [...sites.get('leepeem')!.notices.values()][0]!;
    await store.saveNoticeTexts([text, text]);
    expect(await store.getNoticeText(text.hash)).toEqual(text);
    const count = await store.db
      .selectFrom('notice_texts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('hash', '=', text.hash)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    expect(await store.getNoticeText('f'.repeat(64))).toBeUndefined();
    await store.close();
  });

  it('writes a signed checkpoint of every log only when a head moved, and the verifier checks it', async () => {
    const { app, store } = await collector();
    expect((await store.checkpoint(FIXED_NOW))?.heads.receipts).toEqual({ seq: 0, hash: '0'.repeat(64) }); // the revisions were logged
    expect(await store.checkpoint(FIXED_NOW)).toBeUndefined();
    await app.request('/v1/receipts', postJson(leepeemReceipt()));
    expect(await store.checkpoint(FIXED_NOW)).toMatchObject({
      seq: 2,
      heads: { receipts: { seq: 1 }, revisions: { seq: 2 } },
    });
    expect(await store.checkpoint(FIXED_NOW)).toBeUndefined();
    await app.request('/v1/receipts', postJson(leepeemReceipt()));
    const third = await store.checkpoint(FIXED_NOW);
    expect(third).toMatchObject({ seq: 3, heads: { receipts: { seq: 2 } } });
    expect(await store.latestCheckpoint()).toEqual(third);
    expect(await verifyDatabase(store.db, await jwks())).toMatchObject({ ok: true, receipts: 2, checkpoints: 3 });
    // Cutting the last receipt off is caught by the checkpoint that vouched for it.
    await store.db.deleteFrom('receipts').where('seq', '=', 2).execute();
    expect((await verifyDatabase(store.db, await jwks())).problem).toMatch(
      /checkpoint 3 .* vouches for receipt seq 2, but the receipts log ends at 1/,
    );
    await store.close();
  });

  it('detects an edited record and names it', async () => {
    const { app, store } = await collector();
    const reqs = [leepeemReceipt(), leepeemReceipt(), leepeemReceipt()];
    for (const r of reqs) await app.request('/v1/receipts', postJson(r));
    await store.db
      .updateTable('receipts')
      .set({ record: sql<string>`replace(record, '"analytics":true', '"analytics":false')` })
      .where('id', '=', reqs[1]!.id)
      .execute();
    const report = await verifyDatabase(store.db, await jwks());
    expect(report.ok).toBe(false);
    expect(report.problem).toContain(reqs[1]!.id);
    await store.close();
  });

  it('staff queries: filters, cursor pages, streaming, latest per subject, erasure keeping the chain valid', async () => {
    const { app, store } = await collector();
    const subjects = ['v_aaaaaaaaaaaaaaaa', 'v_bbbbbbbbbbbbbbbb'];
    for (let i = 0; i < 6; i++) {
      const reject = {
        action: 'reject_all',
        choices: {
          categories: { necessary: true, analytics: false, marketing: false },
          channels: { email: false, sms: false, sms_night: false },
        },
      } as const;
      const res = await app.request(
        '/v1/receipts',
        postJson(leepeemReceipt({ subject: subjects[i % 2]!, ...(i % 3 === 0 ? reject : {}) })),
      );
      expect(res.status).toBe(201);
    }
    const staff = store.staff;
    expect(await staff.listReceipts({ site: 'leepeem', action: 'reject_all' }, 10)).toHaveLength(2);
    const page1 = await staff.listReceipts({ site: 'leepeem' }, 4);
    const page2 = await staff.listReceipts({ site: 'leepeem', afterSeq: page1.at(-1)!.seq }, 4);
    expect([...page1, ...page2].map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const streamed = [];
    for await (const r of staff.streamReceipts({ site: 'leepeem', subject: subjects[0] })) streamed.push(r);
    expect(streamed).toHaveLength(3);
    const consented = await staff.consentsConfirmedBefore('leepeem', '2100-01-01T00:00:00Z');
    expect([...new Set(consented.map((r) => r.subject))].sort()).toEqual(subjects);
    expect(consented.every((r) => r.channel === 'email')).toBe(true);
    expect(await staff.listReceipts({ site: 'liv' }, 10)).toEqual([]);

    expect(await staff.redact({ site: 'leepeem', subject: subjects[0] }, 'erasure', FIXED_NOW.toISOString())).toBe(3);
    expect(await staff.listReceipts({ site: 'leepeem', subject: subjects[0] }, 10)).toEqual([]);
    const erased = await staff.listReceipts({ site: 'leepeem', subject: 'erased' }, 10);
    expect(erased.map((r) => r.receipt)).toEqual(
      erased.map(() => expect.objectContaining({ redacted: { reason: 'erasure', at: FIXED_NOW.toISOString() } })),
    );
    const afterErasure = await staff.consentsConfirmedBefore('leepeem', '2100-01-01T00:00:00Z');
    expect(afterErasure.map((r) => r.subject)).toEqual([subjects[1]]); // an erased subject is nobody's duty any more
    expect(await staff.redact({ site: 'leepeem', subject: subjects[0] }, 'erasure', FIXED_NOW.toISOString())).toBe(0);
    expect(await staff.listPurges('leepeem', 10)).toEqual([
      { at: FIXED_NOW.toISOString(), reason: 'erasure', count: 3 },
    ]);
    expect(await verifyDatabase(store.db, await jwks())).toMatchObject({ ok: true, receipts: 6 });
    await store.close();
  });

  it('banner view counts add up per site, hour and policy, and are read back by hour range', async () => {
    const { store } = await collector();
    await store.staff.addBannerViews([{ site: 'leepeem', hour: '2026-11-22T09', policy: '2025-02', count: 3 }]);
    await store.staff.addBannerViews([
      { site: 'leepeem', hour: '2026-11-22T09', policy: '2025-02', count: 2 },
      { site: 'leepeem', hour: '2026-11-22T10', policy: '2025-02', count: 1 },
      { site: 'liv', hour: '2026-11-22T09', policy: '2025-04', count: 7 },
    ]);
    expect(await store.staff.bannerViews('leepeem', '2026-11-22T00', '2026-11-22T23')).toEqual([
      { hour: '2026-11-22T09', policy: '2025-02', count: 5, answered: 0 },
      { hour: '2026-11-22T10', policy: '2025-02', count: 1, answered: 0 },
    ]);
    expect(await store.staff.bannerViews('leepeem', '2026-11-22T10', '2026-11-22T10')).toEqual([
      { hour: '2026-11-22T10', policy: '2025-02', count: 1, answered: 0 },
    ]);
    await store.close();
  });

  it('a named banner view is counted once and answered once, by its first receipt, reported before or after it', async () => {
    const { app, store } = await collector();
    const seen = { site: 'leepeem', hour: '2026-11-22T09', policy: '2025-02' };
    await store.staff.addBannerViews([], [{ ...seen, view_id: 'viewAAAAAAAAAAAA' }]);
    const answer = (subject: string, view: string) =>
      app.request(
        '/v1/receipts',
        postJson(leepeemReceipt({ subject, signals: { gpc: false, decidedAt: FIXED_NOW.toISOString(), view } })),
      );
    // Sent together: one batch holds both answers to view A, and the answer to B, whose report comes later.
    const statuses = await Promise.all([
      answer('subject_one_ABCDEFGH', 'viewAAAAAAAAAAAA'),
      answer('subject_two_ABCDEFGH', 'viewAAAAAAAAAAAA'),
      answer('subject_three_ABCDEF', 'viewBBBBBBBBBBBB'),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([201, 201, 201]);
    await store.staff.addBannerViews(
      [],
      [
        { ...seen, view_id: 'viewBBBBBBBBBBBB' },
        { ...seen, view_id: 'viewAAAAAAAAAAAA' },
      ],
    );
    expect(await store.staff.bannerViews('leepeem', '2026-11-22T00', '2026-11-22T23')).toEqual([
      { hour: '2026-11-22T09', policy: '2025-02', count: 2, answered: 2 },
    ]);
    const day = { day: '2026-11-22', lo: '2026-11-22T00', hi: '2026-11-23T00' };
    const next = { day: '2026-11-23', lo: day.hi, hi: '2026-11-24T00' };
    expect(await store.staff.decisionsByDay('leepeem', [day, next])).toEqual([
      {
        day: '2026-11-22',
        policy: '2025-02',
        action: 'custom',
        method: 'banner',
        first: 1,
        choices: expect.any(String),
        count: 3,
      },
    ]);
    expect(await store.staff.viewsByDay('leepeem', [day, next])).toEqual([
      { day: '2026-11-22', policy: '2025-02', count: 2, answered: 2 },
    ]);
    expect(await store.staff.visitors('leepeem', '2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z')).toBe(3);
    expect(await store.staff.forgetViewIds('2026-11-22T10')).toBe(2);
    // A decision from the same page weeks later (a tab left open): its view is new again, and the log still verifies.
    expect((await answer('subject_four_ABCDEFG', 'viewAAAAAAAAAAAA')).status).toBe(201);
    expect(await store.staff.bannerViews('leepeem', '2026-11-22T00', '2026-11-22T23')).toEqual([
      { hour: '2026-11-22T09', policy: '2025-02', count: 3, answered: 3 },
    ]);
    expect(await verifyDatabase(store.db, await jwks())).toMatchObject({ ok: true, decisionCounts: 1 });
    await store.close();
  });

  it('access log entries written concurrently form one chain', async () => {
    const { store } = await collector();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.staff.appendAccess({
          at: FIXED_NOW.toISOString(),
          tokenId: 'tok1',
          staff: 'officer',
          method: 'GET',
          route: '/v1/staff/receipts',
          site: 'leepeem',
          query: { i: String(i) },
          status: 200,
        }),
      ),
    );
    expect(await verifyDatabase(store.db, await jwks())).toMatchObject({ ok: true, entries: { access: 20 } });
    const listed = await store.staff.listAccess(['leepeem'], 5);
    expect(listed.map((e) => e.seq)).toEqual([20, 19, 18, 17, 16]); // newest first
    expect(await store.staff.listAccess(['liv'], 5)).toEqual([]);
    await store.db.deleteFrom('log_entries').where('log', '=', 'access').where('seq', '=', 7).execute();
    expect((await verifyDatabase(store.db, await jwks())).problem).toMatch(/access log entry 7 is missing — deleted/);
    await store.close();
  });

  it('rejected requests change nothing in the store', async () => {
    const { app, store } = await collector();
    const bad = [
      leepeemReceipt({ policy: '1999-01' }),
      leepeemReceipt({ site: 'nope' }),
      { ...leepeemReceipt(), choices: 'all' },
    ];
    for (const b of bad) expect((await app.request('/v1/receipts', postJson(b))).status).toBeGreaterThanOrEqual(400);
    expect(await store.db.selectFrom('receipts').select('id').execute()).toEqual([]);
    await store.close();
  });
});
