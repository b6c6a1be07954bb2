import type { SiteRegistry } from '../sites/site-registry';
import type { NoticeQueue } from '../store/notice-queue';

const MAX_BACKOFF_MS = 6 * 3_600_000;

export interface NoticeJobDeps {
  queue: NoticeQueue;
  sites: SiteRegistry;
  fetch: typeof fetch;
  /** Detached JWS over the body, sent as `Assent-Signature` so the receiver can check it with the JWKS. */
  sign: (payload: string) => Promise<string>;
}

/**
 * Delivers the result notices the store wrote with their receipts: every few seconds, off the request path, POSTs
 * due notices to the site's webhook, retrying with backoff (1 min, 2 min, 4 min … 6 h), and records each delivery
 * as a signed entry of the deliveries log.
 */
export function resultNoticeJob({ queue, sites, fetch, sign }: NoticeJobDeps) {
  async function deliver(now: Date): Promise<{ delivered: number; failed: number }> {
    // Sites without a webhook: their notices wait in the staff API's list, untouched.
    const hooked = sites
      .all()
      .filter((s) => s.config.webhooks.resultNotices)
      .map((s) => s.config.id);
    const due = await queue.claimDue(hooked, now);
    let delivered = 0;
    let failed = 0;
    for (const n of due) {
      const url = sites.get(n.site)?.config.webhooks.resultNotices;
      if (!url) continue;
      let error: string | undefined;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'assent-signature': await sign(n.record) },
          body: n.record,
          signal: AbortSignal.timeout(10_000),
        });
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

  return { deliver };
}
