import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { contactValue, localizedText, type KeptRequest, type ReceiptRequest, type StoredReceipt } from '../../protocol';
import { consentPurposes } from '../proof/consent-purposes';
import { ProblemError } from '../middleware/problem';
import type { KeyRing } from '../proof/key-ring';
import { buildReceipt, requestHash } from '../receipts/build-receipt';
import type { SiteRegistry } from '../sites/site-registry';
import type { GuardianChecks } from '../store/guardian-checks';
import type { ReceiptStore } from '../store/receipt-store';

/** Minutes a code stays valid; codes a receipt may be sent; wrong entries allowed per code. */
export const CODE_MINUTES = 10;
export const MAX_CODES = 3;
export const MAX_ATTEMPTS = 5;
/** Codes one contact may be sent within an hour, across receipts: the gateway is not a way to flood a number. */
export const MAX_CODES_PER_CONTACT = 5;

export interface GuardianDeps {
  store: ReceiptStore;
  sites: SiteRegistry;
  keys: Pick<KeyRing, 'receiptSecretKey' | 'signDetached' | 'lookupHash'>;
  clock: { now(): Date };
  guardians: GuardianChecks;
  fetch: typeof fetch;
}

const problem = (status: ConstructorParameters<typeof ProblemError>[0], type: string, title: string, detail: string) =>
  new ProblemError(status, type, title, detail);

/** The code's keyed hash: the table never holds a code a reader of the disk could enter. */
const codeHash = (keys: GuardianDeps['keys'], id: string, code: string) =>
  createHmac('sha256', keys.receiptSecretKey).update(`guardian-code\n${id}\n${code}`).digest('base64url');

/** A child's receipt that waits for its guardian, still the subject's latest: what a verification can settle. */
async function pendingReceipt(deps: GuardianDeps, id: string) {
  const check = await deps.guardians.get(id);
  const receipt = check && (await deps.store.get(id));
  if (!check || !receipt || 'redacted' in receipt)
    throw problem(404, 'unknown-guardian-check', 'Not Found', `No receipt ${id} waits for a guardian's verification.`);
  if (check.verifiedAt)
    throw problem(409, 'already-verified', 'Conflict', `The guardian of receipt ${id} was verified already.`);
  const current = await deps.store.current(receipt.site, receipt.subject);
  if (current?.id !== id)
    throw problem(
      409,
      'superseded',
      'Conflict',
      `Receipt ${id} is no longer the subject's latest decision (${current?.id ?? 'none'}): the newer one is what counts.`,
    );
  return { check, receipt };
}

/**
 * Sends a code to the guardian through the site's gateway (`webhooks.guardianCodes`, a signed POST the site's SMS
 * or email service turns into a message, with what is approved: modelled on Decree Art. 17-2(1)1). The contact is
 * kept only until the verification or `children.guardianContactDays`; codes are counted per receipt and, by the
 * contact's keyed hash, per contact.
 */
export async function sendGuardianCode(deps: GuardianDeps, id: string, given: string) {
  // The gateway gets the contact as given; it is counted and hashed in one form (digits, lower-case email).
  const contact = given.trim();
  const { receipt } = await pendingReceipt(deps, id);
  const language = receipt.language;
  const site = deps.sites.get(receipt.site)!;
  const url = site.config.webhooks.guardianCodes;
  if (!url) {
    // No gateway: the officer calls the guardian (Decree Art. 17-2(1)4); the contact is kept for that call only.
    await deps.guardians.keepContact(id, contact);
    throw problem(
      409,
      'no-code-gateway',
      'Conflict',
      `Site "${receipt.site}" has no gateway for guardian codes (webhooks.guardianCodes): ` +
        'staff verify the guardian by phone or signed paper.',
    );
  }
  const now = deps.clock.now();
  // Both limits are taken before the gateway is called, in one transaction: concurrent requests cannot pass them.
  const taken = await deps.guardians.reserveCode(id, {
    perReceipt: MAX_CODES,
    site: receipt.site,
    contactKey: deps.keys.lookupHash(receipt.site, normaliseContact(contact)),
    since: new Date(now.getTime() - 3_600_000).toISOString(),
    perContact: MAX_CODES_PER_CONTACT,
    at: now.toISOString(),
  });
  if (taken !== 'ok')
    throw problem(
      429,
      'too-many-codes',
      'Too Many Requests',
      taken === 'receipt'
        ? `${MAX_CODES} codes were sent for this receipt already.`
        : `${MAX_CODES_PER_CONTACT} codes were sent to this contact in the last hour: try later.`,
    );
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString();
  // What the guardian approves travels with the code, so the message can say it (Decree Art. 17-2(1)1: the
  // consent's content, then the guardian's confirmation).
  // In the texts of the revision the child saw, without what needs no consent (strictly necessary, legal bases).
  const shown = deps.sites.revision(receipt.site, receipt.configRevision)?.config ?? site.config;
  const approves = consentPurposes(receipt, shown)
    .filter((p) => p.basis === 'consent')
    .map((p) => ({ label: p.label, given: p.given }));
  const body = JSON.stringify({
    type: 'guardian-code',
    site: receipt.site,
    siteName: localizedText(shown.name, language, shown.defaultLanguage),
    receipt: id,
    contact,
    code,
    language,
    expiresAt,
    approves,
  });
  let failure: string | undefined;
  try {
    const res = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'assent-signature': await deps.keys.signDetached(body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) failure = `HTTP ${res.status}`;
  } catch (e) {
    failure = (e as Error).message.slice(0, 200);
  }
  if (failure)
    throw problem(502, 'gateway-failed', 'Bad Gateway', `The site's code gateway did not take the code (${failure}).`);
  await deps.guardians.codeSent(id, contact, codeHash(deps.keys, id, code), expiresAt);
  return { receipt: id, expiresAt };
}

/** The guardian entered the code: the collector records the verification as a receipt of its own. */
export async function verifyGuardianCode(deps: GuardianDeps, id: string, code: string) {
  const { check } = await pendingReceipt(deps, id);
  if (!check.codeHash || !check.codeExpiresAt)
    throw problem(409, 'no-code', 'Conflict', 'No code was sent for this receipt: ask for one first.');
  if (Date.parse(check.codeExpiresAt) < deps.clock.now().getTime())
    throw problem(410, 'code-expired', 'Gone', `The code expired at ${check.codeExpiresAt}: ask for a new one.`);
  const tries = await deps.guardians.attempt(id);
  if (tries > MAX_ATTEMPTS)
    throw problem(429, 'too-many-attempts', 'Too Many Requests', 'Too many wrong codes: ask for a new one.');
  const [a, b] = [Buffer.from(codeHash(deps.keys, id, code)), Buffer.from(check.codeHash)];
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new ProblemError(422, 'wrong-code', 'Unprocessable Content', 'The code is not the one sent.', [
      { path: ['code'], message: `is wrong (${MAX_ATTEMPTS - tries} attempt(s) left)` },
    ]);
  return recordVerification(deps, id, 'code');
}

/**
 * Records that the guardian of pending receipt `id` was verified: a new receipt, signed and chained like any
 * other, restating the pending receipt's choices with `guardianCheck: verified` — from then on they take effect.
 */
export async function recordVerification(
  deps: GuardianDeps,
  id: string,
  method: NonNullable<ReceiptRequest['guardianCheck']>['method'],
  recordedBy?: ReceiptRequest['recordedBy'],
): Promise<StoredReceipt> {
  const { receipt } = await pendingReceipt(deps, id);
  const now = deps.clock.now();
  // Read before the claim deletes it: the record keeps the contact's keyed hash only.
  const contact = await deps.guardians.contactOf(id);
  if (!(await deps.guardians.claim(id, now.toISOString())))
    throw problem(409, 'already-verified', 'Conflict', `The guardian of receipt ${id} was verified already.`);
  try {
    const revision = deps.sites.revision(receipt.site, receipt.configRevision);
    if (!revision) throw new Error(`config revision ${receipt.configRevision} is not known`);
    const {
      v: _v,
      receivedAt: _r,
      notice: _n,
      ip: _i,
      salt: _s,
      log: _l,
      previous: _p,
      signature: _g,
      ...request
    } = receipt;
    const contactKey = contact ? deps.keys.lookupHash(receipt.site, normaliseContact(contact)) : undefined;
    const verification: KeptRequest = {
      ...request,
      ...(request.guardian ? { guardian: { ...request.guardian, ...(contactKey ? { contactKey } : {}) } } : {}),
      id: randomUUID(),
      guardianCheck: { status: 'verified', method, verifies: id },
      signals: { ...receipt.signals, decidedAt: now.toISOString() },
      ...(recordedBy ? { recordedBy } : {}),
    };
    const site = deps.sites.get(receipt.site)!;
    const result = await deps.store.append(
      buildReceipt(verification, revision, site.config.ip, now, undefined),
      requestHash(verification),
    );
    // The store re-checks in its transaction that the pending receipt is still the subject's latest.
    if (result.status === 'conflict')
      throw problem(
        409,
        'superseded',
        'Conflict',
        `Receipt ${id} stopped being the subject's latest decision (a newer one, or an erasure): the newer one counts.`,
      );
    await deps.guardians.settle(id, result.receipt.id);
    return result.receipt;
  } catch (error) {
    await deps.guardians.settle(id, null);
    throw error;
  }
}

/**
 * The same contact written two ways hashes the same (the per-contact limit on codes depends on it): by the rules the
 * officer's search uses (protocol/contacts.ts) where they apply, else email in lower case, a number as its digits.
 */
export const normaliseContact = (contact: string) => {
  const value = contactValue(contact.includes('@') ? 'email' : 'phone', contact);
  if (typeof value === 'string') return value;
  return contact.includes('@') ? contact.trim().toLowerCase() : contact.replace(/[^\d+]/g, '').replace(/^\+82/, '0');
};
