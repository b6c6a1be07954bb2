import { applyChannels, type ChannelState } from '../../protocol/channel-state';
import { deleteCookies } from './cookie-jar';
import type { Decision, Shared } from './types';

/**
 * Puts a decision into effect in this browser (cookie, scripts, Consent Mode) by the collector's own rule of
 * channels (protocol/channel-state.ts): only the channels named move, only a consent or a re-confirmation
 * restarts a channel's clock, a pending child's consent moves none on. A cookie decision names no channel.
 */
export function takeDecision(sh: Shared) {
  const { site, doc } = sh;
  return function take(
    id: string,
    action: Decision['action'],
    now: number,
    categories: Record<string, boolean> | undefined,
    channels: Record<string, boolean>,
    pending: boolean,
    subject: string,
  ) {
    const at = new Date(now).toISOString();
    const before = sh.allowed();
    const previous = sh.state();
    const held: ChannelState = Object.fromEntries(
      (previous?.channels ?? []).map((c) => [
        c,
        {
          granted: true,
          confirmedAt: new Date(previous!.confirmed[c] ?? previous!.decidedAt).toISOString(),
          receipt: '',
        },
      ]),
    );
    const { state: next, results } = applyChannels(held, { id, action, at, channels, pending });
    const granted = Object.keys(next).filter((c) => next[c]!.granted);
    // A marketing-only decision (a form, a re-confirmation) leaves the cookie decision as it was.
    const keep = !categories && previous?.categories ? previous : undefined;
    sh.commit({
      site: site.id,
      subject,
      policy: keep?.policy ?? sh.policy(now),
      revision: keep?.revision ?? site.revision,
      decidedAt: keep?.decidedAt ?? now,
      categories: categories ? Object.keys(categories).filter((k) => categories[k]) : previous?.categories,
      channels: granted,
      confirmed: Object.fromEntries(granted.map((c) => [c, Date.parse(next[c]!.confirmedAt!)])),
      gpc: keep?.gpc ?? sh.gpc,
      // Made where categories are on by default: no consent where the visitor is asked opt-in.
      optOut: keep ? keep.optOut : !!sh.regime && sh.regime !== 'opt-in',
    });
    const after = sh.allowed();
    deleteCookies(
      doc,
      site.categories.filter((c) => before.has(c.id) && !after.has(c.id)).flatMap((c) => c.cookies),
    );
    return results;
  };
}
