import type { StoredReceipt } from '../../protocol';
import type { NoticeText } from '../sites/site-registry';

export type AppendResult =
  | { status: 'created'; receipt: StoredReceipt }
  /** The same id with the same request was stored before: the stored receipt, unchanged. */
  | { status: 'existing'; receipt: StoredReceipt }
  /** The same id was stored before with a different request. */
  | { status: 'conflict' };

/** The collector's durable log of receipts. Every implementation resolves `append` only after a durable commit. */
export interface ReceiptStore {
  append(receipt: StoredReceipt, requestHash: string): Promise<AppendResult>;
  get(id: string): Promise<StoredReceipt | undefined>;
  /** Stores notice texts by content hash; texts already stored are left as they are. */
  saveNoticeTexts(texts: readonly NoticeText[]): Promise<void>;
  getNoticeText(hash: string): Promise<NoticeText | undefined>;
  /**
   * Writes a signed checkpoint of the log's head if it moved since the last one. `sign` makes a detached JWS
   * over the canonical JSON `{ log, headSeq, headHash, createdAt }`.
   */
  checkpoint(sign: (payload: string) => Promise<string>, now: Date): Promise<{ headSeq: number } | undefined>;
  /** Resolves when the database answers; used by `/readyz`. */
  ping(): Promise<void>;
  /** Commits what is pending, then closes. */
  close(): Promise<void>;
}

/** The database is out of reach or out of space: the client should retry later (HTTP 503). */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The database cannot be opened at start-up (unreachable, login refused, missing): the operator's to fix. */
export class DatabaseOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}
