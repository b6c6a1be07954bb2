import type { ConsentState, LoaderSite } from '../../protocol';

export type AskReason = 'first-visit' | 'new-policy' | 'new-config' | 'expired' | 'reconfirm';

const DAY = 86_400_000;

/** Today as YYYY-MM-DD in the visitor's local calendar, which is how effective dates are read. */
export function localDate(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The policy version in force today: the last whose effective date has come. */
export function currentPolicy(site: LoaderSite, now: number): string {
  const today = localDate(now);
  let id = site.policies[0]![0];
  for (const [pid, , effective] of site.policies) if (effective <= today) id = pid;
  return id;
}

/** Why the visitor must be asked now, or undefined when the stored decision still holds. */
export function askReason(state: ConsentState | undefined, site: LoaderSite, now: number): AskReason | undefined {
  if (!state) return 'first-visit';
  if (state.policy !== currentPolicy(site, now)) return 'new-policy';
  if (state.revision !== site.revision) return 'new-config';
  if (now - state.decidedAt > site.consentDays * DAY) return 'expired';
  if (state.channels.length && now - state.decidedAt > site.reconfirmDays * DAY) return 'reconfirm';
  return undefined;
}
