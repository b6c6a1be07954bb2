import type { JWK } from 'jose';
import { channelFold, type FoldedReceipt, type StoredReceipt } from '../../protocol';
import { legacyNoticeFor, noticeFor } from '../notices/result-notice';
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
import { contactIndex } from './verify-contacts';
import { verifyChannelConsents, verifyNotice } from './verify-derived';
import { countIndex } from './verify-counts';
import { requestLog } from './verify-requests';
import { Tampered } from './tampered';

export interface VerifyReport {
  ok: boolean;
  receipts: number;
  erased: number;
  checkpoints: number;
  entries: Record<EntryLogName, number>;
  noticeTexts: number;
  resultNotices: number;
  channelConsents: number;
  /** Rows of the officer's contact index (`subject_contacts`). */
  contacts: number;
  /** Data subjects' requests, each as the signed `requests` log has it. */
  rightsRequests: number;
  /** Rows of the overview's sums (`decision_counts`), each equal to the receipts it counts. */
  decisionCounts: number;
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
export async function verifyLog(
  reader: LogReader,
  jwks: { keys: JWK[] },
  anchors: readonly Anchor[] = [],
): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: true,
    receipts: 0,
    erased: 0,
    checkpoints: 0,
    entries: { access: 0, erasures: 0, deliveries: 0, revisions: 0, requests: 0 },
    noticeTexts: 0,
    resultNotices: 0,
    channelConsents: 0,
    contacts: 0,
    decisionCounts: 0,
    rightsRequests: 0,
    anchors: anchors.length,
  };
  try {
    const heads = new ExpectedHeads();
    report.checkpoints = await verifyCheckpoints(reader, jwks, heads);
    await expectAnchors(anchors, reader, jwks, heads);

    const stray = await reader.strayEntries(ENTRY_LOGS);
    if (stray.length)
      throw new Tampered(`log entry ${stray[0]!.seq} belongs to no log ("${stray[0]!.log}") — inserted`);
    const revisions = new Map<string, Map<string, RevisionConfig>>();
    const erasures = new Map<number, { at: string; site?: string; receipts: Set<number>; found: number }>();
    const deliveries = new Map<string, { at: string; notice: unknown; via: unknown }>();
    const requests = requestLog();
    const onEntry: Record<EntryLogName, (e: LogEntry) => void> = {
      access: () => {},
      requests: (e) => requests.onEntry(e),
      revisions: (e) => {
        const { revision, config } = e as LogEntry<{ revision: string; config: RevisionConfig }>;
        if (!config || revisionOf(config) !== revision || config.id !== e.site)
          throw new Tampered(`config revision entry ${e.seq}: its config does not hash to revision "${revision}"`);
        if (!revisions.has(config.id)) revisions.set(config.id, new Map());
        revisions.get(config.id)!.set(revision, config);
      },
      erasures: (e) => {
        const receipts = (e as LogEntry<{ receipts: number[] }>).receipts;
        if (!Array.isArray(receipts)) throw new Tampered(`erasure log entry ${e.seq}: it names no receipts`);
        erasures.set(e.seq, { at: e.at, site: e.site, receipts: new Set(receipts), found: 0 });
      },
      deliveries: (e) =>
        deliveries.set(String((e as LogEntry<{ receipt: string }>).receipt), {
          at: e.at,
          notice: (e as LogEntry<{ notice: string }>).notice,
          via: (e as LogEntry<{ via: string }>).via,
        }),
    };
    for (const log of ENTRY_LOGS) report.entries[log] = await verifyEntries(reader, log, jwks, heads, onEntry[log]);

    const texts = new Map<string, { site: string; policy: string; language: string }>();
    for await (const t of reader.noticeTexts()) {
      if (t.hash !== `sha256:${sha256(t.text)}`)
        throw new Tampered(`notice text ${t.hash}: its text does not match its hash — edited`);
      let doc: { site?: unknown; policy?: unknown; language?: unknown };
      try {
        doc = JSON.parse(t.text);
      } catch {
        throw new Tampered(`notice text ${t.hash}: its text is not JSON — edited`);
      }
      if (doc.site !== t.site || doc.policy !== t.policy || doc.language !== t.language)
        throw new Tampered(`notice text ${t.hash}: columns site, policy or language differ from its text — edited`);
      texts.set(t.hash, { site: t.site, policy: t.policy, language: t.language });
      report.noticeTexts++;
    }

    // The result notices, checked as the receipts go by: each receipt calls for its notice or for none.
    const notices = new Map<string, ResultNoticeRow>();
    for await (const n of reader.resultNotices()) notices.set(n.receipt_id, n);
    const ctx: ReceiptContext = {
      jwks,
      revisions: new Map([...revisions].map(([site, m]) => [site, new Set(m.keys())])),
      texts,
      erasures,
    };
    const latest = new Map<string, { id: string; choices: StoredReceipt['choices'] }>();
    // Each subject's marketing consents, folded along the signed `previous` links (erased rows included).
    const fold = channelFold();
    const contacts = contactIndex();
    const counts = countIndex();
    let prev = GENESIS;
    let seq = 0;
    for await (const row of reader.receipts()) {
      if (row.seq <= seq) throw new Tampered(`receipt ${row.id} (seq ${row.seq}): no row can be there — inserted`);
      if (row.seq !== seq + 1)
        throw new Tampered(`receipt seq ${seq + 1}${row.seq > seq + 2 ? `–${row.seq - 1}` : ''} is missing — deleted`);
      await verifyReceiptRow(row, prev, ctx);
      if (row.erasure !== null) erasures.get(row.erasure)!.found++;
      const parsed = JSON.parse(row.record) as StoredReceipt;
      const folded = fold.apply(parsed as FoldedReceipt);
      counts.add(parsed);
      if (row.erased_at) {
        if (notices.has(row.id))
          throw new Tampered(
            `result notice for receipt ${row.id}: its receipt is erased, so it should be gone — kept by hand`,
          );
      } else {
        const receipt = JSON.parse(row.record) as StoredReceipt;
        contacts.add(receipt);
        const key = `${receipt.site}\n${receipt.subject}`;
        const before = await previousOf(receipt, row.seq, latest.get(key), reader);
        const config = revisions.get(receipt.site)!.get(receipt.configRevision)!;
        const consentedAt = Object.fromEntries(
          Object.keys(folded.results).map((c) => [c, folded.state[c]?.consentedAt]),
        );
        const expected = !config.channels.length
          ? undefined
          : (receipt.v as number) === 1
            ? legacyNoticeFor(
                receipt,
                before,
                config.channels.map((c) => c.id),
                config.controller.name[config.defaultLanguage]!,
              )
            : noticeFor(receipt, folded.results, consentedAt, config);
        verifyNotice(receipt.id, expected, notices.get(receipt.id), deliveries);
        notices.delete(receipt.id);
        latest.set(key, { id: receipt.id, choices: receipt.choices });
        report.resultNotices += expected ? 1 : 0;
      }
      heads.check('receipts', row.seq, row.hash!);
      prev = row.hash!;
      seq = row.seq;
      report.receipts++;
      if (row.erased_at) report.erased++;
    }
    heads.end('receipts', seq);
    report.channelConsents = await verifyChannelConsents(reader, latest, fold);
    report.contacts = await contacts.check(reader);
    report.decisionCounts = await counts.check(reader);
    report.rightsRequests = await requests.check(reader);
    for (const [entry, e] of erasures) {
      if (e.found !== e.receipts.size)
        throw new Tampered(
          `erasure log entry ${entry} names ${e.receipts.size} receipts but only ${e.found} are erased by it ` +
            '— an erased row was put back or edited',
        );
    }
    for (const id of notices.keys())
      throw new Tampered(`result notice for receipt ${id}: no receipt in the log calls for it — inserted`);
    for (const [id] of deliveries) {
      const row = await reader.receiptById(id);
      if (!row) throw new Tampered(`delivery log: it delivered a notice for receipt ${id}, which is not in the log`);
    }
    return report;
  } catch (error) {
    if (error instanceof Tampered) return { ...report, ok: false, problem: error.message };
    throw error;
  }
}

/**
 * The receipt before this one that its `previous` (signed) names must be the subject's latest live receipt, or —
 * when none is left — one of the same site that an erasure has since emptied (retention erases the oldest first).
 */
async function previousOf(
  receipt: StoredReceipt,
  seq: number,
  latest: { id: string; choices: StoredReceipt['choices'] } | undefined,
  reader: LogReader,
) {
  const where = `receipt ${receipt.id} (seq ${seq})`;
  if (latest) {
    if (receipt.previous !== latest.id)
      throw new Tampered(
        `${where}: the receipt it names as the subject's previous one is not — a receipt of the subject was deleted or moved`,
      );
    return latest;
  }
  if (receipt.previous === null) return undefined;
  const row = await reader.receiptById(String(receipt.previous));
  if (!row || !row.erased_at || row.site !== receipt.site || row.seq >= seq)
    throw new Tampered(`${where}: the receipt it names as the subject's previous one is not in the log — deleted`);
  const erased = JSON.parse(row.record) as StoredReceipt;
  return { id: erased.id, choices: erased.choices };
}

export const verifyDatabase = (db: Kysely<Database>, jwks: { keys: JWK[] }, anchors: readonly Anchor[] = []) =>
  verifyLog(logReader(db), jwks, anchors);
