/**
 * Group commit: callers add items one at a time; items that arrive while a commit is running are written
 * together by the next one. One fsync then acknowledges many receipts, which is what keeps durable writes fast.
 *
 * `maxInFlight` commits may run at once (default one; a function is asked each time, as the writer may change). A
 * writer that merges what it is sent while it is busy (the SQLite writer thread) is given more: each turn of the
 * event loop then hands over what it parsed, and the writer is never left waiting for the event loop to answer a
 * batch before it gets the next.
 */
export class GroupCommit<T, R> {
  #pending: Waiting<T, R>[] = [];
  #scheduled = false;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 1000,
    private readonly maxInFlight: number | (() => number) = 1,
  ) {}

  #room(): boolean {
    const max = typeof this.maxInFlight === 'function' ? this.maxInFlight() : this.maxInFlight;
    return this.#inFlight.size < max;
  }

  /** Items waiting for the next commit. */
  get waiting(): number {
    return this.#pending.length;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#scheduled || !this.#room()) return;
      this.#scheduled = true;
      // Let the requests already parsed in this turn of the event loop join the batch.
      setImmediate(() => {
        this.#scheduled = false;
        this.#start();
      });
    });
  }

  /** Resolves once everything added so far is committed (or failed); not what is added meanwhile. */
  async flush(): Promise<void> {
    const waits: Promise<unknown>[] = [...this.#inFlight];
    for (const p of this.#pending)
      waits.push(
        new Promise<void>((done) => {
          const { resolve, reject } = p;
          p.resolve = (r) => (resolve(r), done());
          p.reject = (e) => (reject(e), done());
        }),
      );
    await Promise.all(waits);
  }

  #start(): void {
    while (this.#pending.length && this.#room()) {
      const batch = this.#pending.splice(0, this.maxBatch);
      const running: Promise<void> = this.commit(batch.map((p) => p.item)).then(
        (results) => this.#settled(running, () => batch.forEach((p, i) => p.resolve(results[i]!))),
        (error: unknown) => this.#settled(running, () => batch.forEach((p) => p.reject(error))),
      );
      this.#inFlight.add(running);
    }
  }

  #settled(running: Promise<void>, answer: () => void): void {
    this.#inFlight.delete(running);
    // The next batch goes to the writer before this one's callers run: answering them takes the event loop a
    // while, and the writer would wait for it.
    this.#start();
    answer();
  }
}

type Waiting<T, R> = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
