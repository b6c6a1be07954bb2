import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import { FIXED_NOW, leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

const SUBJECT = 'patient_Park_9QxW2mLk';

async function setUp() {
  const c = await makeCollector();
  const store = c.store as KyselyReceiptStore;
  const { token } = await createStaffToken(store.db, 'Officer Kim', ['leepeem'], FIXED_NOW);
  const { token: other } = await createStaffToken(store.db, 'Liv officer', ['liv'], FIXED_NOW);
  const get = (path: string, as = token) => c.app.request(path, { headers: { authorization: `Bearer ${as}` } });
  const ids: string[] = [];
  for (const [action, on, language] of [
    ['accept_all', true, 'ko'],
    ['custom', false, 'en'],
  ] as const) {
    const r = leepeemReceipt({
      subject: SUBJECT,
      action,
      language,
      choices: {
        categories: { necessary: true, analytics: on, marketing: on },
        channels: { email: !on, sms: false, sms_night: false },
      },
    });
    expect((await c.app.request('/v1/receipts', postJson(r))).status).toBe(201);
    ids.push(r.id);
  }
  return { c, store, get, ids, other };
}

describe("the person's access export", () => {
  it('a printable page in their language: every receipt newest first, its signature, the notice they saw', async () => {
    const { get, ids } = await setUp();
    const res = await get(`/v1/staff/subjects/${SUBJECT}/export?site=leepeem&format=html&lang=ko`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toMatch(/<html lang="ko">/);
    expect(page).toContain('나의 동의 기록');
    expect(page).toContain(SUBJECT);
    // Newest first; each receipt with its id, a valid signature and the notice's sections, all open for printing.
    expect(page.indexOf(ids[1]!)).toBeGreaterThan(0);
    expect(page.indexOf(ids[1]!)).toBeLessThan(page.indexOf(ids[0]!));
    expect(page.match(/유효 \(키 /g)).toHaveLength(2);
    expect(page).not.toMatch(/<details>/);
    expect(page.match(/<details open>/g)!.length).toBeGreaterThanOrEqual(2 * 5);
    // The texts of the receipt made in English are English, of the one in Korean Korean.
    expect(page).toMatch(/Cookies|cookies/);
    expect(page).toMatch(/쿠키/);
  });

  it('JSON with each receipt, the exact notice text (its hash checks) and the signature check', async () => {
    const { get, ids } = await setUp();
    const res = await get(`/v1/staff/subjects/${SUBJECT}/export?site=leepeem&format=json`);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="assent-leepeem-patient_Park/);
    const body = await res.json();
    expect(body).toMatchObject({ site: 'leepeem', subject: SUBJECT, language: 'en' });
    expect(body.receipts.map((r: { receipt: { id: string } }) => r.receipt.id)).toEqual(ids);
    for (const r of body.receipts) {
      expect(r.signature).toMatchObject({ ok: true });
      expect(`sha256:${createHash('sha256').update(r.notice.text).digest('hex')}`).toBe(r.receipt.notice.hash);
    }
  });

  it('is in the access log as a keyed hash of the subject; refused for an unknown person, a bad format, another site', async () => {
    const { get, other } = await setUp();
    expect((await get(`/v1/staff/subjects/nobody_at_all_123456/export?site=leepeem`)).status).toBe(404);
    expect((await get(`/v1/staff/subjects/${SUBJECT}/export?site=leepeem&format=pdf`)).status).toBe(422);
    expect((await get(`/v1/staff/subjects/${SUBJECT}/export?site=leepeem`, other)).status).toBe(403);
    await get(`/v1/staff/subjects/${SUBJECT}/export?site=leepeem`);
    const log = await (await get('/v1/staff/access-log?site=leepeem')).json();
    const entry = log.entries.find(
      (e: { route: string; status: number }) => e.route.endsWith('/export') && e.status === 200,
    );
    expect(entry.subjects).toEqual([expect.stringMatching(/^k1:/)]);
    expect(JSON.stringify(log)).not.toContain(SUBJECT);
  });
});
