import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyRing, parseKeyFile } from '../../server/proof/key-ring';
import { verifyDatabase } from '../../server/proof/verify-log';
import { createStaffToken } from '../../server/store/staff-tokens';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { leepeemReceipt, makeCollector, postJson, tempDir } from '../helpers/collector';

const FIXTURE = join(import.meta.dirname, '../fixtures/protocol-1');

/** A copy of the protocol-1 database (test/fixtures/protocol-1/README.md), opened by today's collector at `now`. */
async function upgraded(now: { at: Date }) {
  const dbPath = join(tempDir(), 'old.sqlite');
  copyFileSync(join(FIXTURE, 'protocol-1.sqlite'), dbPath);
  const keys = await KeyRing.load(parseKeyFile(readFileSync(join(FIXTURE, 'protocol-1.keys.json'), 'utf8'), 'fixture'));
  const c = await makeCollector({ dbPath, keys, clock: { now: () => now.at } });
  const db = (c.store as KyselyReceiptStore).db;
  const { token } = await createStaffToken(db, 'Kim', ['liv'], now.at);
  const staff = (path: string) => c.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { ...c, db, keys, staff };
}

describe('a database of protocol 1, opened by this collector', () => {
  it('gets per-channel consent dates from its receipts; a cookie click that carried email forward moves nothing', async () => {
    const now = { at: new Date('2027-05-02T00:00:00Z') };
    const c = await upgraded(now);
    const rows = await c.db.selectFrom('channel_consents').selectAll().orderBy('subject').orderBy('channel').execute();
    const granted = rows.filter((r) => r.granted).map((r) => [r.subject, r.channel, r.consented_at, r.confirmed_at]);
    expect(granted).toEqual([
      // Consented 2025-05-01; the "accept all" of 2026-07-10 carried email forward (protocol 1) and changed nothing.
      ['carried_forward_ABCDEFG', 'email', '2025-05-01T10:00:00.000Z', '2025-05-01T10:00:00.000Z'],
      ['reconfirmed_ABCDEFGHIJK', 'email', '2025-05-02T10:00:00.000Z', '2026-05-03T10:00:00.000Z'],
    ]);
    // SMS consented then withdrawn: a row that says so; the erased subject has none.
    expect(rows.find((r) => r.subject === 'sms_then_no_ABCDEFGHIJ' && r.channel === 'sms')?.granted).toBe(0);
    expect(rows.some((r) => r.subject.startsWith('erased'))).toBe(false);

    const due = await (await c.staff('/v1/staff/reconfirmations?site=liv&days=0')).json();
    expect(due.due.map((d: { subject: string; overdue: boolean }) => [d.subject, d.overdue])).toEqual([
      ['carried_forward_ABCDEFG', true],
    ]);

    // The old log verifies as it is: protocol-1 notices by their own rule, the new table by the fold.
    expect(await verifyDatabase(c.db, c.keys.jwks)).toMatchObject({
      ok: true,
      receipts: 7,
      erased: 1,
      channelConsents: 9,
    }); // 3 live subjects × 3 channels named (protocol 1 named all);
  });

  it('its checkpoint from before the requests log still verifies, and the next one names that log', async () => {
    const now = { at: new Date('2027-05-02T00:00:00Z') };
    const c = await upgraded(now);
    const opened = await c.app.request('/v1/staff/requests?site=liv', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await createStaffToken(c.db, 'Kim', ['liv'], now.at)).token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subject: 'carried_forward_ABCDEFG', kind: 'access', via: 'letter' }),
    });
    expect(opened.status).toBe(201);
    const next = (await (c.store as KyselyReceiptStore).checkpoint(now.at))!;
    expect(next.heads.requests).toMatchObject({ seq: 1 });
    expect(await verifyDatabase(c.db, c.keys.jwks)).toMatchObject({ ok: true, checkpoints: 2, rightsRequests: 1 });
  });

  it('appends protocol-2 receipts after the old ones, under the current config and under an old revision', async () => {
    const now = { at: new Date('2027-05-02T00:00:00Z') };
    const c = await upgraded(now);
    const reconfirm = leepeemReceipt({
      site: 'liv',
      policy: '2025-04',
      subject: 'carried_forward_ABCDEFG',
      action: 'reconfirm',
      choices: { channels: { email: true } },
      signals: { gpc: false, decidedAt: '2027-05-01T23:59:00Z' },
    });
    const res = await c.app.request('/v1/receipts', postJson(reconfirm));
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await res.json()).v).toBe(2);
    // A visitor whose page still has the config of before (channels without a medium) is recorded too.
    const old = c.sites.revisions().find((r) => r.config.id === 'liv' && r.revision !== c.sites.get('liv')!.revision)!;
    expect(old.config.channels.map((ch: { id: string }) => ch.id)).toEqual(['email', 'sms', 'sms_night']);
    const underOld = leepeemReceipt({
      site: 'liv',
      policy: '2025-04',
      configRevision: old.revision,
      subject: 'old_page_visitor_ABCDEF',
      choices: { channels: { sms: true, sms_night: true } },
      signals: { gpc: false, decidedAt: '2027-05-01T23:59:00Z' },
    });
    const second = await c.app.request('/v1/receipts', postJson(underOld));
    expect(second.status, await second.clone().text()).toBe(201);
    const notice = await c.db
      .selectFrom('result_notices')
      .select('record')
      .where('receipt_id', '=', underOld.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(notice.record).results).toEqual([
      { channel: 'sms', medium: 'sms', label: 'Marketing SMS', result: 'consented', consentedAt: now.at.toISOString() },
      expect.objectContaining({ channel: 'sms_night', medium: 'sms', result: 'consented' }),
    ]);
    const row = await c.db
      .selectFrom('channel_consents')
      .selectAll()
      .where('subject', '=', 'carried_forward_ABCDEFG')
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect([row.consented_at, row.confirmed_at]).toEqual(['2025-05-01T10:00:00.000Z', now.at.toISOString()]);
    expect(await verifyDatabase(c.db, c.keys.jwks)).toMatchObject({ ok: true, receipts: 9 });
  });
});
