import type { Clock } from '../app';

export type BannerViewRow = { site: string; hour: string; policy: string; count: number };

/**
 * Counts banner views in memory and writes the sums every few seconds: one row per site, UTC hour and policy,
 * never anything about the visitor. A crash loses at most the last few seconds of counts, which is acceptable
 * for a statistic (receipts, by contrast, are committed before they are acknowledged).
 */
export class BannerCounter {
  #counts = new Map<string, number>();

  constructor(
    private readonly write: (rows: BannerViewRow[]) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  add(site: string, policy: string): void {
    const key = JSON.stringify([site, this.clock.now().toISOString().slice(0, 13), policy]);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  /** Writes what was counted; on failure the counts are kept for the next flush. */
  async flush(): Promise<void> {
    if (!this.#counts.size) return;
    const taken = this.#counts;
    this.#counts = new Map();
    const rows = [...taken].map(([key, count]) => {
      const [site, hour, policy] = JSON.parse(key) as [string, string, string];
      return { site, hour, policy, count };
    });
    try {
      await this.write(rows);
    } catch (error) {
      for (const [key, n] of taken) this.#counts.set(key, (this.#counts.get(key) ?? 0) + n);
      throw error;
    }
  }
}
