import { REGION_GROUPS } from './regimes';

/**
 * A data subject's requests to the controller (PIPA Arts. 35–37; GDPR Arts. 15–18, 21; CCPA §1798.100–.106) and
 * the time the controller has to answer them. One home for the dashboard, the staff API and `assent verify`.
 */
export const RIGHTS_KINDS = ['access', 'correction', 'erasure', 'suspension'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];

/** How the request reached the controller. */
export const REQUEST_CHANNELS = ['phone', 'email', 'letter', 'in-person', 'web'] as const;

/** How each kind of request is closed when it is granted; any of them may instead be `refused`. */
export const GRANTED_OUTCOME = {
  access: 'answered',
  correction: 'corrected',
  erasure: 'erased',
  suspension: 'suspended',
} as const satisfies Record<RightsKind, string>;
export type RightsOutcome = (typeof GRANTED_OUTCOME)[RightsKind] | 'refused';

/**
 * Why a request may be refused, as the laws allow (PIPA Arts. 35(4), 36(1) proviso, 37(2); GDPR Arts. 12(5),
 * 17(3)): a law requires or forbids it, it would harm another person's rights, the requester could not be
 * identified, or another ground the officer records outside Assent.
 */
export const REFUSAL_GROUNDS = ['law', 'others-rights', 'not-identified', 'other'] as const;

const EEA = new Set([...REGION_GROUPS.EEA!, 'GB']);

/**
 * Days to answer a request, by the site's jurisdiction: 10 in Korea (PIPA Enforcement Decree Arts. 41(4), 43(3),
 * 44(2)), 30 in the EEA and the UK (GDPR Art. 12(3): one month, counted here as 30 days), 45 in the United States
 * (CCPA §1798.130(a)(2)); a site that names none gets the shortest, Korea's 10.
 */
export function rightsResponseDays(jurisdiction: string | undefined): number {
  if (jurisdiction && EEA.has(jurisdiction)) return 30;
  if (jurisdiction === 'US') return 45;
  return 10;
}
