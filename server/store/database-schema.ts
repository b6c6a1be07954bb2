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
  };
  notice_texts: {
    hash: string;
    site: string;
    policy: string;
    language: string;
    text: string;
  };
}
