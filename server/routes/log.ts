import { Hono } from 'hono';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { rateLimit } from '../middleware/rate-limit';
import type { KyselyReceiptStore } from '../store/kysely-receipt-store';
import { checkpointOf } from '../store/checkpoints';
import { commitment as commit, personalDigest, publicPart } from '../proof/receipt-commitment';

/** The commitment a stored row's record gives: from the whole receipt, or (erased) its public part and kept digest. */
function storedCommitment(row: { record: string; erased_at: string | null; personal_digest: string | null }) {
  try {
    const record = JSON.parse(row.record);
    return commit(publicPart(record), row.erased_at ? String(row.personal_digest) : personalDigest(record));
  } catch {
    return undefined;
  }
}

/** Links a visitor may fetch at once on their way to a checkpoint (checkpoints come every 10 s, so far fewer in practice). */
const MAX_LINKS = 50_000;

/**
 * The log's public face, for witnesses and for visitors checking their own receipt: the latest signed checkpoint,
 * the checkpoints in order (each links to the one before), and the chain from a receipt's place to the first
 * checkpoint after it. Ids and salted commitments only: nothing here says who decided what.
 */
export function logRoutes(deps: AppDeps) {
  const app = new Hono();
  const reader = (deps.store as Partial<KyselyReceiptStore>).reader;
  app.get('/.well-known/assent-checkpoint', async (c) => {
    const checkpoint = await deps.store.latestCheckpoint();
    if (!checkpoint) throw new ProblemError(404, 'no-checkpoint', 'Not Found', 'No checkpoint has been written yet.');
    return c.json(checkpoint, 200, { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' });
  });
  if (!reader) return app;
  app.use('/v1/log/*', rateLimit({ ...deps.rateLimit, clientKey: (c) => `log:${deps.clientIp(c) ?? 'unknown'}` }));
  app.get('/v1/log/checkpoints', async (c) => {
    const after = Number(c.req.query('after') ?? 0);
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 1000) || 1000, 1), 1000);
    if (!Number.isSafeInteger(after) || after < 0)
      throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', 'after must be a checkpoint number');
    return c.json({ checkpoints: (await reader.checkpointsAfter(after, limit)).map(checkpointOf) });
  });
  app.get('/v1/log/receipts/:seq/path', async (c) => {
    const seq = Number(c.req.param('seq'));
    if (!Number.isSafeInteger(seq) || seq < 1)
      throw new ProblemError(
        422,
        'invalid-query',
        'Unprocessable Content',
        "seq must be a receipt's place in the log (log.seq)",
      );
    const row = await reader.receiptAt(seq);
    const cp = row && (await reader.firstCheckpointCovering(seq));
    if (!row || !cp)
      throw new ProblemError(
        404,
        'not-yet',
        'Not Found',
        `No checkpoint covers receipt seq ${seq} yet; checkpoints are written every few seconds.`,
      );
    const checkpoint = checkpointOf(cp);
    if (checkpoint.heads.receipts.seq - seq > MAX_LINKS)
      throw new ProblemError(422, 'too-far', 'Unprocessable Content', 'The path is too long to send.');
    // The commitment served is the one the stored record gives, not the column beside it: a row whose record was
    // changed under its chain link must not pass a visitor's check (assent verify names such a row).
    const commitment = storedCommitment(row);
    if (commitment !== row.record_digest)
      throw new ProblemError(
        500,
        'log-damaged',
        'Internal Server Error',
        `The log is damaged at receipt seq ${seq}: its record does not match its chain link. The operator should run assent verify.`,
      );
    const links = await reader.receiptLinks(seq, checkpoint.heads.receipts.seq);
    return c.json({
      receipt: { seq, id: row.id, prev: row.prev_hash, commitment, hash: row.hash },
      links: links.map((l) => ({ seq: l.seq, id: l.id, commitment: l.record_digest })),
      checkpoint,
    });
  });
  return app;
}
