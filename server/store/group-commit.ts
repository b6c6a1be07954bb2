/**
 * Group commit: callers add items one at a time; items that arrive while a commit is running are written
 * together by the next one. One fsync then acknowledges many receipts, which is what keeps durable writes fast.
 */
export class GroupCommit<T, R> {
  #pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  #running: Promise<void> | undefined;

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 1000,
  ) {}

  /** Items waiting for the next commit. */
  get waiting(): number {
    return this.#pending.length;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** Resolves once everything added so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the requests already parsed in this turn of the event loop join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.#pending.length) {
      const batch = this.#pending.splice(0, this.maxBatch);
      try {
        const results = await this.commit(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
    this.#running = undefined;
  }
}
