import { NIGHT_SUFFIX, type Medium } from './constants';
import type { MarketingChannel } from './site-config-schema';

/** A channel as a receipt's choices know it: a site channel, or the night-time refinement of one. */
export interface ChoiceChannel {
  id: string;
  /** For a night-time refinement: the channel whose daytime consent it needs. */
  refines?: string;
}

/** A site's channels as choice keys, each channel followed by its night-time refinement if it has one. */
export function choiceChannels(channels: readonly { id: string; night?: unknown }[]): ChoiceChannel[] {
  return channels.flatMap((c) =>
    c.night ? [{ id: c.id }, { id: c.id + NIGHT_SUFFIX, refines: c.id }] : [{ id: c.id }],
  );
}

export type ChannelFacts = Pick<MarketingChannel, 'label' | 'purpose' | 'items' | 'retention' | 'refusal'>;

/** One opt-in as a visitor sees it: a channel or its night-time refinement, with its four facts. */
export interface OptIn extends ChoiceChannel {
  medium: Medium;
  facts: ChannelFacts;
}

/** A site's opt-ins in order; a night-time refinement's facts are its own where given, the channel's otherwise. */
export function optInsOf(channels: readonly MarketingChannel[]): OptIn[] {
  return channels.flatMap((c) => {
    const day: OptIn = { id: c.id, medium: c.medium, facts: c };
    const n = c.night;
    if (!n) return [day];
    const facts: ChannelFacts = {
      label: n.label,
      purpose: n.purpose ?? c.purpose,
      items: n.items ?? c.items,
      retention: n.retention ?? c.retention,
      refusal: n.refusal ?? c.refusal,
    };
    return [day, { id: c.id + NIGHT_SUFFIX, refines: c.id, medium: c.medium, facts }];
  });
}

const LEGACY_MEDIUM: Record<string, Medium> = { email: 'email', sms: 'sms' };

/**
 * Reads a config's channels written before channels were configurable (a fixed `email`, `sms`, `sms_night`, no
 * `medium`): `email` and `sms` get their medium and `sms_night` becomes the night-time refinement of `sms`, under
 * the same choice key (`sms_night`), so receipts made under the old config keep their meaning. Anything else is
 * left for the schema to judge. Returns the input unchanged when there is nothing to upgrade.
 */
export function upgradeLegacyChannels(input: unknown): { input: unknown; upgraded: boolean } {
  if (!input || typeof input !== 'object' || !Array.isArray((input as { channels?: unknown }).channels))
    return { input, upgraded: false };
  const channels = (input as { channels: Record<string, unknown>[] }).channels;
  const legacy = (c: unknown): c is Record<string, unknown> =>
    !!c &&
    typeof c === 'object' &&
    !('medium' in c) &&
    ['email', 'sms', 'sms_night'].includes((c as { id?: string }).id!);
  if (!channels.some(legacy)) return { input, upgraded: false };
  const night = channels.find((c) => legacy(c) && c.id === 'sms_night');
  const hasSms = channels.some((c) => legacy(c) && c.id === 'sms');
  const upgraded = channels
    .filter((c) => !(night && hasSms && c === night))
    .map((c) => {
      if (!legacy(c) || c.id === 'sms_night') return c;
      const { id: _id, ...facts } = night ?? {};
      return { ...c, medium: LEGACY_MEDIUM[c.id as string], ...(c.id === 'sms' && night ? { night: facts } : {}) };
    });
  return { input: { ...(input as object), channels: upgraded }, upgraded: true };
}
