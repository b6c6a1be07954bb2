import type BetterSqlite3 from 'better-sqlite3';
import { GENESIS } from '../proof/hash-chain';
import { DECISION_COUNT_COLUMNS } from '../stats/decision-counts';
import {
  CONSENT_COLUMNS,
  CONTACT_COLUMNS,
  NOTICE_COLUMNS,
  RECEIPT_COLUMNS,
  VIEW_ANSWER_COLUMNS,
  planBatch,
  resultsOf,
  rowsOf,
  stateOf,
  type BatchPlan,
  type BatchSource,
  type ChainHead,
  type ConsentRow,
  type NoticeRule,
  type PendingReceipt,
  type ViewAnswer,
} from './receipt-batch';
import type { AppendResult, LogSigner } from './receipt-store';

/**
 * The hot path, written against better-sqlite3 directly: prepared once, one synchronous transaction per batch.
 * `inline` lays the batch out on the chain, signs it and writes it inside one IMMEDIATE transaction (the writer
 * thread's way: it may block its own thread). `planned` writes a batch laid out and signed beforehand, outside the
 * transaction (so signing may run on a worker thread), from the head this connection committed last; the
 * transaction then checks that the head is still there, and throws `Moved` if another connection wrote meanwhile.
 * Result notices go in the same transaction as the receipts that call for them.
 */
export function sqliteBatchStatements(sqlite: BetterSqlite3.Database, signer: LogSigner, notice: NoticeRule) {
  const insert = sqlite.prepare(`${positionalInsert('receipts', RECEIPT_COLUMNS)} on conflict (id) do nothing`);
  const insertNotice = sqlite.prepare(
    `${positionalInsert('result_notices', NOTICE_COLUMNS)} on conflict (receipt_id) do nothing`,
  );
  const upsertConsent = sqlite.prepare(
    `${positionalInsert('channel_consents', CONSENT_COLUMNS)} on conflict (site, subject, channel) do update set ` +
      'granted = excluded.granted, consented_at = excluded.consented_at, confirmed_at = excluded.confirmed_at, ' +
      'receipt_id = excluded.receipt_id',
  );
  const insertContact = sqlite.prepare(
    `${positionalInsert('subject_contacts', CONTACT_COLUMNS)} on conflict do nothing`,
  );
  const upsertCount = sqlite.prepare(
    `${positionalInsert('decision_counts', DECISION_COUNT_COLUMNS)} on conflict (${DECISION_COUNT_COLUMNS.slice(0, -1).join(', ')}) ` +
      'do update set count = decision_counts.count + excluded.count',
  );
  const answerView = viewAnswerer(sqlite);
  const consentsOf = sqlite.prepare<[string, string], ConsentRow>(
    'select * from channel_consents where site = ? and subject = ?',
  );
  const find = sqlite.prepare<[string], { request_hash: string; record: string; signature: string | null }>(
    'select request_hash, record, signature from receipts where id = ?',
  );
  const latest = sqlite.prepare<[string, string], { id: string; record: string }>(
    'select id, record from receipts where site = ? and subject = ? order by seq desc limit 1',
  );
  const last = sqlite.prepare<[], { seq: number; hash: string | null }>(
    'select seq, hash from receipts order by seq desc limit 1',
  );
  const head = (): ChainHead => {
    const row = last.get();
    return row ? { seq: row.seq, hash: row.hash ?? '' } : { seq: 0, hash: GENESIS };
  };
  const source: BatchSource = {
    stored: (id) => find.get(id),
    latest: (site, subject) => latest.get(site, subject),
    channels: (site, subject) => stateOf(consentsOf.all(site, subject)),
  };
  const write = (plan: BatchPlan, signatures: readonly string[]) => {
    const { rows, receipts, notices, consents, contacts, counts, views } = rowsOf(plan, signatures);
    for (const row of rows) if (insert.run(valuesOf(RECEIPT_COLUMNS, row)).changes !== 1) throw new Moved();
    for (const n of notices) insertNotice.run(valuesOf(NOTICE_COLUMNS, n));
    for (const c of consents) upsertConsent.run(valuesOf(CONSENT_COLUMNS, c));
    for (const c of contacts) insertContact.run(valuesOf(CONTACT_COLUMNS, c));
    for (const c of counts) upsertCount.run(valuesOf(DECISION_COUNT_COLUMNS, c));
    for (const v of views) answerView(v);
    return resultsOf(plan, receipts, signatures);
  };
  const planned = sqlite.transaction((plan: BatchPlan, signatures: readonly string[]) => {
    const now = head();
    if (now.seq !== plan.head.seq || now.hash !== plan.head.hash) throw new Moved();
    // An erasure does not move the head but can empty a subject's history (and consents) after the plan read
    // them: each subject's first receipt in the batch must still follow the subject's latest stored one.
    const seen = new Set<string>();
    for (const { receipt: r } of plan.placed) {
      const key = `${r.site}\n${r.subject}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if ((latest.get(r.site, r.subject)?.id ?? null) !== r.previous) throw new Moved();
    }
    return write(plan, signatures);
  });
  const inline = sqlite.transaction((batch: readonly PendingReceipt[]) => {
    const plan = planBatch(head(), batch, source, notice);
    return write(
      plan,
      plan.inputs.map((input) => signer.signSync(input)),
    );
  });
  return {
    /** Lays the batch out after the committed head (read outside any transaction: it may be stale). */
    plan: (batch: readonly PendingReceipt[]) => planBatch(head(), batch, source, notice),
    planned: (plan: BatchPlan, signatures: readonly string[]): AppendResult[] => planned.immediate(plan, signatures),
    inline: (batch: readonly PendingReceipt[]): AppendResult[] => inline.immediate(batch),
  };
}

/**
 * Marks a banner view answered by a receipt, once: a view whose own report has not arrived (lost, or still in the
 * counter's buffer) is recorded by its answer, so `answered` never exceeds `count` in any hour.
 */
function viewAnswerer(sqlite: BetterSqlite3.Database) {
  const insertId = sqlite.prepare(`${positionalInsert('banner_view_ids', VIEW_ANSWER_COLUMNS)} on conflict do nothing`);
  const answer = sqlite.prepare<[string, string, string], { hour: string; policy: string }>(
    'update banner_view_ids set answered_by = ? where site = ? and view_id = ? and answered_by is null returning hour, policy',
  );
  const count = sqlite.prepare(
    'insert into banner_views (site, hour, policy, count, answered) values (?, ?, ?, ?, 1) ' +
      'on conflict (site, hour, policy) do update set count = banner_views.count + excluded.count, answered = banner_views.answered + 1',
  );
  return (v: ViewAnswer) => {
    if (insertId.run(valuesOf(VIEW_ANSWER_COLUMNS, v)).changes === 1) return count.run(v.site, v.hour, v.policy, 1);
    const row = answer.get(v.answered_by, v.site, v.view_id);
    if (row) count.run(v.site, row.hour, row.policy, 0);
  };
}

/** An insert with a positional parameter per column (binding by name costs a property lookup per column). */
const positionalInsert = (table: string, columns: readonly string[]) =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;

/** A row's values in the columns' order. */
const valuesOf = <T>(columns: readonly (keyof T)[], row: T) => columns.map((c) => row[c]);

/** The chain's head moved (or an id appeared) between laying a batch out and committing it. */
export class Moved extends Error {}
