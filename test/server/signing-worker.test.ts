import { createPrivateKey, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRing, verifyDetached } from '../../server/proof/key-ring';
import { verifyReceipt } from '../../server/proof/receipt-proof';
import { SigningWorker } from '../../server/proof/signing-worker';
import { leepeemReceipt, makeCollector, postJson, testKeyRing } from '../helpers/collector';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function activeJwk() {
  const { file } = await testKeyRing();
  const k = file.keys.at(-1)!;
  return { kty: 'OKP', crv: 'Ed25519', x: k.x!, d: k.d! };
}

describe('signing on a worker thread', () => {
  it('signs exactly what the event loop would (Ed25519 is deterministic), for a burst of concurrent receipts', async () => {
    const { file, ring: inline } = await testKeyRing();
    const threaded = await KeyRing.load(file, { signingThread: true });
    closers.push(() => threaded.close());
    const payloads = Array.from({ length: 300 }, (_, i) => JSON.stringify({ i, text: `동의 ${i}` }));
    const fromThread = await Promise.all(payloads.map((p) => threaded.signDetached(p)));
    expect(fromThread).toEqual(await Promise.all(payloads.map((p) => inline.signDetached(p))));
    expect(await verifyDetached(fromThread[7]!, payloads[7]!, threaded.jwks)).toMatchObject({ ok: true });
  });

  it('sends a burst to the thread in one message, and signs a trickle (fewer than 8) right here', async () => {
    const jwk = await activeJwk();
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    let here = 0;
    const worker = new SigningWorker(
      jwk,
      (input) => (here++, sign(null, Buffer.from(input), key).toString('base64url')),
    );
    closers.push(() => worker.close());
    await Promise.all(Array.from({ length: 3 }, (_, i) => worker.sign(`trickle ${i}`)));
    expect(here).toBe(3);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => worker.sign(`burst ${i}`)));
    expect(here).toBe(3); // none of the 50 on this thread
    expect(burst[49]).toBe(sign(null, Buffer.from('burst 49'), key).toString('base64url'));
  });

  it('when the thread dies, what waits and what comes is signed on the event loop; the failure is reported once', async () => {
    const jwk = await activeJwk();
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    const failures: Error[] = [];
    let failed!: () => void;
    const failure = new Promise<void>((r) => (failed = r));
    // A private key the worker cannot import makes it throw as it starts.
    const worker = new SigningWorker(
      { ...jwk, d: 'not-a-key' },
      (input) => sign(null, Buffer.from(input), key).toString('base64url'),
      (e) => (failures.push(e), failed()),
    );
    closers.push(() => worker.close());
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => worker.sign(`p${i}`)));
    await failure; // the worker's start-up error has arrived
    const later = await Promise.all(Array.from({ length: 20 }, (_, i) => worker.sign(`q${i}`)));
    expect(failures).toHaveLength(1);
    expect(first[3]).toBe(sign(null, Buffer.from('p3'), key).toString('base64url'));
    expect(later[19]).toBe(sign(null, Buffer.from('q19'), key).toString('base64url'));
  });

  it('closing signs what is still queued instead of dropping it', async () => {
    const jwk = await activeJwk();
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    const worker = new SigningWorker(jwk, (input) => sign(null, Buffer.from(input), key).toString('base64url'));
    const pending = Array.from({ length: 30 }, (_, i) => worker.sign(`c${i}`));
    await worker.close();
    expect(await Promise.all(pending)).toEqual(
      Array.from({ length: 30 }, (_, i) => sign(null, Buffer.from(`c${i}`), key).toString('base64url')),
    );
  });

  it('receipts posted to a collector signing on the thread carry valid signatures', async () => {
    const threaded = await KeyRing.load((await testKeyRing()).file, { signingThread: true });
    closers.push(() => threaded.close());
    const c = await makeCollector({ keys: threaded });
    closers.push(() => c.store.close());
    const responses = await Promise.all(
      Array.from({ length: 40 }, () => c.app.request('/v1/receipts', postJson(leepeemReceipt()))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(201));
    const receipts = await Promise.all(responses.map((r) => r.json()));
    for (const r of receipts) expect(await verifyReceipt(r, threaded.jwks)).toMatchObject({ ok: true });
  });
});
