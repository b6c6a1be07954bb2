import type { ConsentState, LoaderSite } from '../../protocol';
import { indexInForce } from '../../protocol/policy-dates';
import { dateByOffsets } from '../../protocol/zone-offsets';

export type AskReason = 'first-visit' | 'new-policy' | 'new-config' | 'expired' | 'reconfirm';

const DAY = 86_400_000;

/** Today as YYYY-MM-DD in the site's calendar, which is how effective dates are read (and what the collector checks). */
// From the collector's offset table, not Intl: a time-zone formatter costs 10 ms to make on a phone.
export const siteDate = (site: LoaderSite, now: number) => dateByOffsets(site.zone, now);

/** The policy version in force today: the last whose effective date has come. */
export const currentPolicy = (site: LoaderSite, now: number): string =>
  site.policies[
    indexInForce(
      site.policies.map((p) => p[2]),
      siteDate(site, now),
    )
  ]![0];

/** Granted channels whose consent is due for re-confirmation (ICN Act Art. 50(8)): given or confirmed too long ago. */
export const dueChannels = (state: ConsentState, site: LoaderSite, now: number): string[] =>
  state.channels.filter((c) => now - (state.confirmed[c] ?? state.decidedAt) > site.reconfirmDays * DAY);

/**
 * Why the visitor must be asked now, or undefined when the stored decision still holds. The marketing
 * re-confirmation is asked when it is due, whatever the cookie decision's age: its clock runs per channel, from
 * the consent or its last re-confirmation, and no cookie decision moves it. While it is asked, the cookie
 * decision stays in effect.
 */
export function askReason(
  state: ConsentState | undefined,
  site: LoaderSite,
  now: number,
  optOut?: boolean,
): AskReason | undefined {
  // Opt-out and notice regimes (`optOut`) ask nothing about cookies; marketing consent is opt-in everywhere, and
  // so is its re-confirmation.
  if (optOut) return state && dueChannels(state, site, now).length ? 'reconfirm' : undefined;
  // A decision made under an opt-out regime allowed what was on by default: here it is no consent.
  if (!state || !state.categories || state.optOut) return 'first-visit';
  if (state.policy !== currentPolicy(site, now)) return 'new-policy';
  if (state.revision !== site.revision) return 'new-config';
  if (dueChannels(state, site, now).length) return 'reconfirm';
  if (expired(state, site, now)) return 'expired';
  return undefined;
}

/** A refusal (nothing optional allowed) may be asked again sooner than an acceptance (`refusalDays`). */
const expired = (state: ConsentState, site: LoaderSite, now: number) =>
  now - state.decidedAt >
  (site.categories.some((c) => !c.required && state.categories!.includes(c.id)) ? site.consentDays : site.refusalDays) *
    DAY;

/**
 * Whether the stored cookie decision holds: when nothing is to be asked, or only a re-confirmation of marketing
 * while the cookie decision itself is within its lifetime (an expired one is asked again after the
 * re-confirmation, and allows nothing meanwhile).
 */
export function cookiesHold(state: ConsentState | undefined, site: LoaderSite, now: number, optOut?: boolean): boolean {
  // An opt-out holds as long as its cookie: a new policy or an old decision does not turn anything back on.
  if (optOut) return !!state?.categories;
  const reason = askReason(state, site, now);
  return reason === undefined || (reason === 'reconfirm' && !expired(state!, site, now));
}

/** The cookie's lifetime in days: long enough for the later of the cookie decision's expiry and the re-confirmation. */
export const cookieDays = (site: LoaderSite) => Math.max(site.consentDays, site.refusalDays, site.reconfirmDays) + 30;
