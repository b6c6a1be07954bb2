import { appendFile } from 'node:fs/promises';
import type { Logger } from '../logger';
import type { Checkpoint } from '../store/checkpoints';

export interface WitnessOptions {
  /** A file that receives each checkpoint as one JSON line (for the privacy officer to archive elsewhere). */
  file?: string;
  /** A URL that receives each checkpoint as a JSON POST (another collector, a notary, the clinic's own server). */
  url?: string;
  fetch: typeof fetch;
  logger: Logger;
}

/**
 * Hands each new checkpoint to witnesses outside the server's control. A checkpoint kept elsewhere is what lets
 * `assent verify --checkpoints FILE` catch a log that was rewritten, even with the server's own key, or cut off
 * together with the checkpoints that vouched for it. A witness that is down misses this checkpoint; the next one
 * covers everything before it too.
 */
export function checkpointWitness({ file, url, fetch, logger }: WitnessOptions) {
  return async (checkpoint: Checkpoint) => {
    const line = JSON.stringify(checkpoint);
    if (file)
      await appendFile(file, `${line}\n`).catch((e: Error) =>
        logger.warn({ err: e.message, file }, 'checkpoint not written to the witness file'),
      );
    if (url) {
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: line,
        signal: AbortSignal.timeout(10_000),
      })
        .then((res) => !res.ok && logger.warn({ status: res.status }, 'the checkpoint witness refused a checkpoint'))
        .catch((e: Error) => logger.warn({ err: e.message }, 'checkpoint witness unreachable'));
    }
  };
}
