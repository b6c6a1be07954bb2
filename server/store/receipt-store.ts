import type { ChannelState, ErasedReceipt, StoredReceipt, UnsignedReceipt } from '../../protocol';
import type { NoticeText } from '../sites/site-registry';
import type { Checkpoint } from './checkpoints';

/** `json`: the receipt as the API sends it, when the store has it as text already (the route sends it as it is). */
export type AppendResult =
  | { status: 'created'; receipt: StoredReceipt; json?: string }
  /** The same id with the same request was stored before: the stored receipt, unchanged. */
  | { status: 'existing'; receipt: StoredReceipt; json?: string }
  /** The same id was stored before with a different request (or its subject was erased since). */
  | { status: 'conflict' };

/**
 * Signs what the store appends to its logs (receipts with their place in the chain, log entries, checkpoints):
 * a detached JWS over the payload. `signSync` is for work inside a transaction; `sign` may use a worker thread.
 */
export interface LogSigner {
  sign(payload: string): Promise<string>;
  signSync(payload: string): string;
}

/** The collector's durable log of receipts. Every implementation resolves `append` only after a durable commit. */
export interface ReceiptStore {
  /** Gives the receipt its place in the log, signs it there and commits it. */
  append(receipt: UnsignedReceipt, requestHash: string): Promise<AppendResult>;
  /** A receipt as stored: signed, or (erased) its public part with when and why it was redacted. */
  get(id: string): Promise<StoredReceipt | ErasedReceipt | undefined>;
  /** The subject's latest receipt that is not erased: their current choices. */
  current(site: string, subject: string): Promise<StoredReceipt | undefined>;
  /** The subject's marketing consents per channel (derived from their receipts as they are appended). */
  channels(site: string, subject: string): Promise<ChannelState>;
  /** Stores notice texts by content hash; texts already stored are left as they are. */
  saveNoticeTexts(texts: readonly NoticeText[]): Promise<void>;
  getNoticeText(hash: string): Promise<NoticeText | undefined>;
  /** Writes a signed checkpoint of every log's head if any moved since the last one (see checkpoints.ts). */
  checkpoint(now: Date): Promise<Checkpoint | undefined>;
  latestCheckpoint(): Promise<Checkpoint | undefined>;
  /** After an erasure, makes the database files forget what was erased; false while that still waits. */
  scrub?(): Promise<boolean>;
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
