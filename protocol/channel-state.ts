import type { Action } from './constants';

/** Where a subject stands with one marketing channel, as folded from their receipts (oldest first). */
export interface ChannelStanding {
  granted: boolean;
  /** When the current consent was given (granted only). */
  consentedAt?: string;
  /** When it was last given or re-confirmed: the 2-year clock runs from here (granted only). */
  confirmedAt?: string;
  /** The receipt that last changed this standing. */
  receipt: string;
}
export type ChannelState = Record<string, ChannelStanding>;

/** What one receipt did to one channel: the result a result notice reports. */
export type ChannelResult = 'consented' | 'refused' | 'withdrawn' | 'reconfirmed';

/**
 * The one rule of how a receipt changes a subject's marketing consents (ICN Act Art. 50, Decree 62-3), used by the
 * store (in the transaction that appends the receipt), `assent verify` and the widget's cookie. Only the
 * channels a receipt names are touched — a cookie decision names none, so it never moves a consent date:
 * - a channel turned on that was not on: consent given now (the 2-year clock starts);
 * - on and already on: unchanged, unless the action is `reconfirm` (the clock restarts);
 * - off and on before: withdrawn; off and never answered: refused (a first refusal); off again: nothing new.
 * A child's receipt whose guardian is not verified yet (`pending`) turns nothing on: its refusals count, its
 * consents wait for the receipt that records the verification (PIPA Art. 22-2).
 */
export function applyChannels(
  state: ChannelState,
  receipt: { id: string; action: Action; at: string; channels: Record<string, boolean>; pending?: boolean },
): { state: ChannelState; results: Record<string, ChannelResult> } {
  const next: ChannelState = { ...state };
  const results: Record<string, ChannelResult> = {};
  for (const [id, on] of Object.entries(receipt.channels)) {
    if (on && receipt.pending) continue;
    const before = state[id];
    if (on && !before?.granted) {
      next[id] = { granted: true, consentedAt: receipt.at, confirmedAt: receipt.at, receipt: receipt.id };
      results[id] = 'consented';
    } else if (on && receipt.action === 'reconfirm') {
      next[id] = { ...before!, confirmedAt: receipt.at, receipt: receipt.id };
      results[id] = 'reconfirmed';
    } else if (!on && before?.granted) {
      next[id] = { granted: false, receipt: receipt.id };
      results[id] = 'withdrawn';
    } else if (!on && !before) {
      next[id] = { granted: false, receipt: receipt.id };
      results[id] = 'refused';
    }
  }
  return { state: next, results };
}

/** The channels consented now. */
export const grantedOf = (state: ChannelState): Record<string, boolean> =>
  Object.fromEntries(Object.entries(state).map(([id, s]) => [id, s.granted]));

const DAY = 86_400_000;

/** When a granted channel's consent must be re-confirmed: `days` after it was given or last re-confirmed. */
export const reconfirmDueAt = (standing: ChannelStanding, days: number): string | undefined =>
  standing.granted && standing.confirmedAt
    ? new Date(Date.parse(standing.confirmedAt) + days * DAY).toISOString()
    : undefined;

/** The fields of a receipt (live or erased) the fold reads. */
export interface FoldedReceipt {
  id: string;
  previous: string | null;
  action: Action;
  receivedAt: string;
  choices: { channels: Record<string, boolean> };
  guardianCheck?: { status: string };
}

/**
 * Folds receipts, in log order, into each subject's channel state by following `previous` (signed in every
 * receipt), so it needs no subject and works across erased rows: a subject whose oldest receipts a retention purge
 * emptied still has the consent dates they carried. Used by the migration that builds the table and by verify.
 */
export function channelFold() {
  const after = new Map<string, ChannelState>();
  return {
    apply(r: FoldedReceipt) {
      const before = (r.previous && after.get(r.previous)) || {};
      if (r.previous) after.delete(r.previous);
      const next = applyChannels(before, {
        id: r.id,
        action: r.action,
        at: r.receivedAt,
        channels: r.choices.channels,
        pending: r.guardianCheck?.status === 'pending',
      });
      after.set(r.id, next.state);
      return { before, ...next };
    },
    /** The state after the subject's latest receipt `id`. */
    stateAfter: (id: string): ChannelState => after.get(id) ?? {},
  };
}
