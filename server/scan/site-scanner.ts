import { ScanError, launchChromium, scanSite } from './scan-site';
import type { Observations } from './scan-findings';

export type SiteScanner = (
  url: string,
  opts: { pages: number; answerFor: (loader: string) => Promise<unknown> },
) => Promise<Observations>;

/** Another scan is running: Chromium on a small collector runs one at a time. */
export class ScanBusy extends ScanError {}

/**
 * Scans for the dashboard: Chromium started for each scan and closed after it (nothing of it stays in the
 * collector's memory between scans), one at a time.
 */
export function createSiteScanner(chromiumPath?: string): SiteScanner {
  let busy = false;
  return async (url, opts) => {
    if (busy) throw new ScanBusy('another scan is running: try again when it has finished');
    busy = true;
    try {
      const browser = await launchChromium(chromiumPath);
      try {
        return await scanSite(browser, url, opts);
      } finally {
        await browser.close();
      }
    } finally {
      busy = false;
    }
  };
}
