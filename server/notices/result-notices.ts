import type { Kysely } from 'kysely';
import type { StoredReceipt } from '../../protocol';
import type { SiteRegistry } from '../sites/site-registry';
import type { Database } from '../store/database-schema';
import { ERASED_SUBJECT } from '../staff/erasure';
import { exclusive } from '../store/exclusive';

const CURSOR = 'result-notices';
/** Longer than delivering a claimed chunk can take (100 notices × 10 s timeout). */
const CLAIM_LEASE_MS = 30 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;
/** Receipts per scan transaction: 100 × 6 columns stays under SQLite's 999 bound parameters in the notices insert. */
const CHUNK = 100;

/** The notice a data subject must get of a marketing consent, refusal or withdrawal (sender, date, what changed). */
export interface ResultNotice {
  receipt: string;
  site: string;
  sender: string;
  subject: string;
  member?: string;
  decidedAt: string;
  /** Each channel whose state changed: true = consent given, false = refused or withdrawn. */
  changes: Record<string, boolean>;
  action: StoredReceipt['action'];
  method: StoredReceipt['method'];
}

export interface NoticeJobDeps {
  db: Kysely<Database>;
  sites: SiteRegistry;
  fetch: typeof fetch;
  /** Detached JWS over the body, sent as `Assent-Signature` so the receiver can check it with the JWKS. */
  sign: (payload: string) => Promise<string>;
}

/**
 * Two steps, run every few seconds off the request path: `scan` turns new receipts whose marketing choices
 * differ from the subject's previous ones into notice records; `deliver` POSTs due notices to the site's webhook,
 * retrying with backoff (1 min, 2 min, 4 min … 6 h) and recording when each was delivered.
 */
export function resultNoticeJob({ db, sites, fetch, sign }: NoticeJobDeps) {
  /**
   * Scans up to `limit` new receipts in chunks of 100, one short transaction of four statements each (the
   * subject's previous receipt comes with each row, the notices go in one insert), yielding between them. Run
   * every second, the default keeps up with several thousand receipts/s; a burst above that is caught up later.
   */
  async function scan(now: Date, limit = 5000): Promise<number> {
    let made = 0;
    for (let done = 0; done < limit; ) {
      const { rows, notices } = await db.transaction().execute((trx) => scanChunk(trx, now, Math.min(CHUNK, limit - done)));
      made += notices;
      done += rows;
      if (!rows) break;
      await new Promise((r) => setImmediate(r));
    }
    return made;
  }

  async function scanChunk(db: Kysely<Database>, now: Date, chunk: number) {
    await exclusive(db, CURSOR); // one node at a time moves the cursor
    const cursor = (await db.selectFrom('job_cursors').select('seq').where('name', '=', CURSOR).executeTakeFirst())?.seq ?? 0;
    const rows = await db
      .selectFrom('receipts as r')
      .select((eb) => [
        'r.seq',
        'r.site',
        'r.subject',
        'r.record',
        // The same subject's receipt before this one (possibly earlier in this same chunk).
        eb.selectFrom('receipts as p').select('p.record').whereRef('p.site', '=', 'r.site').whereRef('p.subject', '=', 'r.subject').whereRef('p.seq', '<', 'r.seq').orderBy('p.seq', 'desc').limit(1).as('previous'),
      ])
      .where('r.seq', '>', cursor)
      .orderBy('r.seq')
      .limit(chunk)
      .execute();
    const at = now.toISOString();
    const notices = rows.flatMap((row) => {
      if (row.subject === ERASED_SUBJECT) return [];
      const site = sites.get(row.site)?.config;
      if (!site?.channels.length) return [];
      const receipt = JSON.parse(row.record) as StoredReceipt;
      const before = (row.previous ? (JSON.parse(row.previous) as StoredReceipt).choices.channels : {}) as Record<string, boolean | undefined>;
      const after = receipt.choices.channels as Record<string, boolean | undefined>;
      // A re-confirmation is reported in full; otherwise only the channels whose state changed.
      const ids = site.channels.map((c) => c.id).filter((id) => receipt.action === 'reconfirm' || !!after[id] !== !!before[id]);
      if (!ids.length) return [];
      const changes = Object.fromEntries(ids.map((id) => [id, !!after[id]]));
      const notice: ResultNotice = { receipt: receipt.id, site: site.id, sender: site.controller.name[site.defaultLanguage]!, subject: receipt.subject, member: receipt.member, decidedAt: receipt.receivedAt, changes, action: receipt.action, method: receipt.method };
      return [{ receipt_id: receipt.id, site: site.id, subject: receipt.subject, record: JSON.stringify(notice), created_at: at, next_attempt_at: at }];
    });
    if (notices.length) await db.insertInto('result_notices').values(notices).onConflict((oc) => oc.column('receipt_id').doNothing()).execute();
    if (rows.length) {
      const seq = rows[rows.length - 1]!.seq;
      await db.insertInto('job_cursors').values({ name: CURSOR, seq }).onConflict((oc) => oc.column('name').doUpdateSet({ seq })).execute();
    }
    return { rows: rows.length, notices: notices.length };
  }

  async function deliver(now: Date): Promise<{ delivered: number; failed: number }> {
    // Claim the due notices with a lease (moving their next attempt ahead) so that another node does not send
    // them too; if this node dies mid-way, the lease runs out and another one retries.
    const lease = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
    // Sites without a webhook: their notices wait in the staff API's list, untouched.
    const hooked = sites.all().filter((s) => s.config.webhooks.resultNotices).map((s) => s.config.id);
    if (!hooked.length) return { delivered: 0, failed: 0 };
    const due = await db.transaction().execute(async (trx) => {
      await exclusive(trx, `${CURSOR}:deliver`);
      const rows = await trx.selectFrom('result_notices').selectAll().where('site', 'in', hooked).where('delivered_at', 'is', null).where('next_attempt_at', '<=', now.toISOString()).orderBy('created_at').limit(100).execute();
      if (rows.length) await trx.updateTable('result_notices').set({ next_attempt_at: lease }).where('receipt_id', 'in', rows.map((r) => r.receipt_id)).execute();
      return rows;
    });
    let delivered = 0;
    let failed = 0;
    for (const n of due) {
      const url = sites.get(n.site)?.config.webhooks.resultNotices;
      if (!url) continue; // no webhook: the notice waits in the staff API's list
      let error: string | undefined;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'assent-signature': await sign(n.record) }, body: n.record, signal: AbortSignal.timeout(10_000) });
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message.slice(0, 200);
      }
      const attempts = n.attempts + 1;
      if (!error) {
        delivered++;
        await db.updateTable('result_notices').set({ delivered_at: now.toISOString(), attempts, last_error: null }).where('receipt_id', '=', n.receipt_id).execute();
      } else {
        failed++;
        const wait = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** (attempts - 1));
        await db.updateTable('result_notices').set({ attempts, last_error: error, next_attempt_at: new Date(now.getTime() + wait).toISOString() }).where('receipt_id', '=', n.receipt_id).execute();
      }
    }
    return { delivered, failed };
  }

  return { scan, deliver };
}
