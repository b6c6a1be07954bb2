import type { JWK } from 'jose';
import { entryHash, type EntryLogName, type LogEntry } from '../store/entry-log';
import type { LogReader } from '../store/log-reader';
import { ExpectedHeads, labelOf } from './expected-heads';
import { GENESIS } from './hash-chain';
import { verifyDetached } from './key-ring';
import { Tampered, signatureProblem } from './tampered';

/**
 * Walks one entry log: positions 1, 2, 3 … without a gap; each entry signed together with its log, place and the
 * hash before it (so a forged, moved or renumbered entry fails on its signature); its columns equal to what was
 * signed; its chain link recomputed. `onEntry` gets each verified entry. Returns how many there are.
 */
export async function verifyEntries(
  reader: LogReader,
  log: EntryLogName,
  jwks: { keys: JWK[] },
  heads: ExpectedHeads,
  onEntry: (entry: LogEntry) => void,
): Promise<number> {
  let prev = GENESIS;
  let seq = 0;
  for await (const row of reader.entries(log)) {
    const where = `${labelOf(log)} ${row.seq}`;
    if (row.seq <= seq) throw new Tampered(`${where}: no entry can be there — inserted`);
    if (row.seq !== seq + 1)
      throw new Tampered(
        `${labelOf(log)} ${seq + 1}${row.seq > seq + 2 ? `–${row.seq - 1}` : ''} is missing — deleted`,
      );
    let entry: LogEntry;
    try {
      entry = JSON.parse(row.record);
    } catch {
      throw new Tampered(`${where}: its content is not JSON — edited`);
    }
    const signature = await verifyDetached(row.signature, row.record, jwks);
    if (!signature.ok) throw new Tampered(`${where}: ${signatureProblem(signature.reason)}`);
    if (entry.log !== log || entry.seq !== row.seq || entry.prev !== prev)
      throw new Tampered(
        `${where}: it does not follow the entry before it — an entry was deleted, inserted or reordered here`,
      );
    if (entry.at !== row.at) throw new Tampered(`${where}: column at differs from the signed entry — edited`);
    if ((entry.site ?? null) !== row.site)
      throw new Tampered(`${where}: column site differs from the signed entry — edited`);
    if (row.hash !== entryHash(prev, row.seq, log, row.record))
      throw new Tampered(`${where}: its chain link does not match its content — edited`);
    heads.check(log, row.seq, row.hash);
    onEntry(entry);
    prev = row.hash;
    seq = row.seq;
  }
  heads.end(log, seq);
  return seq;
}
