import type { StoredReceipt } from '../../protocol';

/**
 * A stored receipt as the API sends it, written from its stored record (canonical JSON) without parsing it: the
 * record's fields and its signature (a `signature` in the record is overridden, as by `receiptOf`).
 */
export const receiptJson = (record: string, signature: string | null) =>
  `${record.slice(0, -1)},"signature":${JSON.stringify(signature)}}`;

/** A stored receipt as the API gives it: the signed payload and its signature. */
export const receiptOf = (row: { record: string; signature: string | null }): StoredReceipt => ({
  ...JSON.parse(row.record),
  signature: row.signature,
});
