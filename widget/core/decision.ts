import type { ConsentState, LoaderSite } from '../../protocol';
import { dateInZone, indexInForce } from '../../protocol/policy-dates';

export type AskReason = 'first-visit' | 'new-policy' | 'new-config' | 'expired' | 'reconfirm';

const DAY = 86_400_000;

/** Today as YYYY-MM-DD in the site's calendar, which is how effective dates are read (and what the collector checks). */
export const siteDate = (site: LoaderSite, now: number) => dateInZone(now, site.timezone);

/** The policy version in force today: the last whose effective date has come. */
export const currentPolicy = (site: LoaderSite, now: number): string =>
  site.policies[
    indexInForce(
      site.policies.map((p) => p[2]),
      siteDate(site, now),
    )
  ]![0];

/** Why the visitor must be asked now, or undefined when the stored decision still holds. */
export function askReason(state: ConsentState | undefined, site: LoaderSite, now: number): AskReason | undefined {
  if (!state) return 'first-visit';
  if (state.policy !== currentPolicy(site, now)) return 'new-policy';
  if (state.revision !== site.revision) return 'new-config';
  if (now - state.decidedAt > site.consentDays * DAY) return 'expired';
  if (state.channels.length && now - state.decidedAt > site.reconfirmDays * DAY) return 'reconfirm';
  return undefined;
}
