import type { Generated } from 'kysely';

/** Kysely's view of the tables the migrations create (docs/proof.md says which column proves what). */
export interface Database {
  receipts: {
    seq: Generated<number>;
    id: string;
    site: string;
    /** `erased` once the subject is erased. */
    subject: string;
    member: string | null;
    policy: string;
    action: string;
    method: string;
    received_at: string;
    /** sha256 of the request's canonical JSON (idempotency); `erased` once erased. */
    request_hash: string;
    notice_hash: string;
    /**
     * Exactly what the signature covers: the receipt's canonical JSON without its signature; once erased, the
     * canonical JSON of its public part only.
     */
    record: string;
    /** Detached JWS over `record`; null once erased. */
    signature: string | null;
    /** The commitment the chain links: sha256 of the public part and the salted digest of the personal fields. */
    record_digest: string | null;
    /** sha256 of the receipt's salt and personal fields: what survives an erasure of them. */
    personal_digest: string | null;
    prev_hash: string | null;
    hash: string | null;
    erased_at: string | null;
    /** The entry of the `erasures` log that erased this row. */
    erasure: number | null;
  };
  /** The signed, chained logs other than receipts: `access`, `erasures`, `deliveries`, `revisions`. */
  log_entries: {
    log: string;
    seq: number;
    site: string | null;
    at: string;
    record: string;
    signature: string;
    hash: string;
  };
  /** Signed checkpoints of every log's head, each linked to the one before. */
  log_checkpoints: { seq: number; created_at: string; body: string; signature: string; receipts_head: number };
  staff_tokens: {
    id: string;
    name: string;
    sites: string;
    token_hash: string;
    created_at: string;
    revoked_at: string | null;
  };
  result_notices: {
    receipt_id: string;
    site: string;
    subject: string;
    record: string;
    created_at: string;
    attempts: Generated<number>;
    next_attempt_at: string;
    delivered_at: string | null;
    /** How it reached the person: `webhook`, or `other` when staff recorded a notice given by other means. */
    delivered_via: string | null;
    last_error: string | null;
  };
  /** Each subject's marketing consent per channel, derived from the receipts (protocol/channel-state.ts). */
  channel_consents: {
    site: string;
    subject: string;
    channel: string;
    /** 1: consented; 0: refused or withdrawn. */
    granted: number;
    consented_at: string | null;
    confirmed_at: string | null;
    /** The receipt that last changed it. */
    receipt_id: string;
  };
  /** A child's receipt waiting for its guardian's verification (migration 0008). */
  guardian_checks: {
    receipt_id: string;
    site: string;
    subject: string;
    created_at: string;
    /** The guardian's phone or email, for the code; null once verified or after `guardianContactDays`. */
    contact: string | null;
    /** HMAC of the receipt id and the code sent (never the code). */
    code_hash: string | null;
    code_expires_at: string | null;
    codes_sent: Generated<number>;
    attempts: Generated<number>;
    verified_at: string | null;
    /** The receipt that records the verification. */
    verified_receipt: string | null;
    contact_redacted_at: string | null;
    closed_at: string | null;
  };
  /** Each guardian code sent (migration 0008): the contact only as its keyed hash. */
  guardian_codes_sent: { site: string; contact_key: string; sent_at: string };
  subject_contacts: { site: string; contact_key: string; subject: string; receipt_id: string };
  job_cursors: { name: string; seq: number };
  /** `hour`: `YYYY-MM-DDTHH`, UTC. `answered`: how many of them a decision answered (migration 0010). */
  banner_views: { site: string; hour: string; policy: string; count: number; answered: Generated<number> };
  /** The views the widget named by a random id (migration 0010): which decision answered each, if one did. */
  banner_view_ids: { site: string; view_id: string; hour: string; policy: string; answered_by: string | null };
  /** Data subjects' requests (migration 0011); every change is an entry of the signed `requests` log. */
  rights_requests: {
    id: string;
    site: string;
    /** Null once the subject is erased. */
    subject: string | null;
    /** The subject's keyed hash, as the signed log has it: what `subject` must still hash to before anything is done. */
    subject_key: string;
    kind: string;
    via: string;
    received_at: string;
    due_at: string;
    recorded_by: string;
    closed_at: string | null;
    outcome: string | null;
    reason: string | null;
    closed_by: string | null;
  };
  /** Receipts summed per UTC hour and kind (server/stats/decision-counts.ts, migration 0010). */
  decision_counts: {
    site: string;
    hour: string;
    policy: string;
    action: string;
    method: string;
    first: number;
    choices: string;
    count: number;
  };
  notice_texts: {
    hash: string;
    site: string;
    policy: string;
    language: string;
    text: string;
  };
}
