import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../protocol';
import { GENESIS, linkHash, sha256 } from '../../server/proof/hash-chain';
import { commitment, publicPart } from '../../server/proof/receipt-commitment';
import type { Anchor } from '../../server/proof/verify-checkpoints';
import { verifyDatabase } from '../../server/proof/verify-log';
import { entryHash } from '../../server/store/entry-log';
import { backends } from '../helpers/backends';
import { testKeyRing } from '../helpers/collector';
import { copyOf, populateLog, type PopulatedLog } from '../helpers/populated-log';

type Db = Kysely<any>;
/** How a problem report starts: with the record it is about. */
const NAMES_A_RECORD = new RegExp(
  `^(${[
    'receipt',
    'access log entry',
    'erasure log entry',
    'delivery log entry',
    'config revision entry',
    'checkpoint',
    'notice text',
    'result notice',
    'channel consent',
    'contact index row',
    'decision count',
    'banner view',
    'rights request',
    'log',
  ].join('|')})`,
);
type Row = Record<string, unknown>;
const all = async (db: Db, query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Row[];

/**
 * Changes a stored value the least an attacker would: a flipped boolean or a changed character in JSON, a character
 * elsewhere, a number by one.
 */
function altered(value: unknown): unknown {
  if (value === null) return 'x';
  if (typeof value === 'number') return value + 1;
  const s = String(value);
  try {
    const json = JSON.parse(s);
    if (json && typeof json === 'object') {
      const flip = (o: Record<string, unknown>): boolean => {
        for (const [k, v] of Object.entries(o)) {
          if (typeof v === 'boolean') return ((o[k] = !v), true);
          if (v && typeof v === 'object' && flip(v as Record<string, unknown>)) return true;
        }
        for (const [k, v] of Object.entries(o)) if (typeof v === 'string') return ((o[k] = `${v}x`), true);
        return false;
      };
      flip(json);
      return JSON.stringify(json);
    }
  } catch {
    // not JSON
  }
  return s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
}

/** Where each record table's rows are picked for column edits, and the columns that are bookkeeping, not proof. */
const TABLES: Record<string, { key: string[]; rows: Record<string, (db: Db) => Promise<Row>>; bookkeeping: string[] }> =
  {
    receipts: {
      key: ['seq'],
      rows: {
        'a receipt with a member': async (db) =>
          (
            await all(
              db,
              sql`select * from receipts where member is not null and erased_at is null order by seq limit 1`,
            )
          )[0]!,
        'an erased receipt': async (db) =>
          (await all(db, sql`select * from receipts where erased_at is not null order by seq limit 1`))[0]!,
        'a receipt after the last checkpoint': async (db) =>
          (await all(db, sql`select * from receipts order by seq desc limit 1`))[0]!,
      },
      bookkeeping: [],
    },
    log_entries: {
      key: ['log', 'seq'],
      rows: Object.fromEntries(
        ['access', 'erasures', 'deliveries', 'revisions'].map((log) => [
          `a ${log} entry`,
          async (db: Db) => (await all(db, sql`select * from log_entries where log = ${log} order by seq limit 1`))[0]!,
        ]),
      ),
      bookkeeping: [],
    },
    log_checkpoints: {
      key: ['seq'],
      rows: {
        'the checkpoint': async (db) =>
          (await all(db, sql`select * from log_checkpoints order by seq desc limit 1`))[0]!,
      },
      bookkeeping: [],
    },
    notice_texts: {
      key: ['hash'],
      rows: {
        'a notice text a receipt points at': async (db) =>
          (await all(db, sql`select t.* from notice_texts t join receipts r on r.notice_hash = t.hash limit 1`))[0]!,
      },
      bookkeeping: [],
    },
    // Delivery attempts, the next try and the last error only decide when the job retries; delivered_at is proof (the deliveries log).
    result_notices: {
      key: ['receipt_id'],
      rows: {
        'a delivered result notice': async (db) =>
          (await all(db, sql`select * from result_notices where delivered_at is not null limit 1`))[0]!,
      },
      bookkeeping: ['created_at', 'attempts', 'next_attempt_at', 'last_error'],
    },
    // Derived from the receipts in the transaction that appends them; verify folds the receipts again.
    channel_consents: {
      key: ['site', 'subject', 'channel'],
      rows: {
        'a marketing consent given': async (db) =>
          (await all(db, sql`select * from channel_consents where granted = 1 order by subject, channel limit 1`))[0]!,
        'a marketing channel refused': async (db) =>
          (await all(db, sql`select * from channel_consents where granted = 0 order by subject, channel limit 1`))[0]!,
      },
      bookkeeping: [],
    },
    // The officer's contact index, written with the receipts that carry the keys; verify checks it against them.
    subject_contacts: {
      key: ['site', 'contact_key', 'subject'],
      rows: {
        'a contact index row': async (db) =>
          (await all(db, sql`select * from subject_contacts order by contact_key limit 1`))[0]!,
      },
      bookkeeping: [],
    },
    // The overview's sums, written with the receipts; verify counts the receipts again.
    decision_counts: {
      key: ['site', 'hour', 'policy', 'action', 'method', 'first', 'choices'],
      rows: {
        'a decision count': async (db) =>
          (await all(db, sql`select * from decision_counts order by hour, policy, action, choices limit 1`))[0]!,
      },
      bookkeeping: [],
    },
    // A data subject's request, held to its entries in the signed requests log; the subject is the officer's copy.
    rights_requests: {
      key: ['id'],
      rows: {
        'an answered access request': async (db) =>
          (await all(db, sql`select * from rights_requests where outcome = 'answered' limit 1`))[0]!,
        'a refused correction request': async (db) =>
          (await all(db, sql`select * from rights_requests where outcome = 'refused' limit 1`))[0]!,
        'an open request': async (db) =>
          (await all(db, sql`select * from rights_requests where closed_at is null limit 1`))[0]!,
      },
      bookkeeping: ['subject'],
    },
    // Which decision answered a banner view; the view's hour and policy are the widget's statistic, not proof.
    banner_view_ids: {
      key: ['site', 'view_id'],
      rows: {
        'a banner view a receipt answered': async (db) =>
          (await all(db, sql`select * from banner_view_ids where answered_by is not null limit 1`))[0]!,
      },
      bookkeeping: ['hour', 'policy'],
    },
  };

/**
 * The table's columns as the database has them (so a column added later without a case here fails this test), with
 * whether each is numeric.
 */
async function columnsOf(db: Db, table: string, backend: string): Promise<{ name: string; numeric: boolean }[]> {
  const rows =
    backend === 'SQLite'
      ? await all(db, sql`select name, type from pragma_table_info(${table})`)
      : await all(
          db,
          sql`select column_name as name, data_type as type from information_schema.columns where table_name = ${table}`,
        );
  return rows.map((r) => ({ name: String(r.name), numeric: /int/i.test(String(r.type)) }));
}

const where = (q: any, key: string[], row: Row) => key.reduce((acc, k) => acc.where(k, '=', row[k]), q);

/** Relinks the receipt chain from `fromSeq` on as an attacker can (recomputing every unsigned link), keeping the records. */
async function relinkReceipts(db: Db, fromSeq: number) {
  const rows = await all(db, sql`select seq, id, record_digest, hash from receipts order by seq`);
  let prev = GENESIS;
  for (const r of rows) {
    if (Number(r.seq) >= fromSeq) {
      const hash = linkHash(prev, Number(r.seq), String(r.id), String(r.record_digest));
      await db.updateTable('receipts').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
      prev = hash;
    } else prev = String(r.hash);
  }
}

/** Structural attacks: deletions, insertions, swaps, truncation with and without the checkpoints, rewritten chains, hand-made erasures. */
const attacks: [string, (db: Db, log: PopulatedLog) => Promise<void>, RegExp, ((log: PopulatedLog) => Anchor[])?][] = [
  [
    'a marketing consent deleted (the officer would stop seeing the duty)',
    async (db) => {
      await db.deleteFrom('channel_consents').where('granted', '=', 1).execute();
    },
    /^channel consent .*: the receipts call for it, and it is gone — deleted/,
  ],
  [
    'a marketing consent made up for a channel never answered',
    async (db) => {
      const r = (await all(db, sql`select * from channel_consents where granted = 0 limit 1`))[0]!;
      await db
        .insertInto('channel_consents')
        .values({ ...r, channel: 'made_up', granted: 1, consented_at: 'x', confirmed_at: 'x' } as never)
        .execute();
    },
    /^channel consent .*: no receipt in the log calls for it — inserted/,
  ],
  [
    'a re-confirmation date moved forward so the duty disappears',
    async (db) => {
      await db
        .updateTable('channel_consents')
        .set({ confirmed_at: '2099-01-01T00:00:00.000Z' })
        .where('granted', '=', 1)
        .execute();
    },
    /^channel consent .*: it differs from what the receipts say — edited/,
  ],
  [
    'a decision count deleted (the overview would show fewer rejections)',
    async (db) => {
      await db.deleteFrom('decision_counts').where('action', '=', 'reject_all').execute();
    },
    /^decision count .*reject_all.*: 1 receipts are counted nowhere — deleted/,
  ],
  [
    'acceptances made up in the overview',
    async (db) => {
      const r = (await all(db, sql`select * from decision_counts order by hour limit 1`))[0]!;
      await db
        .insertInto('decision_counts')
        .values({ ...r, action: 'accept_all', choices: 'c:analytics=1|', count: 500 } as never)
        .execute();
    },
    /^decision count .*accept_all.*: no receipt in the log is counted there — inserted/,
  ],
  [
    'a banner view marked answered by a receipt that answered none',
    async (db) => {
      const other = (await all(db, sql`select id from receipts where erased_at is null order by seq desc limit 1`))[0]!;
      await db
        .insertInto('banner_view_ids')
        .values({
          site: 'leepeem',
          view_id: 'MadeUpView012345',
          hour: '2026-11-22T09',
          policy: '2025-02',
          answered_by: other.id,
        } as never)
        .execute();
    },
    /^banner view leepeem\/MadeUpView012345: marked answered by .*which carries no such view — edited/,
  ],
  [
    'an overdue request deleted (the officer would stop seeing the duty)',
    async (db) => {
      await db.deleteFrom('rights_requests').where('closed_at', 'is', null).execute();
    },
    /^rights request .*: the signed log opened it, and it is gone — deleted/,
  ],
  [
    'an open request marked answered by hand',
    async (db) => {
      await db
        .updateTable('rights_requests')
        .set({ closed_at: '2026-11-22T10:00:00.000Z', outcome: 'answered', closed_by: 'someone' })
        .where('closed_at', 'is', null)
        .execute();
    },
    /^rights request .*: it has a closing the signed log never recorded — edited/,
  ],
  [
    'a receipt deleted from the middle',
    (db) =>
      db
        .deleteFrom('receipts')
        .where('seq', '=', 3)
        .execute()
        .then(() => {}),
    /receipt seq 3 is missing — deleted/,
  ],
  [
    'the first receipt deleted',
    (db) =>
      db
        .deleteFrom('receipts')
        .where('seq', '=', 1)
        .execute()
        .then(() => {}),
    /receipt seq 1 is missing — deleted/,
  ],
  [
    'a forged receipt inserted before the first linked row',
    async (db) => {
      const first = (await all(db, sql`select * from receipts where seq = 1`))[0]!;
      await db
        .insertInto('receipts')
        .values({ ...first, seq: 0, id: '00000000-0000-4000-8000-000000000001', prev_hash: null, hash: null })
        .execute();
    },
    /seq 0\): no row can be there — inserted/,
  ],
  [
    'a forged receipt appended with a correct chain link',
    async (db) => {
      const last = (await all(db, sql`select * from receipts order by seq desc limit 1`))[0]!;
      const record = {
        ...JSON.parse(String(last.record)),
        id: '01930000-0000-7000-8000-0000000000ff',
        action: 'accept_all',
      };
      const seq = Number(last.seq) + 1;
      const digest = sha256(JSON.stringify(record));
      await db
        .insertInto('receipts')
        .values({
          ...last,
          seq,
          id: record.id,
          record: JSON.stringify(record),
          record_digest: digest,
          prev_hash: last.hash,
          hash: linkHash(String(last.hash), seq, record.id, digest),
        })
        .execute();
    },
    /signature does not match its content — edited or forged/,
  ],
  [
    'two receipts swapped',
    async (db) => {
      await db.updateTable('receipts').set({ seq: 1000 }).where('seq', '=', 2).execute();
      await db.updateTable('receipts').set({ seq: 2 }).where('seq', '=', 3).execute();
      await db.updateTable('receipts').set({ seq: 3 }).where('seq', '=', 1000).execute();
    },
    /seq 2\): it does not follow the record before it/,
  ],
  [
    'a receipt deleted and the rest renumbered and relinked',
    async (db) => {
      await db.deleteFrom('receipts').where('seq', '=', 2).execute();
      for (const r of await all(db, sql`select seq from receipts where seq > 2 order by seq`))
        await db
          .updateTable('receipts')
          .set({ seq: Number(r.seq) - 1 })
          .where('seq', '=', r.seq)
          .execute();
      await relinkReceipts(db, 2);
    },
    /seq 2\): its signed place in the log is not where it is — moved or renumbered/,
  ],
  [
    'receipts cut off the end that a checkpoint vouches for',
    async (db, log) =>
      db
        .deleteFrom('receipts')
        .where('seq', '>=', log.witnessed.heads.receipts.seq)
        .execute()
        .then(() => {}),
    /checkpoint \d+ .*vouches for receipt seq \d+, but the receipts log ends/,
  ],
  [
    'receipts cut off the end together with every checkpoint (caught by the witness)',
    async (db, log) => {
      await db.deleteFrom('receipts').where('seq', '>=', log.witnessed.heads.receipts.seq).execute();
      await db.deleteFrom('log_checkpoints').execute();
    },
    /the checkpoint \d+ saved outside .* is missing from the database — checkpoints were removed/,
    (log) => [log.witnessed],
  ],
  [
    'the receipts after the last checkpoint cut off (caught by the visitor’s copy)',
    async (db, log) =>
      db
        .deleteFrom('receipts')
        .where('seq', '>', log.witnessed.heads.receipts.seq)
        .execute()
        .then(() => {}),
    /the receipt .* saved outside vouches for receipt seq \d+, but the receipts log ends/,
    (log) => [log.visitorCopy],
  ],
  [
    'a receipt rewritten to accept everything and marked erased',
    async (db) => {
      const row = (
        await all(db, sql`select * from receipts where erased_at is null and subject <> 'erased' order by seq limit 1`)
      )[0]!;
      const erasure = (await all(db, sql`select seq, at from log_entries where log = 'erasures' limit 1`))[0]!;
      const pub = publicPart(JSON.parse(String(row.record))) as {
        choices: { categories: Record<string, boolean>; channels: Record<string, boolean> };
        action: string;
      };
      pub.action = 'accept_all';
      for (const k of Object.keys(pub.choices.categories)) pub.choices.categories[k] = true;
      for (const k of Object.keys(pub.choices.channels)) pub.choices.channels[k] = true;
      await db
        .updateTable('receipts')
        .set({
          record: canonicalJson(pub),
          signature: null,
          subject: 'erased',
          member: null,
          request_hash: 'erased',
          action: 'accept_all',
          erased_at: erasure.at,
          erasure: erasure.seq,
        })
        .where('seq', '=', row.seq)
        .execute();
    },
    /its content does not match the commitment in the chain — edited after the erasure/,
  ],
  [
    'a receipt marked erased although it never was (its commitment kept)',
    async (db) => {
      const row = (
        await all(db, sql`select * from receipts where erased_at is null and subject <> 'erased' order by seq limit 1`)
      )[0]!;
      const erasure = (await all(db, sql`select seq, at from log_entries where log = 'erasures' limit 1`))[0]!;
      await db
        .updateTable('receipts')
        .set({
          record: canonicalJson(publicPart(JSON.parse(String(row.record)))),
          signature: null,
          subject: 'erased',
          member: null,
          request_hash: 'erased',
          erased_at: erasure.at,
          erasure: erasure.seq,
        })
        .where('seq', '=', row.seq)
        .execute();
    },
    /it is marked erased but no signed entry of the erasure log names it — marked by hand/,
  ],
  [
    'an erased receipt edited with its commitment and the chain after it recomputed',
    async (db) => {
      const row = (await all(db, sql`select * from receipts where erased_at is not null order by seq limit 1`))[0]!;
      const pub = JSON.parse(String(row.record));
      pub.action = 'accept_all';
      await db
        .updateTable('receipts')
        .set({
          record: canonicalJson(pub),
          action: 'accept_all',
          record_digest: commitment(pub, String(row.personal_digest)),
        })
        .where('seq', '=', row.seq)
        .execute();
      await relinkReceipts(db, Number(row.seq));
    },
    /(signed place in the log is not where it is|checkpoint \d+ .* vouches for receipt seq)/,
  ],
  [
    'an erased receipt put back as live',
    (db) =>
      db
        .updateTable('receipts')
        .set({ erased_at: null, erasure: null })
        .where('erased_at', 'is not', null)
        .execute()
        .then(() => {}),
    /receipt .*: (not signed|column)/,
  ],
  [
    'an access log entry deleted',
    (db) =>
      db
        .deleteFrom('log_entries')
        .where('log', '=', 'access')
        .where('seq', '=', 2)
        .execute()
        .then(() => {}),
    /access log entry 2 is missing — deleted/,
  ],
  [
    'the access log cut off the end with the checkpoints (caught by the witness)',
    async (db, log) => {
      await db.deleteFrom('log_entries').where('log', '=', 'access').where('seq', '>', 1).execute();
      await db
        .deleteFrom('log_checkpoints')
        .where('seq', '>', log.witnessed.seq - 1)
        .execute();
    },
    /the checkpoint \d+ saved outside .* is missing from the database/,
    (log) => [log.witnessed],
  ],
  [
    'the access log rewritten with its chain recomputed',
    async (db) => {
      const rows = await all(db, sql`select * from log_entries where log = 'access' order by seq`);
      let prev = GENESIS;
      for (const r of rows) {
        const record =
          Number(r.seq) === 1
            ? String(r.record).replace('Officer Kim', 'Nobody')
            : String(r.record).replace(/"prev":"[0-9a-f]{64}"/, `"prev":"${prev}"`);
        const hash = entryHash(prev, Number(r.seq), 'access', record);
        await db
          .updateTable('log_entries')
          .set({ record, hash })
          .where('log', '=', 'access')
          .where('seq', '=', r.seq)
          .execute();
        prev = hash;
      }
    },
    /access log entry 1: its signature does not match its content — edited or forged/,
  ],
  [
    'an entry added under a log name of its own',
    async (db) =>
      db
        .insertInto('log_entries')
        .values({ log: 'secret', seq: 1, site: null, at: 'x', record: '{}', signature: 'x', hash: 'x' })
        .execute()
        .then(() => {}),
    /belongs to no log \("secret"\) — inserted/,
  ],
  [
    'the erasure entry deleted',
    (db) =>
      db
        .deleteFrom('log_entries')
        .where('log', '=', 'erasures')
        .execute()
        .then(() => {}),
    /(marked erased but no signed entry|erasure log entry)/,
  ],
  [
    'a checkpoint deleted from the middle',
    (db) =>
      db
        .deleteFrom('log_checkpoints')
        .where('seq', '=', 1)
        .execute()
        .then(() => {}),
    /checkpoint 1 is missing — deleted/,
  ],
  [
    'every checkpoint deleted (caught by the witness)',
    (db) =>
      db
        .deleteFrom('log_checkpoints')
        .execute()
        .then(() => {}),
    /the checkpoint \d+ saved outside .* is missing from the database/,
    (log) => [log.witnessed],
  ],
  [
    'the notice text a receipt points at deleted',
    async (db) =>
      db
        .deleteFrom('notice_texts')
        .where(
          'hash',
          'in',
          (await all(db, sql`select notice_hash from receipts limit 1`)).map((r) => r.notice_hash),
        )
        .execute()
        .then(() => {}),
    /the notice text it points at \(sha256:[0-9a-f]+\) is missing — deleted/,
  ],
  [
    'a delivered result notice deleted',
    (db) =>
      db
        .deleteFrom('result_notices')
        .where('delivered_at', 'is not', null)
        .execute()
        .then(() => {}),
    /result notice for receipt .*: its receipt calls for one, and it is gone — deleted/,
  ],
  [
    'a result notice added for a receipt that calls for none',
    async (db) => {
      const r = (
        await all(
          db,
          sql`select r.id, r.site, r.subject from receipts r left join result_notices n on n.receipt_id = r.id
              where n.receipt_id is null and r.erased_at is null order by r.seq limit 1`,
        )
      )[0]!;
      await db
        .insertInto('result_notices')
        .values({
          receipt_id: r.id,
          site: r.site,
          subject: r.subject,
          record: JSON.stringify({ receipt: r.id, previous: null, changes: { email: true } }),
          created_at: 'x',
          attempts: 0,
          next_attempt_at: 'x',
          delivered_at: null,
          last_error: null,
        })
        .execute();
    },
    /result notice for receipt .*: its receipt calls for no notice — inserted/,
  ],
  [
    'a live record given a duplicate key in front (SQL readers of the file would see accept_all)',
    async (db) => {
      const row = (
        await all(db, sql`select seq, record from receipts where erased_at is null order by seq limit 1`)
      )[0]!;
      await db
        .updateTable('receipts')
        .set({ record: `{"action":"accept_all",${String(row.record).slice(1)}` })
        .where('seq', '=', row.seq)
        .execute();
    },
    /its content is not in the canonical form the collector writes — edited/,
  ],
  [
    'the person put back into an erased row under a field of its own',
    async (db) => {
      const row = (
        await all(db, sql`select seq, record from receipts where erased_at is not null order by seq limit 1`)
      )[0]!;
      const record = {
        ...JSON.parse(String(row.record)),
        secret: { subject: 'erase_me_ABCDEFGHIJKLMN', guardian: { name: 'Guardian Park Ji-yeon' } },
      };
      await db
        .updateTable('receipts')
        .set({ record: canonicalJson(record) })
        .where('seq', '=', row.seq)
        .execute();
    },
    /its content holds secret, which no erased receipt has — edited/,
  ],
  [
    "a child's pending receipt rewritten as verified by its guardian (the consents would take effect)",
    async (db) => {
      const row = (
        await all(
          db,
          sql`select seq, record from receipts where record like '%"pending"%' and erased_at is null limit 1`,
        )
      )[0]!;
      const record = JSON.parse(String(row.record));
      record.guardianCheck = { status: 'verified', method: 'phone' };
      await db
        .updateTable('receipts')
        .set({ record: canonicalJson(record) })
        .where('seq', '=', row.seq)
        .execute();
    },
    /^receipt [0-9a-f-]+ \(seq \d+\): its signature does not match its content — edited or forged/,
  ],
  [
    'an undelivered result notice deleted',
    (db) =>
      db
        .deleteFrom('result_notices')
        .where('delivered_at', 'is', null)
        .execute()
        .then(() => {}),
    /result notice for receipt .*: its receipt calls for one, and it is gone — deleted/,
  ],
  [
    'a delivered result notice rewritten with its changes recomputed from no earlier receipt',
    async (db) => {
      const n = (
        await all(
          db,
          sql`select receipt_id, record from result_notices where delivered_at is not null order by receipt_id limit 1`,
        )
      )[0]!;
      const record = {
        ...JSON.parse(String(n.record)),
        previous: null,
        changes: { email: true, sms: true, sms_night: false },
      };
      await db
        .updateTable('result_notices')
        .set({ record: JSON.stringify(record) })
        .where('receipt_id', '=', n.receipt_id)
        .execute();
    },
    /result notice for receipt .*: it differs from what its receipt calls for — edited/,
  ],
  [
    'the newest checkpoint deleted (caught by the witness)',
    (db, log) =>
      db
        .deleteFrom('log_checkpoints')
        .where('seq', '=', log.witnessed.seq)
        .execute()
        .then(() => {}),
    /the checkpoint \d+ saved outside .* is missing from the database/,
    (log) => [log.witnessed],
  ],
  [
    'the config revision a receipt was made under deleted',
    (db) =>
      db
        .deleteFrom('log_entries')
        .where('log', '=', 'revisions')
        .where('seq', '=', 1)
        .execute()
        .then(() => {}),
    /config revision entry 1 is missing — deleted/,
  ],
];

describe.each(backends)('tampering with a stopped collector’s database: $name', (backend) => {
  let log: PopulatedLog;
  let jwks: Awaited<ReturnType<typeof testKeyRing>>['ring']['jwks'];
  beforeAll(async () => {
    log = await populateLog(backend);
    jwks = (await testKeyRing()).ring.jwks;
  }, 60_000);

  async function verifyAfter(tamper: (db: Db) => Promise<void>, anchors: Anchor[] = []) {
    const copy = await copyOf(log);
    try {
      await tamper(copy.db as Db);
      return await verifyDatabase(copy.db, jwks, anchors);
    } finally {
      await copy.close();
    }
  }

  it('the untouched log (an erasure, deliveries, staff reads, a tail) verifies, also against the witness and the visitor', async () => {
    const report = await verifyAfter(async () => {}, [log.witnessed, log.visitorCopy]);
    expect(report).toMatchObject({
      ok: true,
      receipts: 12,
      erased: 2,
      anchors: 2,
      entries: { erasures: 1, deliveries: 2, revisions: 2 },
      // Seven live subjects that answered three channels each (the cookie-only decision answered none); the child's
      // pending receipt refused two, its guardian's verification consented the third.
      channelConsents: 21,
    });
    // Notices: the two delivered on liv, the rejecter's first refusal, and the leepeem email consents of the member
    // and of the three receipts after the erasure; the child's pending receipt (its first refusals) and its
    // guardian's verification (the consent); none for the cookie-only decision.
    expect(report.resultNotices).toBe(9);
    expect(report.decisionCounts).toBeGreaterThan(5);
    expect(report.entries.access).toBeGreaterThanOrEqual(4);
  });

  it('every column of every record table is either checked or named as bookkeeping', async () => {
    const copy = await copyOf(log);
    try {
      for (const [table, t] of Object.entries(TABLES)) {
        const columns = (await columnsOf(copy.db as Db, table, backend.name)).map((c) => c.name);
        expect(columns.length, table).toBeGreaterThan(3);
        for (const bookkeeping of t.bookkeeping) expect(columns).toContain(bookkeeping);
      }
    } finally {
      await copy.close();
    }
  });

  for (const [table, t] of Object.entries(TABLES)) {
    for (const [rowName, pick] of Object.entries(t.rows)) {
      it(`each column of ${rowName} (${table}) edited: verify fails naming the record`, async () => {
        const probe = await copyOf(log);
        const columns = (await columnsOf(probe.db as Db, table, backend.name)).filter(
          (c) => !t.bookkeeping.includes(c.name),
        );
        await probe.close();
        for (const { name: column, numeric } of columns) {
          const report = await verifyAfter(async (db) => {
            const row = await pick(db);
            // A key column moves far enough not to collide with another row.
            const value =
              t.key.includes(column) && typeof row[column] === 'number'
                ? (row[column] as number) + 1000
                : numeric && row[column] === null
                  ? 1
                  : altered(row[column]);
            await where(db.updateTable(table).set({ [column]: value }), t.key, row).execute();
          });
          expect(report.ok, `${table}.${column} of ${rowName}`).toBe(false);
          expect(report.problem, `${table}.${column} of ${rowName}`).toMatch(NAMES_A_RECORD);
        }
      }, 120_000);
    }
  }

  for (const [what, tamper, expected, anchors] of attacks) {
    it(`${what}: verify fails naming the record`, async () => {
      const report = await verifyAfter((db) => tamper(db, log), anchors?.(log) ?? []);
      expect(report.ok).toBe(false);
      expect(report.problem).toMatch(expected);
    });
  }
});
