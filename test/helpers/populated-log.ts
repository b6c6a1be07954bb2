import { copyFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { ReceiptRequest, StoredReceipt } from '../../protocol';
import { resultNoticeJob } from '../../server/notices/result-notices';
import type { Checkpoint } from '../../server/store/checkpoints';
import type { Database } from '../../server/store/database-schema';
import { openPostgresDatabase } from '../../server/store/postgres-store';
import { openSqliteDatabase } from '../../server/store/sqlite-store';
import { createStaffToken } from '../../server/store/staff-tokens';
import type { StoreBackend } from './backends';
import {
  FIXED_NOW,
  demoConfigs,
  demoRevision,
  leepeemReceipt,
  makeCollector,
  postJson,
  tempDir,
  testKeyRing,
} from './collector';
import { copyPostgresDatabase } from './postgres';

/** A stopped collector's database with every kind of record in it, and what a witness and a visitor kept. */
export interface PopulatedLog {
  backend: StoreBackend['name'];
  url: string;
  /** The checkpoint a witness received (the last one written). */
  witnessed: Checkpoint;
  /** A receipt a visitor downloaded, written after that checkpoint (the tail). */
  visitorCopy: StoredReceipt;
  erasedSubject: string;
  erasedValues: string[];
}

/**
 * Builds a log the way a running collector would: receipts from the widget (a guardian's, a member's, marketing
 * consents that make result notices), a decision recorded by staff, staff reading (access log), an erasure on
 * request, a notice delivered to a webhook, a checkpoint handed to a witness, then two more receipts (the tail).
 */
export async function populateLog(backend: StoreBackend): Promise<PopulatedLog> {
  const received: string[] = [];
  const hook = createServer((req, res) => {
    req.on('data', (d) => received.push(String(d)));
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const configs = demoConfigs().map((c) =>
    c.id === 'liv'
      ? { ...c, webhooks: { resultNotices: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/n` } }
      : c,
  );
  const { url, open } = await backend.create();
  const store = await open();
  const c = await makeCollector({ store, configs });
  const { token } = await createStaffToken(store.db, 'Officer Kim', ['leepeem', 'liv'], FIXED_NOW);
  const staff = (path: string, init: RequestInit = {}) =>
    c.app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  const post = async (r: unknown) => {
    const res = await c.app.request('/v1/receipts', postJson(r));
    if (res.status !== 201) throw new Error(`fixture receipt refused: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const liv = (subject: string, email: boolean, sms = false, signals?: ReceiptRequest['signals']) =>
    leepeemReceipt({
      ...(signals ? { signals } : {}),
      site: 'liv',
      policy: '2025-04',
      subject,
      choices: {
        categories: { necessary: true, analytics: true, marketing: false },
        channels: { email, sms, sms_night: false },
      },
    });

  const erasedSubject = 'erase_me_ABCDEFGHIJKLMN';
  const guardian = { name: 'Guardian Park Ji-yeon' };
  await post(
    leepeemReceipt({
      subject: 'member_ABCDEFGHIJKLMNOP',
      member: 'member:ref-4411-xyz',
      contacts: { phone: '010-1234-5678', email: 'member@example.com' },
    }),
  );
  await post(
    leepeemReceipt({
      subject: erasedSubject,
      member: 'member:erase-8822-abc',
      age: 'child',
      guardian,
      contacts: { email: 'erase.me@example.com' },
    }),
  );
  // A banner decision naming the view it answered (the overview's answered count links to it).
  await post(
    liv('marketing_ABCDEFGHIJKLM', true, false, {
      gpc: false,
      shownAt: '2026-11-22T09:29:50.000Z',
      decidedAt: '2026-11-22T09:29:58.000Z',
      view: 'VwAbCdEfGh012345',
    }),
  );
  // A cookie decision names no channel: it calls for no result notice and moves no consent date.
  await post(
    leepeemReceipt({
      subject: 'cookies_only_ABCDEFGHIJ',
      action: 'accept_all',
      choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
    }),
  );
  await post(
    leepeemReceipt({
      subject: 'rejecter_ABCDEFGHIJKLM',
      action: 'reject_all',
      choices: {
        categories: { necessary: true, analytics: false, marketing: false },
        channels: { email: false, sms: false, sms_night: false },
      },
    }),
  );
  await post(
    leepeemReceipt({
      subject: erasedSubject,
      member: 'member:erase-8822-abc',
      age: 'child',
      guardian,
      // LEEPEEM never shares children's data: its advertising category stays off for a child.
      choices: {
        categories: { necessary: true, analytics: true, marketing: false },
        channels: { email: true, sms: false, sms_night: false },
      },
    }),
  );
  // A child's form consents, pending, then verified by staff after a phone call: a receipt of the collector's own.
  const pending = await post(
    leepeemReceipt({
      subject: 'child_form_ABCDEFGHIJK',
      method: 'api',
      form: 'signup',
      age: 'child',
      guardian: { name: 'Guardian Choi Min-su' },
      choices: {
        channels: { email: true, sms: false, sms_night: false },
        consents: { member: true, 'foreigner-id': false, partner: false },
      },
    }),
  );
  const verified = await staff(
    `/v1/staff/guardians/${pending.id}/verify`,
    postJson({ site: 'leepeem', method: 'phone', staffId: 'front-desk-2' }),
  );
  if (verified.status !== 201) throw new Error(`fixture guardian verification refused: ${await verified.text()}`);
  const phone = await staff(
    '/v1/staff/receipts',
    postJson({ ...liv('marketing_ABCDEFGHIJKLM', true, true), method: 'staff-phone', staffId: 'front-desk-2' }),
  );
  if (phone.status !== 201) throw new Error(`fixture staff receipt refused: ${await phone.text()}`);
  await store.checkpoint(FIXED_NOW);
  await staff('/v1/staff/subjects/member_ABCDEFGHIJKLMNOP?site=leepeem');
  // Rights requests: one answered, one refused, one left open, one closed by the erasure below.
  const request = async (subject: string, kind: string, close?: object) => {
    const opened = await staff('/v1/staff/requests?site=leepeem', postJson({ subject, kind, via: 'phone' }));
    if (opened.status !== 201) throw new Error(`fixture request refused: ${await opened.text()}`);
    const { id } = await opened.json();
    if (close && (await staff(`/v1/staff/requests/${id}/close?site=leepeem`, postJson(close))).status !== 200)
      throw new Error('fixture request not closed');
  };
  await request('member_ABCDEFGHIJKLMNOP', 'access', { outcome: 'answered' });
  await request('member_ABCDEFGHIJKLMNOP', 'correction', { outcome: 'refused', reason: 'law' });
  await request('member_ABCDEFGHIJKLMNOP', 'access');
  await request(erasedSubject, 'erasure');
  await staff('/v1/staff/receipts?site=liv&member=010-1234-5678');
  if ((await staff(`/v1/staff/subjects/${erasedSubject}/erase?site=leepeem`, { method: 'POST' })).status !== 200)
    throw new Error('fixture erasure failed');
  const job = resultNoticeJob({
    queue: store.notices,
    sites: c.sites,
    fetch,
    sign: async (p) => (await testKeyRing()).ring.signDetached(p),
  });
  if ((await job.deliver(FIXED_NOW)).delivered < 1) throw new Error('fixture notices not delivered');
  await c.app.request('/v1/receipts', postJson(leepeemReceipt({ subject: 'after_erasure_ABCDEFGH' })));
  const witnessed = (await store.checkpoint(FIXED_NOW))!;
  await post(leepeemReceipt({ subject: 'tail_one_ABCDEFGHIJKL' }));
  const visitorCopy = await post(
    leepeemReceipt({ subject: 'tail_two_ABCDEFGHIJKL', configRevision: demoRevision('leepeem') }),
  );
  await store.close();
  await new Promise((r) => hook.close(r));
  const { secret: _secret, ...copy } = visitorCopy;
  return {
    backend: backend.name,
    url,
    witnessed,
    visitorCopy: copy,
    erasedSubject,
    erasedValues: [erasedSubject, 'member:erase-8822-abc', guardian.name],
  };
}

/** A fresh copy of the populated database, open for reading and tampering. */
export async function copyOf(log: PopulatedLog): Promise<{ db: Kysely<Database>; close: () => Promise<void> }> {
  if (log.backend === 'PostgreSQL') {
    const { db } = await openPostgresDatabase(await copyPostgresDatabase(log.url), { poolSize: 2 });
    return { db, close: () => db.destroy() };
  }
  const path = join(tempDir('assent-tamper-'), 'copy.sqlite');
  copyFileSync(log.url, path);
  const { db } = await openSqliteDatabase(path, { create: false });
  return { db, close: () => db.destroy() };
}
