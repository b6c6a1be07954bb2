import { Worker } from 'node:worker_threads';

// Runs in the worker: the active private key as a KeyObject, and a loop that signs whole batches. Each message is
// `{ id, inputs }` (JWS signing inputs) and is answered `{ id, signatures }` (base64url) or `{ id, error }`.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const key = createPrivateKey({ key: workerData.jwk, format: 'jwk' });
parentPort.on('message', ({ id, inputs }) => {
  try {
    parentPort.postMessage({ id, signatures: inputs.map((s) => sign(null, Buffer.from(s), key).toString('base64url')) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Pending = { input: string; resolve: (signature: string) => void; reject: (error: unknown) => void };

/**
 * Ed25519 signing on a second thread under load, so signatures (≈ 41 µs each) do not hold the event loop while
 * requests queue. Requests made in the same turn of the event loop go over in one message (one message per
 * receipt cost more than it saved); fewer than `minBatch` are signed right here, which is faster for a trickle
 * (measured at 1,000 req/s: the thread's wake-ups doubled the p99). If the worker fails, everything — what waits
 * and what comes — is signed on the event loop instead by `fallback`, so a receipt never waits on a dead thread.
 */
export class SigningWorker {
  #worker: Worker | undefined;
  #queue: Pending[] = [];
  #inFlight = new Map<number, Pending[]>();
  #nextId = 0;
  #scheduled = false;

  constructor(
    jwk: { kty: string; crv: string; x: string; d: string },
    private readonly fallback: (input: string) => string,
    private readonly onFailure: (error: Error) => void = () => {},
    /** Batches smaller than this are signed on the event loop. */
    private readonly minBatch = 8,
  ) {
    const worker = new Worker(WORKER, { eval: true, workerData: { jwk } });
    worker.unref();
    worker.on('message', (m: { id: number; signatures?: string[]; error?: string }) => {
      const batch = this.#inFlight.get(m.id);
      this.#inFlight.delete(m.id);
      if (!batch) return;
      if (m.signatures) batch.forEach((p, i) => p.resolve(m.signatures![i]!));
      else this.#signHere(batch);
    });
    worker.on('error', (e) => this.#fail(e));
    worker.on('exit', (code) => this.#worker && this.#fail(new Error(`the signing worker exited with ${code}`)));
    this.#worker = worker;
  }

  /** The base64url Ed25519 signature of `input`. */
  sign(input: string): Promise<string> {
    if (!this.#worker) return Promise.resolve(this.fallback(input));
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#send());
      }
    });
  }

  async close() {
    const worker = this.#worker;
    this.#detach();
    await worker?.terminate();
  }

  #send() {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (!batch.length) return;
    // A few signatures cost less here than a round trip to the thread (and a thread waking up on a busy machine
    // adds to the latency tail); the thread pays off when many requests wait at once.
    if (!this.#worker || batch.length < this.minBatch) return this.#signHere(batch);
    const id = this.#nextId++;
    this.#inFlight.set(id, batch);
    this.#worker.postMessage({ id, inputs: batch.map((p) => p.input) });
  }

  #signHere(batch: Pending[]) {
    for (const p of batch) {
      try {
        p.resolve(this.fallback(p.input));
      } catch (error) {
        p.reject(error);
      }
    }
  }

  #fail(error: Error) {
    if (!this.#worker) return;
    this.#detach();
    this.onFailure(error);
  }

  /** Stops using the thread: what is queued or was sent to it is signed here, and so is everything after. */
  #detach() {
    this.#worker = undefined;
    const waiting = [...this.#queue, ...[...this.#inFlight.values()].flat()];
    this.#queue = [];
    this.#inFlight.clear();
    this.#signHere(waiting);
  }
}
