import type { Logger } from './logger';
import { resultNoticeJob } from './notices/result-notices';
import type { KeyRing } from './proof/key-ring';
import type { SiteRegistry } from './sites/site-registry';
import { purgeExpired } from './staff/purge';
import type { KyselyReceiptStore } from './store/kysely-receipt-store';
import type { BannerCounter } from './stats/banner-counter';

/**
 * The collector's timers, all off the request path: a signed checkpoint of the log every minute, the retention
 * purge daily, result notices every second in small chunks that yield to requests (up to 1,000 receipts a tick).
 * Banner view counts are written every 5 s. Returns what shutdown runs once more before closing the store.
 */
export function startBackgroundJobs({ store, keys, sites, logger, bannerViews }: { store: KyselyReceiptStore; keys: KeyRing; sites: SiteRegistry; logger: Logger; bannerViews: BannerCounter }) {
  const checkpoint = () => store.checkpoint((p) => keys.signDetached(p), new Date()).catch((e: Error) => logger.warn({ err: e.message }, 'checkpoint failed'));
  setInterval(checkpoint, 60_000).unref();

  const purge = () =>
    purgeExpired(sites, store.staff, new Date()).then(
      (counts) => logger.info({ counts }, 'retention purge'),
      (e: Error) => logger.warn({ err: e.message }, 'retention purge failed'),
    );
  setTimeout(purge, 3_600_000).unref();
  setInterval(purge, 86_400_000).unref();

  const notices = resultNoticeJob({ db: store.db, sites, fetch, sign: (p) => keys.signDetached(p) });
  let running = false;
  setInterval(() => {
    if (running) return;
    running = true;
    const now = new Date();
    notices
      .scan(now)
      .then(() => notices.deliver(now))
      .then((r) => (r.delivered || r.failed) && logger.info(r, 'result notices'))
      .catch((e: Error) => logger.warn({ err: e.message }, 'result notices failed'))
      .finally(() => (running = false));
  }, 1_000).unref();

  const flushViews = () => bannerViews.flush().catch((e: Error) => logger.warn({ err: e.message }, 'banner view counts not written; kept for the next try'));
  setInterval(flushViews, 5_000).unref();

  /** What shutdown runs before the store closes: the last counts and a last checkpoint. */
  return { beforeClose: () => flushViews().then(checkpoint) };
}
