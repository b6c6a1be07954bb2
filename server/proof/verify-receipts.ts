import type { JWK } from 'jose';
import {
  PERSONAL_FIELDS,
  KEPT_REQUEST_FIELDS,
  RECEIPT_FIELDS,
  canonicalJson,
  type StoredReceipt,
} from '../../protocol';
import type { ReceiptRowRead } from '../store/log-reader';
import { ERASED_REQUEST, ERASED_SUBJECT } from '../store/redaction';
import { linkHash, sha256 } from './hash-chain';
import { commitment, personalDigest, publicPart, receiptCommitment } from './receipt-commitment';
import { verifyDetached } from './key-ring';
import { Tampered, signatureProblem } from './tampered';

/** What a row is checked against besides itself: the other logs, already verified. */
export interface ReceiptContext {
  jwks: { keys: JWK[] };
  /** Revisions served, by site (the `revisions` log). */
  revisions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Notice texts by hash (verified against their hash). */
  texts: ReadonlyMap<string, { site: string; policy: string; language: string }>;
  /** Entries of the `erasures` log by seq, with the receipts each names. */
  erasures: ReadonlyMap<number, { at: string; site?: string; receipts: ReadonlySet<number> }>;
}

const REQUEST_FIELDS: readonly string[] = KEPT_REQUEST_FIELDS;
/** The request a receipt was made from: what its `request_hash` (the idempotency check) covers. */
export const requestOf = (receipt: object) =>
  Object.fromEntries(Object.entries(receipt).filter(([k]) => REQUEST_FIELDS.includes(k)));
const HIDDEN = [...PERSONAL_FIELDS, 'salt', 'signature'];
const LIVE_FIELDS = new Set<string>(RECEIPT_FIELDS.filter((f) => f !== 'signature'));
const ERASED_FIELDS = new Set<string>(RECEIPT_FIELDS.filter((f) => !HIDDEN.includes(f)));

/**
 * Checks one receipt row in full: its chain link (against `prev`), every column against the record, the record
 * against its commitment, its signed place in the log, and what it points at (config revision, notice text). A
 * live row's signature must hold; an erased row must be in the form an erasure writes, keep the commitment of the
 * row that was there, and be named by a signed erasure. Throws Tampered naming the row.
 */
export async function verifyReceiptRow(row: ReceiptRowRead, prev: string, ctx: ReceiptContext): Promise<void> {
  const where = `receipt ${row.id} (seq ${row.seq})`;
  const fail = (why: string): never => {
    throw new Tampered(`${where}: ${why}`);
  };
  if (!row.hash || !row.record_digest || !row.personal_digest || !row.prev_hash)
    fail('it has no chain link — inserted outside the log');
  if (row.prev_hash !== prev)
    fail('it does not follow the record before it — a record was deleted, inserted or reordered here');
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(row.record);
  } catch {
    return fail('its content is not JSON — edited');
  }
  const r = record as unknown as StoredReceipt;
  const column = (name: string, stored: unknown, expected: unknown) => {
    if (stored !== expected)
      fail(`column ${name} differs from the ${row.erased_at ? 'erased' : 'signed'} receipt — edited`);
  };

  // The stored text is exactly one text: the canonical JSON (a duplicate key or another spelling would let a SQL
  // reader of the file see something else than the verifier does).
  if (canonicalJson(record) !== row.record)
    fail('its content is not in the canonical form the collector writes — edited');
  const unknown = Object.keys(record).filter((k) => !(row.erased_at === null ? LIVE_FIELDS : ERASED_FIELDS).has(k));
  if (unknown.length)
    fail(`its content holds ${unknown.join(', ')}, which no ${row.erased_at ? 'erased ' : ''}receipt has — edited`);

  if (row.erased_at === null) {
    if (row.erasure !== null) fail('it names an erasure but is not erased — edited');
    const signature = await verifyDetached(row.signature as string, row.record, ctx.jwks);
    if (!signature.ok) fail(signatureProblem(signature.reason));
    column('subject', row.subject, r.subject);
    column('member', row.member, r.member ?? null);
    column('request_hash', row.request_hash, sha256(canonicalJson(requestOf(r))));
    column('personal_digest', row.personal_digest, personalDigest(r));
    if (row.record_digest !== receiptCommitment(r))
      fail('its content does not match the commitment in the chain — edited');
  } else {
    if (row.signature !== null) fail('it is marked erased but keeps a signature — edited');
    column('subject', row.subject, ERASED_SUBJECT);
    column('member', row.member, null);
    column('request_hash', row.request_hash, ERASED_REQUEST);
    if (row.record_digest !== commitment(publicPart(record), row.personal_digest!))
      fail('its content does not match the commitment in the chain — edited after the erasure');
    const erasure = row.erasure === null ? undefined : ctx.erasures.get(row.erasure);
    if (!erasure || !erasure.receipts.has(row.seq) || erasure.site !== row.site)
      fail('it is marked erased but no signed entry of the erasure log names it — marked by hand');
    if (erasure!.at !== row.erased_at) fail('column erased_at differs from the signed erasure — edited');
  }
  const log = r.log as { seq?: unknown; prev?: unknown } | undefined;
  if (log?.seq !== row.seq || log?.prev !== row.prev_hash)
    fail('its signed place in the log is not where it is — moved or renumbered');
  column('id', row.id, r.id);
  column('site', row.site, r.site);
  column('policy', row.policy, r.policy);
  column('action', row.action, r.action);
  column('method', row.method, r.method);
  column('received_at', row.received_at, r.receivedAt);
  column('notice_hash', row.notice_hash, r.notice?.hash);
  if (row.hash !== linkHash(prev, row.seq, row.id, row.record_digest!))
    fail('its chain link does not match its content — edited');
  if (!ctx.revisions.get(r.site)?.has(r.configRevision))
    fail(`its config revision "${r.configRevision}" is not one the collector served (the revisions log)`);
  const text = ctx.texts.get(r.notice.hash);
  if (!text) fail(`the notice text it points at (${r.notice.hash}) is missing — deleted`);
  if (text!.site !== r.site || text!.policy !== r.policy || text!.language !== r.notice.language)
    fail(`the notice text it points at is for ${text!.site}/${text!.policy}/${text!.language}`);
}
