import { hash } from 'node:crypto';

/** The hash before the first record of a log. */
export const GENESIS = '0'.repeat(64);

// One-shot: about half the cost of createHash().update().digest() for a receipt's few hundred bytes.
export const sha256 = (text: string) => hash('sha256', text, 'hex');

/**
 * One link of the append-only log: each record's hash covers the previous hash, its position, its id and the
 * digest of its content, so an edit, a deletion, an insertion or a reordering breaks every later link.
 * The digest (not the content) is chained, so an erasure may rewrite the content and the chain still holds.
 */
export const linkHash = (prev: string, seq: number, id: string, digest: string) =>
  sha256(`${prev}\n${seq}\n${id}\n${digest}`);
