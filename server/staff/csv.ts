import type { StoredReceipt } from '../../protocol';

export const CSV_HEADER = ['id', 'site', 'subject', 'member', 'policy', 'language', 'action', 'method', 'receivedAt', 'decidedAt', 'categories', 'channels', 'gpc', 'guardian', 'recordedBy', 'noticeHash', 'signature'];

/**
 * One CSV field (RFC 4180 quoting). A leading = + - @ tab or CR gets a ' in front, so a spreadsheet shows the
 * text instead of running it as a formula (OWASP CSV injection); the exact value stays in the JSON exports.
 */
export function csvField(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const pairs = (r: Record<string, boolean>) => Object.entries(r).map(([k, v]) => `${k}=${v ? 'yes' : 'no'}`).join(' ');

export function csvRow(r: StoredReceipt): string {
  return [r.id, r.site, r.subject, r.member, r.policy, r.language, r.action, r.method, r.receivedAt, r.signals.decidedAt, pairs(r.choices.categories), pairs(r.choices.channels), r.signals.gpc, r.guardian?.name, r.recordedBy?.staffId, r.notice.hash, r.signature]
    .map(csvField)
    .join(',');
}
