import type { KyselyReceiptStore } from '../store/kysely-receipt-store';
import type { RevisionConfig, SiteRegistry } from './site-registry';

/**
 * At start-up: every config revision served before is read back from the signed `revisions` log (so a visitor
 * who saw yesterday's text gets a receipt pointing at it), each site's current revision is added to the log if it
 * is new, and the notice texts of every known revision are stored.
 */
export async function loadRevisions(store: KyselyReceiptStore, sites: SiteRegistry, now: Date): Promise<void> {
  const stored: { revision: string; config: RevisionConfig }[] = [];
  for await (const row of store.reader.entries('revisions')) stored.push(JSON.parse(row.record));
  sites.remember(stored);
  const known = new Set(stored.map((r) => `${r.config.id}\n${r.revision}`));
  for (const site of sites.all()) {
    if (known.has(`${site.config.id}\n${site.revision}`)) continue;
    const { revision, ...config } = site.publicConfig;
    await store.entries.append('revisions', { at: now.toISOString(), site: site.config.id, body: { revision, config } });
  }
  await store.saveNoticeTexts(sites.revisions().flatMap((r) => [...r.notices.values()]));
}
