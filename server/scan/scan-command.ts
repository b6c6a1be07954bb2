import type { PublicSiteConfig } from '../../protocol';
import { UsageError } from '../operator-errors';
import { FINDING_KINDS, scanFindings, type FindingKind } from './scan-findings';
import { scanReport } from './scan-report';
import { ScanError, launchChromium, parseUrl, scanSite } from './scan-site';

/**
 * `assent scan URL`: the scan, its report (a table, or `--json`), and the exit code a CI step reads: 1 when a
 * finding of a kind named in `--fail-on` was found, 0 otherwise (2, from cli.ts, when the scan could not be done).
 */
export async function scanCommand(
  url: string | undefined,
  values: { pages?: string; json?: boolean; 'fail-on'?: string },
): Promise<void> {
  if (!url || !/^https?:\/\//.test(url)) throw new UsageError('usage: npx assent scan https://www.your-clinic.com/');
  const pages = Number(values.pages ?? 3);
  if (!Number.isInteger(pages) || pages < 1 || pages > 20) throw new UsageError('--pages must be a whole number 1–20');
  const failOn = (values['fail-on'] ?? '').split(',').filter(Boolean) as FindingKind[];
  const unknown = failOn.filter((k) => !(FINDING_KINDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new UsageError(`--fail-on: ${unknown.join(', ')} is not one of ${FINDING_KINDS.join(', ')}`);

  let config: Promise<PublicSiteConfig> | undefined;
  const configOf = (src: string) => (config ??= publicConfig(src));
  // A site that asks the visitor's age gets an adult's answer: what a scan of "accept all" can honestly claim.
  const answerFor = async (src: string) => ((await configOf(src)).children?.enabled ? { age: 'adult' } : undefined);
  const browser = await launchChromium();
  const observations = await scanSite(browser, url, { pages, answerFor }).finally(() => browser.close());
  const loader = parseUrl(observations.loader);
  const site = loader?.searchParams.get('site');
  if (!loader || !site) throw new ScanError(`${url}: its Assent script (${observations.loader}) names no site`);
  const { rows, findings } = scanFindings(observations, await configOf(loader.href));
  console.log(
    values.json
      ? JSON.stringify({ url, site, pages: observations.pages, seen: rows, findings }, null, 2)
      : scanReport(url, observations.pages, rows, findings),
  );
  if (findings.some((f) => failOn.includes(f.kind))) process.exitCode = 1;
}

/** The site's public configuration, from the collector its script tag loads from. */
async function publicConfig(src: string): Promise<PublicSiteConfig> {
  const loader = new URL(src);
  const site = loader.searchParams.get('site');
  if (!site) throw new UsageError(`${src}: the script tag names no site (?site=…)`);
  const configUrl = new URL(`/v1/sites/${encodeURIComponent(site)}/config`, loader);
  const res = await fetch(configUrl).catch((e: Error) => {
    throw new UsageError(`cannot reach the collector at ${loader.origin}: ${e.message}`);
  });
  if (!res.ok) throw new UsageError(`${configUrl.href}: HTTP ${res.status}`);
  return (await res.json()) as PublicSiteConfig;
}
