import {
  RESULT_NOTICE_DAYS,
  localizedText,
  type NoticeStatus,
  type SiteConfig,
  type StaffNotice,
} from '../../protocol';
import type { ListedNotice } from '../store/staff-queries';
import type { LegacyResultNotice, ResultNotice } from './result-notice';
import { optInsOfRevision } from './result-notice';

const DAY = 86_400_000;

/**
 * A stored result notice as the officer reads it: its results per channel and where it stands — delivered; late
 * (`overdue`, past the 14 days of Decree Art. 62-2); a delivery attempt failed (`failed`); or still `due`.
 * Notices made before protocol 2 (a map of changes, the sender's name only) are shown in the same form.
 */
export function staffNotice(row: ListedNotice, now: Date, config: SiteConfig): StaffNotice {
  const n = row.notice as ResultNotice | LegacyResultNotice;
  const v2 = 'v' in n && n.v === 2;
  const dueBy = v2 ? n.dueBy : new Date(Date.parse(n.decidedAt) + RESULT_NOTICE_DAYS * DAY).toISOString();
  const labels = optInsOfRevision(config);
  const label = (id: string) =>
    localizedText(labels.find((o) => o.id === id)?.facts.label, config.defaultLanguage, config.defaultLanguage) ?? id;
  const results = v2
    ? n.results.map((r) => ({
        channel: r.channel,
        label: r.label,
        result: r.result,
        ...(r.consentedAt ? { consentedAt: r.consentedAt } : {}),
      }))
    : Object.entries((n as LegacyResultNotice).changes).map(([channel, on]) => ({
        channel,
        label: label(channel),
        result: on ? 'consented' : 'withdrawn',
      }));
  const status: NoticeStatus = row.deliveredAt
    ? 'delivered'
    : now.toISOString() > dueBy
      ? 'overdue'
      : row.lastError
        ? 'failed'
        : 'due';
  return {
    receipt: n.receipt,
    subject: n.subject,
    ...(n.member ? { member: n.member } : {}),
    sender: v2 ? n.sender.name : (n as LegacyResultNotice).sender,
    decidedAt: n.decidedAt,
    dueBy,
    status,
    results,
    attempts: row.attempts,
    deliveredAt: row.deliveredAt,
    deliveredVia: row.deliveredVia,
    lastError: row.lastError,
  };
}
