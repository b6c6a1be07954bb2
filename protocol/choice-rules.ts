import type { Action } from './constants';

export type { Action };
import type { FieldIssue } from './issues';

/** What the rules need to know of a site (or of the config revision the visitor saw). */
export interface ChoiceSite {
  categories: readonly { id: string; required: boolean; consentMode?: readonly string[] }[];
  channels: readonly { id: string }[];
}

export interface Choices {
  categories: Record<string, boolean>;
  channels: Record<string, boolean>;
}

/** Night-time consent refines the daytime consent of the same medium: `sms_night` needs `sms`. */
export const NIGHT_REFINES: Readonly<Record<string, string>> = { sms_night: 'sms' };

/**
 * A decision's full snapshot from what was chosen: a choice for every category (strictly necessary ones on) and
 * every channel of the site (night-time consent only with its daytime consent), nothing else.
 */
export function choiceSnapshot(
  categories: readonly { id: string; required: boolean }[],
  channelIds: readonly string[],
  chosen: Partial<Choices>,
): Choices {
  const snapshot: Choices = {
    categories: Object.fromEntries(categories.map((c) => [c.id, c.required || !!chosen.categories?.[c.id]])),
    channels: Object.fromEntries(channelIds.map((id) => [id, !!chosen.channels?.[id]])),
  };
  for (const [night, day] of Object.entries(NIGHT_REFINES))
    if (night in snapshot.channels && !snapshot.channels[day]) snapshot.channels[night] = false;
  return snapshot;
}

/**
 * The one rule of what a decision may say, used by the collector (both routes), the widget and the dashboard:
 * a choice for every category and channel of the site and nothing else; strictly necessary categories on;
 * night-time consent only with its medium; and an action that agrees with the choices —
 * `accept_all` allows every category; `reject_all` and `withdraw` allow no optional category and no channel;
 * `reconfirm` (of marketing consent) keeps the cookie choices as they were and grants no channel that was off.
 * `previous` is the subject's current choices, if any (only `reconfirm` needs them).
 */
export function choiceIssues(action: Action, choices: Choices, site: ChoiceSite, previous?: Choices): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });
  const { categories, channels } = choices;

  for (const id of Object.keys(categories)) {
    if (!site.categories.some((c) => c.id === id))
      add(['choices', 'categories', id], 'is not a cookie category of this site');
  }
  for (const c of site.categories) {
    if (!(c.id in categories))
      add(['choices', 'categories', c.id], 'is missing: a receipt records a choice for every category');
    else if (c.required && !categories[c.id])
      add(['choices', 'categories', c.id], 'is strictly necessary and cannot be refused');
  }
  for (const id of Object.keys(channels)) {
    if (!site.channels.some((c) => c.id === id))
      add(['choices', 'channels', id], 'is not a marketing channel of this site');
  }
  for (const c of site.channels)
    if (!(c.id in channels))
      add(['choices', 'channels', c.id], 'is missing: a receipt records a choice for every channel');
  for (const [night, day] of Object.entries(NIGHT_REFINES)) {
    if (channels[night] && !channels[day])
      add(['choices', 'channels', night], `needs "${day}": night-time consent refines the daytime consent`);
  }

  const optional = site.categories.filter((c) => !c.required);
  const optionalOn = optional.filter((c) => categories[c.id]).map((c) => c.id);
  const channelsOn = Object.keys(channels).filter((id) => channels[id]);
  if (action === 'accept_all') {
    for (const c of optional)
      if (categories[c.id] === false) add(['choices', 'categories', c.id], '"accept_all" must allow every category');
  }
  if (action === 'reject_all' || action === 'withdraw') {
    for (const id of optionalOn) add(['choices', 'categories', id], `"${action}" must refuse every optional category`);
    for (const id of channelsOn) add(['choices', 'channels', id], `"${action}" must refuse every marketing channel`);
  }
  if (action === 'reconfirm') {
    if (!previous) add(['action'], '"reconfirm" needs an earlier decision of this subject to re-confirm');
    else {
      for (const c of site.categories) {
        if (!!categories[c.id] !== !!previous.categories[c.id])
          add(['choices', 'categories', c.id], '"reconfirm" keeps the cookie choices as they were');
      }
      for (const id of channelsOn) {
        if (!previous.channels[id])
          add(
            ['choices', 'channels', id],
            '"reconfirm" cannot grant a channel that was not consented before (record it as "custom")',
          );
      }
    }
  }
  return issues;
}

/**
 * A `gpc` receipt is the automatic opt-out a browser's Global Privacy Control asks for: it needs the signal, and it
 * may not allow any advertising category (one mapped to an `ad_*` Consent Mode type).
 */
export function gpcIssues(method: string, gpc: boolean, choices: Choices, site: ChoiceSite): FieldIssue[] {
  if (method !== 'gpc') return [];
  const issues: FieldIssue[] = [];
  if (!gpc)
    issues.push({
      path: ['signals', 'gpc'],
      message: 'must be true: method "gpc" records an opt-out the browser asked for',
    });
  for (const c of site.categories) {
    if (choices.categories[c.id] && c.consentMode?.some((t) => t.startsWith('ad_')))
      issues.push({
        path: ['choices', 'categories', c.id],
        message: 'is advertising: a "gpc" opt-out cannot allow it',
      });
  }
  return issues;
}

/** What a `reconfirm` may say: the cookie choices as they were, and no channel that was not consented before. */
export function keepsForReconfirm(choices: Choices, site: ChoiceSite, previous: Choices): boolean {
  return (
    site.categories.every((c) => !!choices.categories[c.id] === !!previous.categories[c.id]) &&
    Object.keys(choices.channels).every((id) => !choices.channels[id] || !!previous.channels[id])
  );
}

/**
 * The action a free choice (the settings dialog, the dashboard's form) is recorded as: every optional category
 * on is `accept_all`, nothing optional on is `withdraw` when there was a decision and `reject_all` otherwise,
 * and `reconfirm` only when asked to re-confirm and the choice keeps to what `reconfirm` may say.
 */
export function actionFor(
  choices: Choices,
  site: ChoiceSite,
  previous: Choices | undefined,
  reconfirming = false,
): Action {
  if (reconfirming && previous && keepsForReconfirm(choices, site, previous)) return 'reconfirm';
  const optional = site.categories.filter((c) => !c.required);
  const channelsOn = Object.values(choices.channels).some(Boolean);
  if (!optional.some((c) => choices.categories[c.id]) && !channelsOn) return previous ? 'withdraw' : 'reject_all';
  if (optional.every((c) => choices.categories[c.id])) return 'accept_all';
  return 'custom';
}

/** A choice map's entries in the site's order (a stored record's keys are sorted), then any the site no longer has. */
export function inSiteOrder(choices: Record<string, boolean>, ids: readonly string[] = []): [string, boolean][] {
  return [...ids.filter((id) => id in choices), ...Object.keys(choices).filter((id) => !ids.includes(id))].map((id) => [
    id,
    !!choices[id],
  ]);
}
