import * as v from 'valibot';
import {
  fromValibot,
  grantedOf,
  receiptRequestSchema,
  type KeptRequest,
  type Place,
  type ReceiptRequest,
  type StoredReceipt,
} from '../../protocol';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import type { Site } from '../sites/site-registry';
import { buildReceipt, requestHash } from './build-receipt';
import { checkReceipt, staleness } from './check-receipt';
import { contactIssues, keepRequest } from './contact-keys';

/** A receipt request as the protocol defines it, or 422 naming every field that is not. */
export function parseReceiptRequest(body: unknown): ReceiptRequest {
  const parsed = v.safeParse(receiptRequestSchema, body);
  if (parsed.success) return parsed.output;
  throw new ProblemError(
    422,
    'invalid-receipt',
    'Unprocessable Content',
    'The receipt does not match the protocol.',
    fromValibot(parsed.issues),
  );
}

const stale = (detail: string) => new ProblemError(409, 'stale-config', 'Conflict', detail);

/**
 * Records one decision, from the widget or from staff, by the same rules: the config revision must be one this
 * collector served (its texts are what the receipt proves the visitor saw), the policy must be in force, the
 * choices must agree with the action (a `reconfirm` with the subject's current choices). Anything else is refused
 * before anything is stored: 409 `stale-config` (fetch the config again, ask again) or 422 naming each field.
 */
export async function recordReceipt(
  deps: Pick<AppDeps, 'store' | 'sites' | 'clock' | 'guardians' | 'keys'>,
  request: ReceiptRequest,
  site: Site,
  opts: { staff: boolean; clientIp?: string; place?: Place },
) {
  const now = deps.clock.now();
  const revision = deps.sites.revision(site.config.id, request.configRevision);
  if (!revision)
    throw stale(
      `configRevision "${request.configRevision}" was never served for site "${site.config.id}" ` +
        `(now: "${site.revision}"). Fetch the site config again and ask again.`,
    );
  // A policy the revision never had is a wrong receipt (422 below), not a stale one.
  const outdated =
    revision.config.policies.some((p) => p.id === request.policy) &&
    staleness(request, { site, now, staff: opts.staff });
  if (outdated) throw stale(outdated);
  const granted =
    request.action === 'reconfirm' ? grantedOf(await deps.store.channels(site.config.id, request.subject)) : undefined;
  const before =
    request.method === 'gpc' && site.config.children.enabled
      ? (await deps.store.current(site.config.id, request.subject))?.choices.categories
      : undefined;
  const issues = [
    ...checkReceipt(request, { site, revision, now, staff: opts.staff, granted, before }),
    ...contactIssues(request),
  ];
  if (issues.length)
    throw new ProblemError(
      422,
      'invalid-receipt',
      'Unprocessable Content',
      `The receipt does not fit site "${site.config.id}".`,
      issues,
    );
  // A guardian named without a verification: asked, not verified; nothing optional takes effect until the
  // collector or staff verify them. Stamped before hashing, so a replay of the same request is the same receipt.
  const kept = keepRequest(request, deps.keys);
  const stamped: KeptRequest =
    kept.guardian && !kept.guardianCheck ? { ...kept, guardianCheck: { status: 'pending' } } : kept;
  const result = await deps.store.append(
    buildReceipt(stamped, revision, site.config.ip, now, opts.clientIp, site.config.regimes ? opts.place : undefined),
    requestHash(stamped),
  );
  // The check the guardian's verification settles; opened again on a replay, for a crash between the two. (The
  // stored receipt is this request's — same request hash —, so its stamp is the one above: no need to parse it.)
  if (result.status !== 'conflict' && stamped.guardianCheck?.status === 'pending')
    await deps.guardians?.open(site.config.id, request.id, request.subject, result.receipt.receivedAt);
  if (result.status === 'conflict')
    throw new ProblemError(
      409,
      'id-conflict',
      'Conflict',
      `Receipt ${request.id} was already recorded with a different body.`,
    );
  return result as { status: 'created' | 'existing'; receipt: StoredReceipt; json?: string };
}
