import {
  applyChannels,
  type ChannelResult,
  type ChannelState,
  type StoredReceipt,
  type UnsignedReceipt,
} from '../../protocol';
import type { ResultNotice } from '../notices/result-notice';
import { linkHash } from '../proof/hash-chain';
import { committedReceipt } from '../proof/receipt-commitment';
import { decisionCounts } from '../stats/decision-counts';
import { viewAnswers } from './view-answers';
export { VIEW_ANSWER_COLUMNS, type ViewAnswer } from './view-answers';
import type { Database } from './database-schema';
import type { AppendResult } from './receipt-store';
import { receiptJson, receiptOf } from './stored-receipt';

/** A receipt waiting for its batch, with the hash of its request (the idempotency check). */
export type PendingReceipt = { receipt: UnsignedReceipt; hash: string };
export type ChainHead = { seq: number; hash: string };
export type ReceiptRow = Omit<Database['receipts'], 'seq' | 'erased_at' | 'erasure'> & { seq: number };
export type ConsentRow = Database['channel_consents'];
export type ContactRow = Database['subject_contacts'];
export type NoticeRow = Pick<
  Database['result_notices'],
  'receipt_id' | 'site' | 'subject' | 'record' | 'created_at' | 'next_attempt_at'
>;
/** The columns a batch writes, in one order for both dialects' insert statements. */
export const RECEIPT_COLUMNS = [
  'seq',
  'id',
  'site',
  'subject',
  'member',
  'policy',
  'action',
  'method',
  'received_at',
  'request_hash',
  'notice_hash',
  'record',
  'signature',
  'record_digest',
  'personal_digest',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof ReceiptRow)[];
export const NOTICE_COLUMNS = [
  'receipt_id',
  'site',
  'subject',
  'record',
  'created_at',
  'next_attempt_at',
] as const satisfies readonly (keyof NoticeRow)[];
export const CONTACT_COLUMNS = [
  'site',
  'contact_key',
  'subject',
  'receipt_id',
] as const satisfies readonly (keyof ContactRow)[];
export const CONSENT_COLUMNS = [
  'site',
  'subject',
  'channel',
  'granted',
  'consented_at',
  'confirmed_at',
  'receipt_id',
] as const satisfies readonly (keyof ConsentRow)[];

/** A subject's rows of `channel_consents` as the fold's state. */
export function stateOf(
  rows: readonly Pick<ConsentRow, 'channel' | 'granted' | 'consented_at' | 'confirmed_at' | 'receipt_id'>[],
) {
  const state: ChannelState = {};
  for (const r of rows)
    state[r.channel] = {
      granted: !!r.granted,
      ...(r.consented_at ? { consentedAt: r.consented_at } : {}),
      ...(r.confirmed_at ? { confirmedAt: r.confirmed_at } : {}),
      receipt: r.receipt_id,
    };
  return state;
}
type Stored = { request_hash: string; record: string; signature: string | null };
type Unsigned = Omit<StoredReceipt, 'signature'>;

/** What a batch is laid out against: the log as committed (each dialect's writer brings the lookups). */
export interface BatchSource {
  /** A receipt stored before with this id. */
  stored(id: string): Stored | undefined;
  /** The subject's latest stored receipt on the site (erased receipts have no subject any more). */
  latest(site: string, subject: string): { id: string; record: string } | undefined;
  /** The subject's marketing consents as stored (`channel_consents`). */
  channels(site: string, subject: string): ChannelState;
}

/** The result notice a receipt calls for, given what it did to each channel (notices/result-notice.ts). */
export type NoticeRule = (
  receipt: Unsigned,
  results: Readonly<Record<string, ChannelResult>>,
  consentedAt: Readonly<Record<string, string | undefined>>,
) => ResultNotice | undefined;

type Outcome = { kind: 'new' | 'again'; row: number } | { kind: 'existing'; stored: Stored } | { kind: 'conflict' };
type Placed = {
  receipt: Unsigned;
  payload: string;
  requestHash: string;
  digest: string;
  personal: string;
  prev: string;
  hash: string;
  notice?: ResultNotice;
  consents: ConsentRow[];
};

/** A batch laid out on the chain: the new receipts with their places, links and notices, and what each request gets. */
export interface BatchPlan {
  head: ChainHead;
  placed: Placed[];
  outcomes: Outcome[];
  /** What each new receipt's signature covers: its canonical JSON, place in the log included. */
  inputs: string[];
}

/**
 * Lays a batch out after `head`: each new receipt gets the next sequence number, the hash of the record before
 * it and the id of the subject's receipt before it (all three signed with it, so its signature vouches for
 * everything before it in the log and for what its result notice is compared with), its salted personal digest,
 * its chain link and the result notice it calls for, written in the same transaction. A receipt already stored,
 * or earlier in the same batch, is `existing` (same request) or `conflict`; so is a guardian's verification whose
 * pending receipt is no longer the subject's latest.
 */
export function planBatch(
  head: ChainHead,
  batch: readonly PendingReceipt[],
  source: BatchSource,
  notice: NoticeRule,
): BatchPlan {
  const placed: Placed[] = [];
  const inBatch = new Map<string, { hash: string; row: number }>();
  const latestInBatch = new Map<string, Unsigned>();
  const stateInBatch = new Map<string, ChannelState>();
  let h = head;
  const outcomes = batch.map((pending): Outcome => {
    const { id, site, subject } = pending.receipt;
    const stored = source.stored(id);
    if (stored) return stored.request_hash === pending.hash ? { kind: 'existing', stored } : { kind: 'conflict' };
    const earlier = inBatch.get(id);
    if (earlier) return earlier.hash === pending.hash ? { kind: 'again', row: earlier.row } : { kind: 'conflict' };
    const key = `${site}\n${subject}`;
    const before =
      latestInBatch.get(key) ??
      (() => {
        const row = source.latest(site, subject);
        return row && (JSON.parse(row.record) as Unsigned);
      })();
    // A guardian's verification restates the pending receipt's choices: only while that receipt is still the
    // subject's latest, checked here in the write transaction, so a withdrawal or an erasure that lands between the
    // route's check and this commit is never overridden (nor an erased subject brought back).
    const verifies = pending.receipt.guardianCheck?.verifies;
    if (verifies && before?.id !== verifies) return { kind: 'conflict' };
    const seq = h.seq + 1;
    const receipt: Unsigned = { ...pending.receipt, log: { seq, prev: h.hash }, previous: before?.id ?? null };
    const { payload, digest, personal } = committedReceipt(receipt);
    const hash = linkHash(h.hash, seq, id, digest);
    const state = stateInBatch.get(key) ?? source.channels(site, subject);
    const changed = applyChannels(state, {
      id,
      action: receipt.action,
      at: receipt.receivedAt,
      channels: receipt.choices.channels,
      pending: receipt.guardianCheck?.status === 'pending',
    });
    const made = Object.keys(changed.results).length
      ? notice(
          receipt,
          changed.results,
          Object.fromEntries(Object.keys(changed.results).map((c) => [c, changed.state[c]?.consentedAt])),
        )
      : undefined;
    stateInBatch.set(key, changed.state);
    const consents = Object.keys(changed.results).map((channel): ConsentRow => {
      const s = changed.state[channel]!;
      return {
        site,
        subject,
        channel,
        granted: s.granted ? 1 : 0,
        consented_at: s.consentedAt ?? null,
        confirmed_at: s.confirmedAt ?? null,
        receipt_id: s.receipt,
      };
    });
    placed.push({
      receipt,
      payload,
      requestHash: pending.hash,
      digest,
      personal,
      prev: h.hash,
      hash,
      notice: made,
      consents,
    });
    inBatch.set(id, { hash: pending.hash, row: placed.length - 1 });
    latestInBatch.set(key, receipt);
    h = { seq, hash };
    return { kind: 'new', row: placed.length - 1 };
  });
  return { head, placed, outcomes, inputs: placed.map((p) => p.payload) };
}

/** The signed receipts, the rows to insert and the notices, once `signatures[i]` is there for `plan.placed[i]`. */
export function rowsOf(plan: BatchPlan, signatures: readonly string[]) {
  const receipts = plan.placed.map((p, i) => ({ ...p.receipt, signature: signatures[i]! }) as StoredReceipt);
  const rows: ReceiptRow[] = plan.placed.map((p, i) => {
    const r = p.receipt;
    return {
      seq: r.log.seq,
      id: r.id,
      site: r.site,
      subject: r.subject,
      member: r.member ?? null,
      policy: r.policy,
      action: r.action,
      method: r.method,
      received_at: r.receivedAt,
      request_hash: p.requestHash,
      notice_hash: r.notice.hash,
      record: p.payload,
      signature: signatures[i]!,
      record_digest: p.digest,
      personal_digest: p.personal,
      prev_hash: p.prev,
      hash: p.hash,
    };
  });
  const notices: NoticeRow[] = plan.placed.flatMap((p) =>
    p.notice
      ? [
          {
            receipt_id: p.receipt.id,
            site: p.receipt.site,
            subject: p.receipt.subject,
            record: JSON.stringify(p.notice),
            created_at: p.receipt.receivedAt,
            next_attempt_at: p.receipt.receivedAt,
          },
        ]
      : [],
  );
  // One row per channel: a channel changed twice in one batch ends as the later receipt left it.
  const consents = [
    ...new Map(
      plan.placed.flatMap((p) => p.consents).map((c) => [`${c.site}\n${c.subject}\n${c.channel}`, c]),
    ).values(),
  ];
  // The officer's search index: inserted "if not there", so the first receipt giving a contact stays named.
  const contacts: ContactRow[] = plan.placed.flatMap(({ receipt: r }) =>
    (r.contactKeys ?? []).map((key) => ({ site: r.site, contact_key: key, subject: r.subject, receipt_id: r.id })),
  );
  return {
    rows,
    receipts,
    notices,
    consents,
    contacts,
    counts: decisionCounts(plan.placed.map((p) => p.receipt)),
    views: viewAnswers(plan.placed.map((p) => p.receipt)),
  };
}

/** What each request of the batch is answered with (the receipt also as the JSON the API sends). */
export function resultsOf(
  plan: BatchPlan,
  receipts: readonly StoredReceipt[],
  signatures: readonly string[],
): AppendResult[] {
  return plan.outcomes.map((o) => {
    if (o.kind === 'conflict') return { status: 'conflict' };
    if (o.kind === 'existing')
      return {
        status: 'existing',
        receipt: receiptOf(o.stored),
        json: receiptJson(o.stored.record, o.stored.signature),
      };
    return {
      status: o.kind === 'new' ? 'created' : 'existing',
      receipt: receipts[o.row]!,
      json: receiptJson(plan.placed[o.row]!.payload, signatures[o.row]!),
    };
  });
}
