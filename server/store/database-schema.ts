import type { Generated } from 'kysely';

/** Kysely's view of the tables the migrations create. */
export interface Database {
  receipts: {
    seq: Generated<number>;
    id: string;
    site: string;
    subject: string;
    member: string | null;
    policy: string;
    action: string;
    method: string;
    received_at: string;
    request_hash: string;
    notice_hash: string;
    record: string;
    /** sha256 of `record` as first written; kept when an erasure rewrites `record`. */
    record_digest: string | null;
    prev_hash: string | null;
    hash: string | null;
    erased_at: string | null;
  };
  checkpoints: { seq: Generated<number>; log: string; head_seq: number; head_hash: string; created_at: string; signature: string };
  staff_tokens: { id: string; name: string; sites: string; token_hash: string; created_at: string; revoked_at: string | null };
  result_notices: { receipt_id: string; site: string; subject: string; record: string; created_at: string; attempts: Generated<number>; next_attempt_at: string; delivered_at: string | null; last_error: string | null };
  job_cursors: { name: string; seq: number };
  access_log: { seq: Generated<number>; at: string; token_id: string; record: string; prev_hash: string; hash: string };
  /** `hour`: `YYYY-MM-DDTHH`, UTC. */
  banner_views: { site: string; hour: string; policy: string; count: number };
  purge_log: { seq: Generated<number>; at: string; site: string; reason: string; count: number };
  notice_texts: {
    hash: string;
    site: string;
    policy: string;
    language: string;
    text: string;
  };
}
