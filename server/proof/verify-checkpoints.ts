import type { JWK } from 'jose';
import type { StoredReceipt } from '../../protocol';
import { checkpointBody, type Checkpoint, type CheckpointBody, type LogName } from '../store/checkpoints';
import { ENTRY_LOGS, LATER_LOGS, type EntryLogName } from '../store/entry-log';
import type { LogReader } from '../store/log-reader';
import type { ExpectedHeads } from './expected-heads';
import { GENESIS, linkHash, sha256 } from './hash-chain';
import { verifyDetached } from './key-ring';
import { receiptCommitment } from './receipt-commitment';
import { verifyReceipt } from './receipt-proof';
import { Tampered, signatureProblem } from './tampered';

export const LOGS: readonly LogName[] = ['receipts', ...ENTRY_LOGS];

/** Checkpoints in the database: numbered without a gap, each signed and linked to the one before; their heads are expected. */
export async function verifyCheckpoints(
  reader: LogReader,
  jwks: { keys: JWK[] },
  heads: ExpectedHeads,
): Promise<number> {
  let previous: { body: string; heads: CheckpointBody['heads'] } | undefined;
  let seq = 0;
  for await (const row of reader.checkpoints()) {
    const where = `checkpoint ${row.seq}`;
    if (row.seq <= seq) throw new Tampered(`${where}: no checkpoint can be there — inserted`);
    if (row.seq !== seq + 1)
      throw new Tampered(`checkpoint ${seq + 1}${row.seq > seq + 2 ? `–${row.seq - 1}` : ''} is missing — deleted`);
    let body: CheckpointBody;
    try {
      body = JSON.parse(row.body);
    } catch {
      throw new Tampered(`${where}: its content is not JSON — edited`);
    }
    const signature = await verifyDetached(row.signature, row.body, jwks);
    if (!signature.ok) throw new Tampered(`${where}: ${signatureProblem(signature.reason)}`);
    if (body.seq !== row.seq || body.prev !== (previous ? sha256(previous.body) : GENESIS))
      throw new Tampered(
        `${where}: it does not follow the checkpoint before it — a checkpoint was deleted, inserted or reordered`,
      );
    if (body.createdAt !== row.created_at)
      throw new Tampered(`${where}: column created_at differs from the signed checkpoint — edited`);
    if (body.heads?.receipts?.seq !== row.receipts_head)
      throw new Tampered(`${where}: column receipts_head differs from the signed checkpoint — edited`);
    expectHeads(body, heads, `${where} (signed ${body.createdAt})`, previous?.heads);
    previous = { body: row.body, heads: body.heads };
    seq = row.seq;
  }
  return seq;
}

function expectHeads(body: CheckpointBody, heads: ExpectedHeads, from: string, before?: CheckpointBody['heads']) {
  const names = Object.keys(body.heads ?? {});
  // A checkpoint signed before a log existed does not name it; one that follows a checkpoint naming it must.
  const named = LOGS.filter((l) => names.includes(l) || !(LATER_LOGS.includes(l as EntryLogName) && !before?.[l]));
  if (names.length !== named.length || !named.every((l) => names.includes(l)))
    throw new Tampered(`${from}: it does not name the head of every log`);
  for (const log of named) {
    const head = body.heads[log];
    if (before?.[log] && head.seq < before[log].seq)
      throw new Tampered(`${from}: its ${log} head is behind the checkpoint before it`);
    heads.expect(log, head.seq, head.hash, from);
  }
}

/** A checkpoint or a receipt saved outside the database (a witness's file, the officer's archive, a visitor's copy). */
export type Anchor = Checkpoint | StoredReceipt;
const isCheckpoint = (a: Anchor): a is Checkpoint => 'heads' in a;

/**
 * Anchors made by the server and kept elsewhere. A saved checkpoint must still be in the database, unchanged, and
 * the logs must still hold what it vouched for; a saved receipt must still be at its place, with the same record
 * before it. Both are checked with the public keys only, so a log rewritten and re-signed with the server's own
 * key still fails against them.
 */
export async function expectAnchors(
  anchors: readonly Anchor[],
  reader: LogReader,
  jwks: { keys: JWK[] },
  heads: ExpectedHeads,
): Promise<void> {
  for (const anchor of anchors) {
    if (isCheckpoint(anchor)) {
      const from = `the checkpoint ${anchor.seq} saved outside (signed ${anchor.createdAt})`;
      const signature = await verifyDetached(anchor.signature, checkpointBody(anchor), jwks);
      if (!signature.ok) throw new Tampered(`${from}: ${signature.reason} — not a checkpoint of this collector`);
      const stored = await reader.checkpointAt(anchor.seq);
      if (!stored) throw new Tampered(`${from} is missing from the database — checkpoints were removed`);
      if (stored.body !== checkpointBody(anchor))
        throw new Tampered(`${from} differs from checkpoint ${anchor.seq} in the database — the log was rewritten`);
      expectHeads(anchor, heads, from);
    } else {
      const from = `the receipt ${anchor.id} saved outside`;
      const signature = await verifyReceipt(anchor, jwks);
      if (!signature.ok) throw new Tampered(`${from}: ${signature.reason} — not a receipt of this collector`);
      if (!anchor.log || typeof anchor.log.seq !== 'number') throw new Tampered(`${from} names no place in the log`);
      heads.expect('receipts', anchor.log.seq - 1, anchor.log.prev, from);
      heads.expect(
        'receipts',
        anchor.log.seq,
        linkHash(anchor.log.prev, anchor.log.seq, anchor.id, receiptCommitment(anchor)),
        from,
      );
    }
  }
}

/** Reads saved anchors: a JSON array, one JSON object, or JSON lines (what `/.well-known/assent-checkpoint` and a witness file hold). */
export function parseAnchors(text: string): Anchor[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed);
  try {
    return [JSON.parse(trimmed)];
  } catch {
    return trimmed
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
  }
}
