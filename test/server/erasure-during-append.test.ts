import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/proof/verify-log';
import type { LogSigner } from '../../server/store/receipt-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import {
  FIXED_NOW,
  demoNoticeRule,
  leepeemReceipt,
  makeCollector,
  postJson,
  tempDir,
  testKeyRing,
} from '../helpers/collector';

describe('an erasure that lands while a batch is being signed', () => {
  it('the batch is laid out again: no receipt follows an erased one, no consent outlives the erasure, verify passes', async () => {
    const { ring } = await testKeyRing();
    // A signer that holds the batch between its plan and its commit, as a slow signing worker would.
    let hold: Promise<void> | undefined;
    let held: () => void = () => {};
    let signing: () => void = () => {};
    const signingStarted = new Promise<void>((r) => (signing = r));
    const signer: LogSigner = {
      sign: async (p) => {
        if (hold) {
          signing();
          await hold;
        }
        return ring.signer.sign(p);
      },
      signSync: (p) => ring.signer.signSync(p),
    };
    const dbPath = join(tempDir(), 'race.sqlite');
    const store = await openSqliteStore(dbPath, signer, { notice: demoNoticeRule() });
    const c = await makeCollector({ store, dbPath });
    const subject = 'erased_midway_ABCDEFGH';
    const consent = await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject })));
    expect(consent.status).toBe(201);
    expect(
      await store.db.selectFrom('channel_consents').selectAll().where('subject', '=', subject).execute(),
    ).toHaveLength(3);

    hold = new Promise<void>((r) => (held = r));
    const cookieOnly = leepeemReceipt({
      subject,
      action: 'accept_all',
      choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
    });
    const pending = c.app.request('/v1/receipts', postJson(cookieOnly));
    await signingStarted; // planned against the subject's consent receipt, now waiting for its signature
    expect(await store.staff.redact({ site: 'leepeem', subject }, 'erasure', FIXED_NOW.toISOString())).toBe(1);
    held();
    const res = await pending;
    expect(res.status, await res.clone().text()).toBe(201);
    // Laid out again after the erasure: the new receipt starts the subject's history afresh.
    expect((await res.json()).previous).toBeNull();
    expect(await store.db.selectFrom('channel_consents').selectAll().where('subject', '=', subject).execute()).toEqual(
      [],
    );
    expect(await verifyDatabase(store.db, ring.jwks)).toMatchObject({ ok: true, receipts: 2, erased: 1 });
    await store.close();
  });
});
