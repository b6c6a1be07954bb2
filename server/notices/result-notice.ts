import {
  RESULT_NOTICE_DAYS,
  localizedText,
  optInsOf,
  upgradeLegacyChannels,
  type ChannelResult,
  type MarketingChannel,
  type Medium,
  type PublicSiteConfig,
  type StoredReceipt,
} from '../../protocol';
import type { SiteRegistry } from '../sites/site-registry';
import type { NoticeRule } from '../store/receipt-batch';

/**
 * The notice the sender must give the recipient within 14 days of a marketing consent, refusal or withdrawal
 * (ICN Act Art. 50(7), Enforcement Decree Art. 62-2): who sends (name and contact), when, what was done and the
 * result, per channel. Delivered to the site's webhook with the member reference, so the site's mailer or SMS
 * gateway can address it; shown at once on screen by the widget.
 */
export interface ResultNotice {
  v: 2;
  receipt: string;
  /** The subject's receipt before this one (null: the first). */
  previous: string | null;
  site: string;
  sender: { name: string; phone?: string; email?: string };
  subject: string;
  member?: string;
  decidedAt: string;
  /** The last day to give it: 14 days after the decision. */
  dueBy: string;
  action: StoredReceipt['action'];
  method: StoredReceipt['method'];
  language: string;
  results: { channel: string; medium: Medium; label: string; result: ChannelResult; consentedAt?: string }[];
}

type Config = Pick<PublicSiteConfig, 'controller' | 'defaultLanguage'> & { channels: readonly unknown[] };

/**
 * A config revision's opt-ins; revisions served before channels had a medium are read the way their config is.
 * Worked out once per revision (every receipt asks: the check and the result notice).
 */
export const optInsOfRevision = (config: { channels: readonly unknown[] }) => {
  let optIns = revisionOptIns.get(config.channels);
  if (!optIns)
    revisionOptIns.set(
      config.channels,
      (optIns = optInsOf(
        (upgradeLegacyChannels({ channels: config.channels }).input as { channels: MarketingChannel[] }).channels,
      )),
    );
  return optIns;
};
const revisionOptIns = new WeakMap<readonly unknown[], ReturnType<typeof optInsOf>>();

/**
 * The notice a receipt calls for, given what it did to each channel (protocol/channel-state.ts), or undefined
 * when it changed none. One function for the store (in the append transaction) and for `assent verify`.
 */
export function noticeFor(
  receipt: Pick<
    StoredReceipt,
    'id' | 'site' | 'subject' | 'member' | 'receivedAt' | 'action' | 'method' | 'language'
  > & {
    previous: string | null;
  },
  results: Readonly<Record<string, ChannelResult>>,
  consentedAt: Readonly<Record<string, string | undefined>>,
  config: Config,
): ResultNotice | undefined {
  const optIns = optInsOfRevision(config).filter((o) => o.id in results);
  if (!optIns.length) return undefined;
  const text = (t: Record<string, string>) => localizedText(t, receipt.language, config.defaultLanguage) ?? '';
  const { controller } = config;
  return {
    v: 2,
    receipt: receipt.id,
    previous: receipt.previous,
    site: receipt.site,
    sender: {
      name: text(controller.name),
      ...(controller.phone ? { phone: controller.phone } : {}),
      ...(controller.email ? { email: controller.email } : {}),
    },
    subject: receipt.subject,
    ...(receipt.member ? { member: receipt.member } : {}),
    decidedAt: receipt.receivedAt,
    dueBy: new Date(Date.parse(receipt.receivedAt) + RESULT_NOTICE_DAYS * 86_400_000).toISOString(),
    action: receipt.action,
    method: receipt.method,
    language: receipt.language,
    results: optIns.map((o) => ({
      channel: o.id,
      medium: o.medium,
      label: text(o.facts.label),
      result: results[o.id]!,
      ...(consentedAt[o.id] ? { consentedAt: consentedAt[o.id] } : {}),
    })),
  };
}

/** The notice of a receipt made before protocol 2: each channel whose state differs from the previous receipt. */
export interface LegacyResultNotice {
  receipt: string;
  previous: string | null;
  site: string;
  sender: string;
  subject: string;
  member?: string;
  decidedAt: string;
  changes: Record<string, boolean>;
  action: StoredReceipt['action'];
  method: StoredReceipt['method'];
}

type Channels = Record<string, boolean | undefined>;

/** What a protocol-1 receipt called for when it was stored (kept so `assent verify` checks old logs as they are). */
export function legacyNoticeFor(
  receipt: Pick<StoredReceipt, 'id' | 'site' | 'subject' | 'member' | 'receivedAt' | 'action' | 'method'> & {
    choices: { channels: Channels };
  },
  previous: { id: string; choices: { channels: Channels } } | undefined,
  channelIds: readonly string[],
  sender: string,
): LegacyResultNotice | undefined {
  const before = previous?.choices.channels ?? {};
  const after = receipt.choices.channels;
  const ids = channelIds.filter((id) => receipt.action === 'reconfirm' || !!after[id] !== !!before[id]);
  if (!ids.length) return undefined;
  return {
    receipt: receipt.id,
    previous: previous?.id ?? null,
    site: receipt.site,
    sender,
    subject: receipt.subject,
    member: receipt.member,
    decidedAt: receipt.receivedAt,
    changes: Object.fromEntries(ids.map((id) => [id, !!after[id]])),
    action: receipt.action,
    method: receipt.method,
  };
}

/** The rule the store applies to every receipt it appends: the notice, by the config revision it was made under. */
/** The part of a revision's config a result notice is made from (sent to the writer thread once per revision). */
export type NoticeConfig = Config;

/** The config a receipt's notice is made from: its revision's (the current one for a revision no longer known). */
export const noticeConfigOf =
  (sites: SiteRegistry) =>
  (site: string, revision: string): NoticeConfig | undefined =>
    sites.revision(site, revision)?.config ?? sites.get(site)?.config;

export const noticeRule = (sites: SiteRegistry): NoticeRule => noticeRuleOf(noticeConfigOf(sites));

/** The notice rule over a lookup of configs by site and revision (the writer thread keeps its own). */
export function noticeRuleOf(configOf: (site: string, revision: string) => NoticeConfig | undefined): NoticeRule {
  return (receipt, results, consentedAt) => {
    const config = configOf(receipt.site, receipt.configRevision);
    if (!config?.channels.length) return undefined;
    return noticeFor(receipt, results, consentedAt, config);
  };
}
