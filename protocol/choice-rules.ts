import type { Action } from './constants';

export type { Action };
import type { ChoiceChannel } from './channels';
import { choiceChannels } from './channels';
import type { FieldIssue } from './issues';

/** What the rules need to know of a site (or of the config revision the visitor saw). */
export interface ChoiceSite {
  categories: readonly { id: string; required: boolean; consentMode?: readonly string[] }[];
  /** Choice keys: each channel and each night-time refinement (protocol/channels.ts). */
  channels: readonly ChoiceChannel[];
}

/**
 * What one decision says. `categories` is absent when the decision is not about cookies (a sign-up form's or a
 * re-confirmation's marketing choices); `channels` names only the channels the decision was about — a cookie
 * banner that shows no opt-ins names none, so it cannot move a marketing consent.
 */
export interface Choices {
  categories?: Record<string, boolean>;
  channels: Record<string, boolean>;
  /** A form's consents (form-rules.ts checks them against the form). */
  consents?: Record<string, boolean>;
}

/** The site's choice rules from a config (its channels expanded into choice keys). */
export const choiceSite = (config: {
  categories: ChoiceSite['categories'];
  channels: readonly { id: string; night?: unknown }[];
}): ChoiceSite => ({ categories: config.categories, channels: choiceChannels(config.channels) });

/**
 * A decision's snapshot from what was chosen: when it is about cookies, a choice for every category (strictly
 * necessary ones on); the channels it names (known ones only), night-time consent off without its daytime consent.
 */
export function choiceSnapshot(site: ChoiceSite, chosen: Partial<Choices>): Choices {
  const channels: Record<string, boolean> = {};
  for (const c of site.channels)
    if (chosen.channels && c.id in chosen.channels) channels[c.id] = !!chosen.channels[c.id];
  for (const c of site.channels) if (c.refines && channels[c.id] && !channels[c.refines]) channels[c.id] = false;
  if (!chosen.categories) return { channels };
  return {
    categories: Object.fromEntries(site.categories.map((c) => [c.id, c.required || !!chosen.categories?.[c.id]])),
    channels,
  };
}

/**
 * The one rule of what a decision may say, used by the collector (both routes), the widget and the dashboard:
 * a cookie decision has a choice for every category and nothing else, strictly necessary ones on; channels named
 * must be the site's, night-time consent only with its daytime consent named and on, and named whenever its
 * daytime consent is; and the action agrees —
 * `accept_all` allows every category; `reject_all` allows no optional category and no channel it names;
 * `withdraw` refuses every optional category and names every channel, all off; a decision without categories is
 * `custom` or `reconfirm`; `reconfirm` (of marketing consent, ICN Act Art. 50(8)) names channels only, and turns
 * on none that is not consented now. `granted` is the subject's current marketing consents (only `reconfirm`
 * needs them).
 */
export function choiceIssues(
  action: Action,
  choices: Choices,
  site: ChoiceSite,
  granted?: Readonly<Record<string, boolean>>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });
  const { categories, channels } = choices;

  if (categories) {
    for (const id of Object.keys(categories)) {
      if (!site.categories.some((c) => c.id === id))
        add(['choices', 'categories', id], 'is not a cookie category of this site');
    }
    for (const c of site.categories) {
      if (!(c.id in categories))
        add(['choices', 'categories', c.id], 'is missing: a cookie decision records a choice for every category');
      else if (c.required && !categories[c.id])
        add(['choices', 'categories', c.id], 'is strictly necessary and cannot be refused');
    }
  } else if (action !== 'custom' && action !== 'reconfirm')
    add(['choices', 'categories'], `is missing: "${action}" is a cookie decision and records every category`);
  else if (!Object.keys(channels).length && !choices.consents)
    add(['choices'], "is empty: a decision records cookie choices, marketing choices or a form's consents");
  for (const id of Object.keys(channels)) {
    if (!site.channels.some((c) => c.id === id))
      add(['choices', 'channels', id], 'is not a marketing channel of this site');
  }
  for (const c of site.channels) {
    if (c.refines && channels[c.id] && !channels[c.refines])
      add(['choices', 'channels', c.id], `needs "${c.refines}": night-time consent refines the daytime consent`);
    // Withdrawing the daytime consent while leaving the night-time one on would keep a night consent alone.
    else if (c.refines && c.refines in channels && !(c.id in channels))
      add(['choices', 'channels', c.id], `is missing: it is decided together with "${c.refines}"`);
  }

  const optional = site.categories.filter((c) => !c.required);
  const optionalOn = categories ? optional.filter((c) => categories[c.id]).map((c) => c.id) : [];
  const channelsOn = Object.keys(channels).filter((id) => channels[id]);
  if (action === 'accept_all' && categories) {
    for (const c of optional)
      if (categories[c.id] === false) add(['choices', 'categories', c.id], '"accept_all" must allow every category');
  }
  if (action === 'reject_all' || action === 'withdraw') {
    for (const id of optionalOn) add(['choices', 'categories', id], `"${action}" must refuse every optional category`);
    for (const id of channelsOn) add(['choices', 'channels', id], `"${action}" must refuse every marketing channel`);
  }
  if (action === 'withdraw') {
    for (const c of site.channels)
      if (!(c.id in channels))
        add(['choices', 'channels', c.id], 'is missing: "withdraw" withdraws every marketing channel, by name');
  }
  if (action === 'reconfirm') {
    if (categories)
      add(['choices', 'categories'], '"reconfirm" re-confirms marketing consent: it names channels, not cookies');
    for (const id of channelsOn) {
      if (!granted?.[id])
        add(
          ['choices', 'channels', id],
          '"reconfirm" cannot turn on a channel that is not consented now (record it as "custom")',
        );
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
    if (choices.categories?.[c.id] && c.consentMode?.some((t) => t.startsWith('ad_')))
      issues.push({
        path: ['choices', 'categories', c.id],
        message: 'is advertising: a "gpc" opt-out cannot allow it',
      });
  }
  return issues;
}

/** Whether a choice can be recorded as `reconfirm`: channels only, none turned on that is not consented now. */
export function keepsForReconfirm(choices: Choices, granted: Readonly<Record<string, boolean>>): boolean {
  return (
    !choices.categories &&
    Object.keys(choices.channels).length > 0 &&
    Object.keys(choices.channels).every((id) => !choices.channels[id] || !!granted[id])
  );
}

/**
 * The action a free choice (the settings dialog, the dashboard's form) is recorded as: `reconfirm` when asked to
 * re-confirm and the choice keeps to what `reconfirm` may say; a choice without cookie categories is `custom`;
 * every optional category on is `accept_all`; nothing optional and no channel on is `withdraw` when there was a
 * decision and every channel is named, `reject_all` otherwise.
 */
export function actionFor(
  choices: Choices,
  site: ChoiceSite,
  previous: { granted: Readonly<Record<string, boolean>> } | undefined,
  reconfirming = false,
): Action {
  if (reconfirming && previous && keepsForReconfirm(choices, previous.granted)) return 'reconfirm';
  const { categories } = choices;
  if (!categories) return 'custom';
  const optional = site.categories.filter((c) => !c.required);
  const channelsOn = Object.values(choices.channels).some(Boolean);
  const everyChannel = site.channels.every((c) => c.id in choices.channels);
  if (!optional.some((c) => categories[c.id]) && !channelsOn)
    return previous && everyChannel ? 'withdraw' : 'reject_all';
  if (optional.every((c) => categories[c.id])) return 'accept_all';
  return 'custom';
}

/** A choice map's entries in the site's order (a stored record's keys are sorted), then any the site no longer has. */
export function inSiteOrder(
  choices: Record<string, boolean> | undefined,
  ids: readonly string[] = [],
): [string, boolean][] {
  if (!choices) return [];
  return [...ids.filter((id) => id in choices), ...Object.keys(choices).filter((id) => !ids.includes(id))].map((id) => [
    id,
    !!choices[id],
  ]);
}

/**
 * Whether a subject's standing allows nothing beyond the strictly necessary: no optional category in their latest
 * cookie decision, no marketing channel granted, no optional consent in the latest receipt of each form. What a
 * request to suspend processing (PIPA Art. 37, GDPR Art. 18) must leave, checked before the officer may close it.
 */
export function allowsNothingOptional(
  site: Pick<ChoiceSite, 'categories'> & { consents: readonly { id: string; required?: boolean }[] },
  categories: Record<string, boolean> | undefined,
  granted: Readonly<Record<string, boolean>>,
  consents: Readonly<Record<string, boolean>> = {},
): boolean {
  return (
    site.categories.every((c) => c.required || !categories?.[c.id]) &&
    Object.values(granted).every((on) => !on) &&
    site.consents.every((c) => c.required || !consents[c.id])
  );
}
