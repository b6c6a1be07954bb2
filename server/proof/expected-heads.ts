import type { LogName } from '../store/checkpoints';
import { GENESIS } from './hash-chain';
import { Tampered } from './tampered';

const LABEL: Record<LogName, string> = {
  receipts: 'receipt',
  access: 'access log entry',
  erasures: 'erasure log entry',
  deliveries: 'delivery log entry',
  revisions: 'config revision entry',
  requests: 'rights request entry',
};
export const labelOf = (log: LogName) => LABEL[log];

/**
 * What checkpoints and saved anchors vouch for: the hash a log must have at a position. Collected before the
 * logs are walked, checked as each position goes by, and at the end against where each log stops (a position
 * past the end means records were cut off).
 */
export class ExpectedHeads {
  readonly #expected = new Map<string, { log: LogName; seq: number; hash: string; from: string }[]>();

  expect(log: LogName, seq: number, hash: string, from: string) {
    if (seq === 0) {
      if (hash !== GENESIS)
        throw new Tampered(`${from} says the ${log} log was empty with a head hash that is not the genesis hash`);
      return;
    }
    const key = `${log}:${seq}`;
    this.#expected.set(key, [...(this.#expected.get(key) ?? []), { log, seq, hash, from }]);
  }

  /** Called as the walk passes `seq` of `log` with the hash found there. */
  check(log: LogName, seq: number, hash: string) {
    for (const e of this.#expected.get(`${log}:${seq}`) ?? []) {
      if (e.hash !== hash)
        throw new Tampered(
          `${e.from} vouches for ${LABEL[log]} seq ${seq}, which is not as it vouched — records before it were changed or rewritten`,
        );
    }
  }

  /** After the walk of `log`, which ended at `last`. */
  end(log: LogName, last: number) {
    for (const list of this.#expected.values()) {
      for (const e of list) {
        if (e.log === log && e.seq > last)
          throw new Tampered(
            `${e.from} vouches for ${LABEL[log]} seq ${e.seq}, but the ${log} log ends at ${last} — records were cut off the end`,
          );
      }
    }
  }
}
