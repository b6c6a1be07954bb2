import type { Clock } from './app';
import type { Logger } from './logger';
import { resultNoticeJob } from './notices/result-notices';
import type { KeyRing } from './proof/key-ring';
import type { Checkpoint } from './store/checkpoints';
import type { SiteRegistry } from './sites/site-registry';
import { purgeExpired } from './staff/purge';
import type { KyselyReceiptStore } from './store/kysely-receipt-store';
import type { BannerCounter } from './stats/banner-counter';
import type { CollectorMetrics } from './metrics/collector-metrics';

export interface JobDeps {
  store: KyselyReceiptStore;
  keys: KeyRing;
  sites: SiteRegistry;
  logger: Logger;
  bannerViews: BannerCounter;
  clock: Clock;
  fetch: typeof fetch;
  /** Each new checkpoint goes to the witnesses (proof/witness.ts). */
  witness: (checkpoint: Checkpoint) => Promise<void>;
  /** Counts result-notice deliveries, when metrics are on. */
  metrics?: Pick<CollectorMetrics, 'delivered'>;
  every?: Partial<typeof INTERVALS>;
}

/** How often each job runs (ms). */
export const INTERVALS = {
  checkpoint: 10_000,
  purge: 86_400_000,
  firstPurge: 3_600_000,
  notices: 1_000,
  bannerViews: 5_000,
};

/**
 * The collector's timers, all off the request path: a signed checkpoint of every log when a head moved (every
 * 10 s, so a visitor's path to a checkpoint stays short), the retention purge daily, result-notice deliveries
 * every second, banner view counts every 5 s. Returns what shutdown runs once more
 * before closing the store.
 */
export function startBackgroundJobs({
  store,
  keys,
  sites,
  logger,
  bannerViews,
  clock,
  fetch,
  witness,
  metrics,
  every = {},
}: JobDeps) {
  const ms = { ...INTERVALS, ...every };
  const checkpoint = () =>
    store
      .checkpoint(clock.now())
      .then((cp) => cp && witness(cp))
      .catch((e: Error) => logger.warn({ err: e.message }, 'checkpoint failed'));
  setInterval(checkpoint, ms.checkpoint).unref();

  // Guardians' contacts are kept only for their verification (children.guardianContactDays), then redacted.
  const redactContacts = async (now: Date) => {
    let redacted = 0;
    // Every site, also one that has stopped asking the age since (its contacts go after the default days).
    for (const s of sites.all()) {
      const before = new Date(now.getTime() - s.config.children.guardianContactDays * 86_400_000).toISOString();
      redacted += await store.guardians.redactContacts(s.config.id, before, now.toISOString());
    }
    // The database files forget them too (as after an erasure).
    if (redacted && !(await store.scrub()))
      logger.warn({}, "guardians' contacts redacted: the files are scrubbed once a reader lets go");
  };
  const purge = () =>
    redactContacts(clock.now())
      // A view's id links it to the decision answering it; after 30 days none will (the counts stay).
      .then(() =>
        store.staff.forgetViewIds(new Date(clock.now().getTime() - 30 * 86_400_000).toISOString().slice(0, 13)),
      )
      .then(() => purgeExpired(sites, store.staff, clock.now()))
      .then(
        async (counts) => {
          if (Object.values(counts).some(Boolean) && !(await store.scrub()))
            logger.warn({}, 'erased receipts: the database files are scrubbed once a reader lets go');
          logger.info({ counts }, 'retention purge');
        },
        (e: Error) => logger.warn({ err: e.message }, 'retention purge failed'),
      );
  setTimeout(purge, ms.firstPurge).unref();
  setInterval(purge, ms.purge).unref();

  const notices = resultNoticeJob({ queue: store.notices, sites, fetch, sign: (p) => keys.signDetached(p) });
  let running = false;
  setInterval(() => {
    if (running) return;
    running = true;
    const now = clock.now();
    notices
      .deliver(now)
      .then((r) => {
        metrics?.delivered(r);
        if (r.delivered || r.failed) logger.info(r, 'result notices');
      })
      .catch((e: Error) => logger.warn({ err: e.message }, 'result notices failed'))
      .finally(() => (running = false));
  }, ms.notices).unref();

  const flushViews = () =>
    bannerViews
      .flush()
      .catch((e: Error) => logger.warn({ err: e.message }, 'banner view counts not written; kept for the next try'));
  setInterval(flushViews, ms.bannerViews).unref();

  /** What shutdown runs before the store closes: the last counts and a last checkpoint. */
  return { beforeClose: () => flushViews().then(checkpoint) };
}
