import type { SiteRegistry } from '../sites/site-registry';
import type { StaffQueries } from '../store/staff-queries';

const DAY = 86_400_000;

/** Redacts, per site, every receipt older than the site's retention; returns the counts. Run daily and by `assent purge`. */
export async function purgeExpired(
  sites: SiteRegistry,
  queries: Pick<StaffQueries, 'redact'>,
  now: Date,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { config } of sites.all()) {
    const before = new Date(now.getTime() - config.lifetimes.receiptRetentionDays * DAY).toISOString();
    counts[config.id] = await queries.redact(
      { site: config.id, receivedBefore: before },
      'retention',
      now.toISOString(),
    );
  }
  return counts;
}
