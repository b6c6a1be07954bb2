import type { JWK } from 'jose';
import { ExpectedHeads } from '../proof/expected-heads';
import { verifyEntries } from '../proof/verify-entries';
import { Tampered } from '../proof/tampered';
import type { KyselyReceiptStore } from '../store/kysely-receipt-store';
import { DatabaseOpenError } from '../store/receipt-store';
import type { RevisionConfig, SiteRegistry } from './site-registry';

/**
 * At start-up: every config revision served before is read back from the signed `revisions` log — checked first
 * with the public keys, since the collector will sign receipts pointing at their texts (a revision written into the
 * database by hand is refused, and start-up with it) — so a visitor who saw yesterday's text gets a receipt pointing
 * at it. Each site's current revision is added to the log if it is new, and the notice texts of every known revision
 * are stored.
 */
export async function loadRevisions(
  store: KyselyReceiptStore,
  sites: SiteRegistry,
  now: Date,
  jwks: { keys: JWK[] },
): Promise<void> {
  const stored: { revision: string; config: RevisionConfig }[] = [];
  try {
    await verifyEntries(store.reader, 'revisions', jwks, new ExpectedHeads(), (e) => stored.push(e as never));
  } catch (error) {
    if (error instanceof Tampered)
      throw new DatabaseOpenError(
        `the log of config revisions served is not as the collector wrote it (${error.message}); run npx assent verify`,
      );
    throw error;
  }
  sites.remember(stored);
  const known = new Set(stored.map((r) => `${r.config.id}\n${r.revision}`));
  for (const site of sites.all()) {
    if (known.has(`${site.config.id}\n${site.revision}`)) continue;
    const { revision, ...config } = site.publicConfig;
    await store.entries.append('revisions', {
      at: now.toISOString(),
      site: site.config.id,
      body: { revision, config },
    });
  }
  await store.saveNoticeTexts(sites.revisions().flatMap((r) => [...r.notices.values()]));
}
