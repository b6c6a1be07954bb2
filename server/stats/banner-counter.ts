import type { Clock } from '../app';
import type { BannerViewCount, NamedBannerView } from '../store/overview-queries';

export type BannerViewRow = BannerViewCount;

/**
 * Counts banner views in memory and writes them every few seconds: per site, UTC hour and policy, and the view's
 * random id when the widget gave one (so the decision answering it is linked to it), never anything about the
 * visitor. A crash loses at most the last few seconds of views; a view a decision answered is recorded by that
 * decision anyway (receipts, by contrast, are committed before they are acknowledged).
 */
export class BannerCounter {
  #counts = new Map<string, number>();
  #named = new Map<string, NamedBannerView>();

  constructor(
    private readonly write: (rows: BannerViewCount[], named: NamedBannerView[]) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  add(site: string, policy: string, view?: string): void {
    const hour = this.clock.now().toISOString().slice(0, 13);
    if (view) {
      const key = `${site}\n${view}`;
      if (!this.#named.has(key)) this.#named.set(key, { site, view_id: view, hour, policy });
      return;
    }
    const key = JSON.stringify([site, hour, policy]);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Writes what was counted; on failure the counts are kept for the next flush. */
  async flush(): Promise<void> {
    if (!this.#counts.size && !this.#named.size) return;
    const taken = this.#counts;
    const named = this.#named;
    this.#counts = new Map();
    this.#named = new Map();
    const rows = [...taken].map(([key, count]) => {
      const [site, hour, policy] = JSON.parse(key) as [string, string, string];
      return { site, hour, policy, count };
    });
    try {
      await this.write(rows, [...named.values()]);
    } catch (error) {
      for (const [key, n] of taken) this.#counts.set(key, (this.#counts.get(key) ?? 0) + n);
      for (const [key, v] of named) if (!this.#named.has(key)) this.#named.set(key, v);
      throw error;
    }
  }
}
