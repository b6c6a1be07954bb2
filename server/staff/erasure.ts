import type { StoredReceipt } from '../../protocol';

/**
 * What is left of a receipt once its subject is erased (or its retention has passed): that a decision of this
 * kind, under this policy and notice, was recorded at this time — with no link to a person. The log keeps the
 * original record's digest, so the chain and its checkpoints still verify.
 */
export function redact(receipt: StoredReceipt, reason: 'erasure' | 'retention', at: string) {
  return {
    v: receipt.v,
    id: receipt.id,
    site: receipt.site,
    policy: receipt.policy,
    action: receipt.action,
    method: receipt.method,
    receivedAt: receipt.receivedAt,
    notice: receipt.notice,
    choices: receipt.choices,
    redacted: { reason, at },
  };
}

export const ERASED_SUBJECT = 'erased';
