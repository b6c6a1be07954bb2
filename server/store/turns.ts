import { Semaphore } from 'async-mutex';

/**
 * Shared turns at most: batches on their way to the writer thread. Small on purpose: the semaphore walks every
 * weight up to it on each release.
 */
export const SHARED_TURNS = 64;

/**
 * Turns on the SQLite file among this process's connections. Receipt batches on their way to the writer thread
 * share the file (up to SHARED_TURNS at once; the thread writes them in order, merged); everything else —
 * Kysely's queries and transactions, batches written on the event loop, checkpoints — has the file alone. Waiters
 * are served in order, so one waiting to be alone holds later batches back and neither side starves.
 */
export class Turns {
  readonly #semaphore = new Semaphore(SHARED_TURNS);

  /** The file to this caller alone; resolves with the release. */
  async alone(): Promise<() => void> {
    const [, release] = await this.#semaphore.acquire(SHARED_TURNS);
    return release;
  }

  /** A turn shared with other batches for the writer thread; resolves with the release. */
  async shared(): Promise<() => void> {
    const [, release] = await this.#semaphore.acquire(1);
    return release;
  }
}

/** Runs `work` holding the turn `take` gives, and releases it however `work` ends. */
export async function holding<T>(take: () => Promise<() => void>, work: () => T | Promise<T>): Promise<T> {
  const release = await take();
  try {
    return await work();
  } finally {
    release();
  }
}
