import type { JWK } from 'jose';
import { canonicalJson, type StoredReceipt } from '../../protocol';
import { noticeFor } from '../notices/result-notice';
import { revisionOf, type RevisionConfig } from '../sites/site-registry';
import { ENTRY_LOGS, type EntryLogName, type LogEntry } from '../store/entry-log';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema';
import { logReader, type LogReader, type ResultNoticeRow } from '../store/log-reader';
import { ExpectedHeads } from './expected-heads';
import { GENESIS, sha256 } from './hash-chain';
import { expectAnchors, verifyCheckpoints, type Anchor } from './verify-checkpoints';
import { verifyEntries } from './verify-entries';
import { verifyReceiptRow, type ReceiptContext } from './verify-receipts';
import { Tampered } from './tampered';

export interface VerifyReport {
  ok: boolean;
  receipts: number;
  erased: number;
  checkpoints: number;
  entries: Record<EntryLogName, number>;
  noticeTexts: number;
  resultNotices: number;
  /** Checkpoints and receipts saved outside the database that were checked. */
  anchors: number;
  /** The first problem found, naming the record. */
  problem?: string;
}

/**
 * Checks every record table in full, stopping at the first problem: the checkpoints (signed, linked, and what
 * they vouch for), anchors saved outside, each entry log (access, erasures, deliveries, revisions), the notice
 * texts (content hash), every receipt row (chain, columns, commitment, signature or signed erasure, revision and
 * notice text), that each erasure names exactly the rows it erased, and the result notices against their
 * receipts and the deliveries log. What is bookkeeping rather than proof is listed in docs/proof.md.
 */
export async function verifyLog(reader: LogReader, jwks: { keys: JWK[] }, anchors: readonly Anchor[] = []): Promise<VerifyReport> {
  const report: VerifyReport = { ok: true, receipts: 0, erased: 0, checkpoints: 0, entries: { access: 0, erasures: 0, deliveries: 0, revisions: 0 }, noticeTexts: 0, resultNotices: 0, anchors: anchors.length };
  try {
    const heads = new ExpectedHeads();
    report.checkpoints = await verifyCheckpoints(reader, jwks, heads);
    await expectAnchors(anchors, reader, jwks, heads);

    const stray = await reader.strayEntries(ENTRY_LOGS);
    if (stray.length) throw new Tampered(`log entry ${stray[0]!.seq} belongs to no log ("${stray[0]!.log}") — inserted`);
    const revisions = new Map<string, Map<string, RevisionConfig>>();
    const erasures = new Map<number, { at: string; site?: string; receipts: Set<number>; found: number }>();
    const deliveries = new Map<string, string>();
    const onEntry: Record<EntryLogName, (e: LogEntry) => void> = {
      access: () => {},
      revisions: (e) => {
        const { revision, config } = e as LogEntry<{ revision: string; config: RevisionConfig }>;
        if (!config || revisionOf(config) !== revision || config.id !== e.site) throw new Tampered(`config revision entry ${e.seq}: its config does not hash to revision "${revision}"`);
        if (!revisions.has(config.id)) revisions.set(config.id, new Map());
        revisions.get(config.id)!.set(revision, config);
      },
      erasures: (e) => {
        const receipts = (e as LogEntry<{ receipts: number[] }>).receipts;
        if (!Array.isArray(receipts)) throw new Tampered(`erasure log entry ${e.seq}: it names no receipts`);
        erasures.set(e.seq, { at: e.at, site: e.site, receipts: new Set(receipts), found: 0 });
      },
      deliveries: (e) => deliveries.set(String((e as LogEntry<{ receipt: string }>).receipt), e.at),
    };
    for (const log of ENTRY_LOGS) report.entries[log] = await verifyEntries(reader, log, jwks, heads, onEntry[log]);

    const texts = new Map<string, { site: string; policy: string; language: string }>();
    for await (const t of reader.noticeTexts()) {
      if (t.hash !== `sha256:${sha256(t.text)}`) throw new Tampered(`notice text ${t.hash}: its text does not match its hash — edited`);
      let doc: { site?: unknown; policy?: unknown; language?: unknown };
      try {
        doc = JSON.parse(t.text);
      } catch {
        throw new Tampered(`notice text ${t.hash}: its text is not JSON — edited`);
      }
      if (doc.site !== t.site || doc.policy !== t.policy || doc.language !== t.language) throw new Tampered(`notice text ${t.hash}: columns site, policy or language differ from its text — edited`);
      texts.set(t.hash, { site: t.site, policy: t.policy, language: t.language });
      report.noticeTexts++;
    }

    const ctx: ReceiptContext = { jwks, revisions: new Map([...revisions].map(([site, m]) => [site, new Set(m.keys())])), texts, erasures };
    let prev = GENESIS;
    let seq = 0;
    for await (const row of reader.receipts()) {
      if (row.seq <= seq) throw new Tampered(`receipt ${row.id} (seq ${row.seq}): no row can be there — inserted`);
      if (row.seq !== seq + 1) throw new Tampered(`receipt seq ${seq + 1}${row.seq > seq + 2 ? `–${row.seq - 1}` : ''} is missing — deleted`);
      await verifyReceiptRow(row, prev, ctx);
      if (row.erasure !== null) erasures.get(row.erasure)!.found++;
      heads.check('receipts', row.seq, row.hash!);
      prev = row.hash!;
      seq = row.seq;
      report.receipts++;
      if (row.erased_at) report.erased++;
    }
    heads.end('receipts', seq);
    for (const [entry, e] of erasures) {
      if (e.found !== e.receipts.size) throw new Tampered(`erasure log entry ${entry} names ${e.receipts.size} receipts but only ${e.found} are erased by it — an erased row was put back or edited`);
    }

    const noticed = new Set<string>();
    for await (const n of reader.resultNotices()) {
      await verifyNotice(n, reader, revisions, deliveries);
      noticed.add(n.receipt_id);
      report.resultNotices++;
    }
    for (const id of deliveries.keys()) {
      if (noticed.has(id)) continue;
      const row = await reader.receiptById(id);
      if (!row?.erased_at) throw new Tampered(`result notice for receipt ${id}: the deliveries log says it was delivered, but it is gone — deleted`);
    }
    return report;
  } catch (error) {
    if (error instanceof Tampered) return { ...report, ok: false, problem: error.message };
    throw error;
  }
}

/** A result notice is what its receipt calls for (recomputed), and delivered exactly when the deliveries log says so. */
async function verifyNotice(
  n: ResultNoticeRow,
  reader: LogReader,
  revisions: ReadonlyMap<string, ReadonlyMap<string, RevisionConfig>>,
  deliveries: ReadonlyMap<string, string>,
) {
  const where = `result notice for receipt ${n.receipt_id}`;
  const row = await reader.receiptById(n.receipt_id);
  if (!row || row.erased_at) throw new Tampered(`${where}: ${row ? 'its receipt is erased, so it should be gone' : 'its receipt is not in the log'} — inserted or kept by hand`);
  const receipt = JSON.parse(row.record) as StoredReceipt;
  let notice: { previous?: unknown };
  try {
    notice = JSON.parse(n.record);
  } catch {
    throw new Tampered(`${where}: its content is not JSON — edited`);
  }
  let previous: StoredReceipt | undefined;
  if (notice.previous !== null) {
    const before = typeof notice.previous === 'string' ? await reader.receiptById(notice.previous) : undefined;
    if (!before || before.seq >= row.seq || before.site !== row.site || (!before.erased_at && before.subject !== row.subject)) throw new Tampered(`${where}: the earlier receipt it compares with is not the subject's — edited`);
    previous = JSON.parse(before.record);
  }
  const config = revisions.get(receipt.site)?.get(receipt.configRevision);
  const expected = config && noticeFor(receipt, previous, config.channels.map((c) => c.id), config.controller.name[config.defaultLanguage]!);
  if (!expected || canonicalJson(expected) !== canonicalJson(notice) || n.site !== receipt.site || n.subject !== receipt.subject) throw new Tampered(`${where}: it differs from what its receipt calls for — edited`);
  if ((deliveries.get(n.receipt_id) ?? null) !== n.delivered_at) throw new Tampered(`${where}: column delivered_at differs from the signed deliveries log — edited`);
}

/** The same over a database handle (the CLI, tests). */
export const verifyDatabase = (db: Kysely<Database>, jwks: { keys: JWK[] }, anchors: readonly Anchor[] = []) => verifyLog(logReader(db), jwks, anchors);
