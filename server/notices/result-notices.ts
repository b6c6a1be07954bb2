import type { SiteRegistry } from '../sites/site-registry';
import type { NoticeQueue } from '../store/notice-queue';
import { noticeFor } from './result-notice';

const MAX_BACKOFF_MS = 6 * 3_600_000;
/** Receipts per scan transaction: 100 × 6 columns stays under SQLite's 999 bound parameters in the notices insert. */
const CHUNK = 100;

export interface NoticeJobDeps {
  queue: NoticeQueue;
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
export function resultNoticeJob({ queue, sites, fetch, sign }: NoticeJobDeps) {
  /**
   * Scans up to `limit` new receipts in chunks of 100, one short transaction each, yielding between them. Run
   * every second, the default keeps up with several thousand receipts/s; a burst above that is caught up later.
   */
  async function scan(now: Date, limit = 5000): Promise<number> {
    let made = 0;
    for (let done = 0; done < limit; ) {
      const { rows, notices } = await queue.scanChunk(Math.min(CHUNK, limit - done), now, (receipt, previous) => {
        const config = sites.revision(receipt.site, receipt.configRevision)?.config ?? sites.get(receipt.site)?.config;
        if (!config?.channels.length) return undefined;
        return noticeFor(receipt, previous, config.channels.map((c) => c.id), config.controller.name[config.defaultLanguage]!);
      });
      made += notices;
      done += rows;
      if (!rows) break;
      await new Promise((r) => setImmediate(r));
    }
    return made;
  }

  async function deliver(now: Date): Promise<{ delivered: number; failed: number }> {
    // Sites without a webhook: their notices wait in the staff API's list, untouched.
    const hooked = sites.all().filter((s) => s.config.webhooks.resultNotices).map((s) => s.config.id);
    const due = await queue.claimDue(hooked, now);
    let delivered = 0;
    let failed = 0;
    for (const n of due) {
      const url = sites.get(n.site)?.config.webhooks.resultNotices;
      if (!url) continue;
      let error: string | undefined;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'assent-signature': await sign(n.record) }, body: n.record, signal: AbortSignal.timeout(10_000) });
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message.slice(0, 200);
      }
      if (!error) {
        delivered++;
        await queue.delivered(n, 'webhook', now);
      } else {
        failed++;
        const wait = Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** n.attempts);
        await queue.failed(n, error, new Date(now.getTime() + wait));
      }
    }
    return { delivered, failed };
  }

  return { scan, deliver };
}
