import { guardedArgs, startEgressGuard } from './egress-guard';
import { NoChromium, ScanError, launchChromium, scanSite } from './scan-site';
import type { Observations } from './scan-findings';

export type SiteScanner = (
  url: string,
  opts: {
    pages: number;
    /** The site's origins: the only non-public addresses the scan's Chromium may reach. */
    origins: string[];
    /** Aborted when the caller has gone (the dashboard's request was cancelled): the scan stops. */
    signal?: AbortSignal;
    answerFor: (loader: string) => Promise<unknown>;
  },
) => Promise<Observations>;

/** Another scan is running: Chromium on a small collector runs one at a time. */
export class ScanBusy extends ScanError {}

/**
 * Scans for the dashboard: Chromium started for each scan and closed after it (nothing of it stays in the
 * collector's memory between scans), one at a time, within `deadlineMs`, its every connection through the egress
 * guard (no address inside the collector's network but the site's own origins).
 */
export function createSiteScanner(chromiumPath?: string, deadlineMs = 120_000): SiteScanner {
  let busy = false;
  return async (url, { origins, ...opts }) => {
    if (busy) throw new ScanBusy('another scan is running: try again when it has finished');
    busy = true;
    const guard = await startEgressGuard(origins).catch((e: unknown) => {
      busy = false;
      throw e;
    });
    try {
      const browser = await launchChromium(chromiumPath, guardedArgs(guard)).catch((e: unknown) => {
        throw e instanceof ScanError ? e : new NoChromium(`Chromium did not start: ${(e as Error).message}`);
      });
      try {
        return await scanSite(browser, url, { ...opts, deadlineMs });
      } finally {
        await browser.close().catch(() => {});
      }
    } finally {
      await guard.close();
      busy = false;
    }
  };
}
