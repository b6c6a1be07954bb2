import {
  CLOCK_SKEW_MS,
  STAFF_GUARDIAN_METHODS,
  VISITOR_METHODS,
  ageIssues,
  choiceIssues,
  formIssues,
  dateInZone,
  gpcIssues,
  policyInForce,
  regimesOf,
  type FieldIssue,
  type ReceiptRequest,
} from '../../protocol';
import { optInsOfRevision } from '../notices/result-notice';
import type { Site, SiteRevision } from '../sites/site-registry';

export interface CheckContext {
  /** The site as it is now (its policies decide what is in force). */
  site: Site;
  /** The config revision the receipt says it was made under; its texts and choices are what the visitor saw. */
  revision: SiteRevision;
  now: Date;
  staff: boolean;
  /** The subject's current marketing consents (only a `reconfirm` needs them). */
  granted?: Readonly<Record<string, boolean>>;
  /** The subject's current cookie choices (only a `gpc` opt-out on a site that asks the age needs them). */
  before?: Record<string, boolean>;
}

/**
 * Why a visitor's receipt was made against a config that is no longer the collector's (answered 409, so the
 * widget fetches the config again and asks again): the policy it names is not the one in force now, in the
 * site's time zone. Staff record decisions made earlier (a letter, a form by fax): theirs must name the policy
 * in force on the day of the decision, which `checkReceipt` checks.
 */
export function staleness(
  req: ReceiptRequest,
  { site, now, staff }: Pick<CheckContext, 'site' | 'now' | 'staff'>,
): string | undefined {
  if (staff) return undefined;
  const today = dateInZone(now.getTime(), site.config.timezone);
  const inForce = policyInForce(site.config.policies, today);
  if (req.policy !== inForce.id)
    return (
      `policy "${req.policy}" is not in force: on ${today} (${site.config.timezone}) it is "${inForce.id}", ` +
      `effective ${inForce.effectiveDate}. Fetch the site config again and ask again.`
    );
  return undefined;
}

/**
 * The rules a receipt must meet for its site, beyond the schema: the revision's languages, policies, categories
 * and channels, and the one rule of consistent choices (protocol/choice-rules.ts); the methods each route may
 * record; times that are not in the future; a guardian only where the site asks for one.
 */
export function checkReceipt(
  req: ReceiptRequest,
  { site, revision, now, staff, granted, before }: CheckContext,
): FieldIssue[] {
  const { config } = revision;
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });

  if (!config.policies.some((p) => p.id === req.policy))
    add(
      ['policy'],
      `is not a policy version of site "${config.id}" (known: ${config.policies.map((p) => p.id).join(', ')})`,
    );
  if (!config.languages.includes(req.language))
    add(['language'], `is not a language of this site (${config.languages.join(', ')})`);
  if (!staff && !(VISITOR_METHODS as readonly string[]).includes(req.method))
    add(['method'], `"${req.method}" can only be recorded through the staff API`);
  if (staff && !req.method.startsWith('staff-'))
    add(['method'], 'staff record decisions with staff-phone, staff-written, staff-in-person or staff-fax');
  const regimes = regimesOf(config.regimes);
  if (req.signals.regime && (staff || !regimes.includes(req.signals.regime)))
    add(
      ['signals', 'regime'],
      staff
        ? "is how the visitor's widget asked: staff record decisions made outside it"
        : `is not how this site asks anyone (its regimes: ${regimes.join(', ')})`,
    );
  if (!staff && config.regimes && !req.signals.regime)
    add(
      ['signals', 'regime'],
      'is required on a site that sets regimes: how the widget asked (opt-in, opt-out, notice)',
    );
  if (!staff && req.recordedBy) add(['recordedBy'], 'is set by the collector for staff-recorded decisions only');

  const decided = Date.parse(req.signals.decidedAt);
  if (decided > now.getTime() + CLOCK_SKEW_MS)
    add(
      ['signals', 'decidedAt'],
      `is in the future: the collector's clock says ${now.toISOString()} (${CLOCK_SKEW_MS / 1000} s of clock skew allowed)`,
    );
  if (req.signals.shownAt && Date.parse(req.signals.shownAt) > decided)
    add(['signals', 'shownAt'], 'is after decidedAt: a decision cannot come before the banner was shown');
  const named = site.config.policies.find((p) => p.id === req.policy);
  const day = dateInZone(decided, site.config.timezone);
  // No decision is made under a policy before it takes effect (nor in year 1).
  if (named && day < named.effectiveDate)
    add(
      ['signals', 'decidedAt'],
      `is before policy "${named.id}" took effect (${named.effectiveDate}, ${site.config.timezone})`,
    );
  else if (staff && named) {
    const then = policyInForce(site.config.policies, day);
    if (then.id !== req.policy)
      add(
        ['policy'],
        `was not in force on the day of the decision (${day}, ${site.config.timezone}): "${then.id}" was`,
      );
  }

  const choices = req.choices;
  const rules = { categories: config.categories, channels: optInsOfRevision(config) };
  issues.push(
    ...choiceIssues(req.action, choices, rules, granted),
    ...gpcIssues(req.method, req.signals.gpc, choices, rules),
    ...formIssues(req, config),
    ...ageIssues({ ...req, before }, config),
  );
  issues.push(...guardianIssues(req, staff));
  return issues;
}

/**
 * Only the collector (a code it sent and got back) or staff verify a guardian: a visitor's receipt names the
 * guardian and nothing of a verification; staff may record one they did themselves. The guardian's contact goes
 * to the code request, never into a receipt (it is kept only until the verification).
 */
function guardianIssues(req: ReceiptRequest, staff: boolean): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });
  if (req.guardian?.verification)
    add(
      ['guardian', 'verification'],
      "is not accepted: a guardian's verification is recorded by the collector (a code it sent) or by staff, never claimed",
    );
  if (req.guardian?.contact)
    add(
      ['guardian', 'contact'],
      'does not belong in a receipt: send it with the code request (POST /v1/guardian/{receipt}/code), ' +
        'which keeps it only until the guardian is verified',
    );
  if (req.guardian?.contactKey)
    add(['guardian', 'contactKey'], 'is set by the collector on the receipt that records a verification');
  const check = req.guardianCheck;
  if (!check) return issues;
  if (!staff) {
    add(['guardianCheck'], "is set by the collector: a browser's claim of a guardian verification is refused");
    return issues;
  }
  if (!req.guardian) add(['guardianCheck'], 'needs the guardian it verified');
  if (check.status !== 'verified' || !(STAFF_GUARDIAN_METHODS as readonly string[]).includes(check.method ?? ''))
    add(
      ['guardianCheck'],
      `staff record a verification they made: status "verified", method one of ${STAFF_GUARDIAN_METHODS.join(', ')}`,
    );
  if (check.verifies)
    add(['guardianCheck', 'verifies'], 'verify a pending receipt with POST /v1/staff/guardians/{receipt}/verify');
  return issues;
}
