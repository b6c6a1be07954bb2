import type { StoredReceipt } from '../../protocol';
import type { SiteRegistry } from '../sites/site-registry';
import type { NoticeRule } from '../store/receipt-batch';

/** The notice a data subject must get of a marketing consent, refusal or withdrawal (sender, date, what changed). */
export interface ResultNotice {
  receipt: string;
  /** The subject's receipt before this one, whose channels this one is compared with (null: the first). */
  previous: string | null;
  site: string;
  sender: string;
  subject: string;
  member?: string;
  decidedAt: string;
  /** Each channel whose state changed: true = consent given, false = refused or withdrawn. */
  changes: Record<string, boolean>;
  action: StoredReceipt['action'];
  method: StoredReceipt['method'];
}

type Channels = Record<string, boolean | undefined>;

/**
 * The notice a receipt calls for, or undefined: a re-confirmation is reported in full; otherwise each channel
 * whose state differs from the subject's previous receipt. `sender` is the site's name in the config revision
 * the receipt was made under. One function for the job that makes notices and for `assent verify`.
 */
export function noticeFor(
  receipt: Pick<StoredReceipt, 'id' | 'site' | 'subject' | 'member' | 'receivedAt' | 'action' | 'method'> & {
    choices: { channels: Channels };
  },
  previous: { id: string; choices: { channels: Channels } } | undefined,
  channelIds: readonly string[],
  sender: string,
): ResultNotice | undefined {
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

/** The rule the store applies to every receipt it appends: the notice, by the config revision the receipt was made under. */
export function noticeRule(sites: SiteRegistry): NoticeRule {
  return (receipt, previous) => {
    const config = sites.revision(receipt.site, receipt.configRevision)?.config ?? sites.get(receipt.site)?.config;
    if (!config?.channels.length) return undefined;
    return noticeFor(
      receipt,
      previous,
      config.channels.map((c) => c.id),
      config.controller.name[config.defaultLanguage]!,
    );
  };
}
