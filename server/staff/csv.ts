import type { ListedReceipt } from '../store/staff-queries';

/**
 * One CSV field (RFC 4180 quoting). A leading = + - @ tab or CR gets a ' in front, so a spreadsheet shows the
 * text instead of running it as a formula (OWASP CSV injection); the exact value stays in the JSON exports.
 */
export function csvField(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line of any values: the only way Assent writes CSV. */
export const csvLine = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\r\n`;

export const CSV_RECEIPT_HEADER = [
  'id',
  'site',
  'subject',
  'member',
  'policy',
  'language',
  'action',
  'method',
  'receivedAt',
  'decidedAt',
  'categories',
  'channels',
  'form',
  'consents',
  'gpc',
  'regime',
  'country',
  'age',
  'guardian',
  'guardianCheck',
  'recordedBy',
  'noticeHash',
  'signature',
  'erasedAt',
];

const pairs = (r: Record<string, boolean> | undefined) =>
  Object.entries(r ?? {})
    .map(([k, v]) => `${k}=${v ? 'yes' : 'no'}`)
    .join(' ');

export function csvReceipt(r: ListedReceipt): string {
  const live = 'redacted' in r ? undefined : r;
  return csvLine([
    r.id,
    r.site,
    live?.subject,
    live?.member,
    r.policy,
    r.language,
    r.action,
    r.method,
    r.receivedAt,
    r.signals.decidedAt,
    pairs(r.choices.categories),
    pairs(r.choices.channels),
    r.form,
    pairs(r.choices.consents),
    r.signals.gpc,
    r.signals.regime,
    live?.country,
    r.age,
    live?.guardian?.name,
    r.guardianCheck &&
      [r.guardianCheck.status, r.guardianCheck.method, r.guardianCheck.verifies].filter(Boolean).join(' '),
    r.recordedBy?.staffId,
    r.notice.hash,
    live?.signature,
    'redacted' in r ? r.redacted.at : undefined,
  ]);
}
