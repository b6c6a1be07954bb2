import type { Finding, ScanRow } from './scan-findings';

/** The scan as a person reads it: what was seen, per visit, named; then what is wrong. */
export function scanReport(url: string, pages: string[], rows: ScanRow[], findings: Finding[]): string {
  const table = [
    ['what', 'name', 'domain', 'seen', 'category', 'service', 'set by'],
    ...rows.map((r) => [
      r.kind,
      r.name,
      r.domain,
      r.phases.join(' '),
      r.category ?? '—',
      r.service ?? '—',
      r.setter ? r.setter.replace(/^https?:\/\/[^/]+/, '') : '',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.min(48, Math.max(...table.map((row) => row[i]!.length))));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.slice(0, 48).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `assent scan ${url}`,
    `pages: ${pages.join(', ')}`,
    'visits: before (no choice), reject (after "reject all"), accept (after "accept all")',
    '',
    line(table[0]!),
    ...table.slice(1).map(line),
    '',
    findings.length
      ? [
          `${findings.length} finding${findings.length > 1 ? 's' : ''}:`,
          ...findings.map((f) => `  ${f.kind.padEnd(15)} ${f.what}: ${f.detail}`),
        ].join('\n')
      : 'no findings: nothing optional before a choice or after a refusal, everything declared, everything declared seen',
    '',
  ].join('\n');
}
