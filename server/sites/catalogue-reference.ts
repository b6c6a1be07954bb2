import { CATALOGUE_VERSION, SERVICE_CATALOGUE } from '../../protocol';

/** docs/catalogue.md: every service of the catalogue, as a site config names it (written by `npm run schema`). */
export function catalogueReference(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  // A tag to write is shown as code: `<script …>`, then what it means.
  const gate = (s: string) => s.replace(/^(<[^>]+>)/, '`$1`');
  const rows = Object.entries(SERVICE_CATALOGUE).map(
    ([id, e]) =>
      `| \`${id}\` | ${e.name} | ${e.provider} | ${e.category} | ${e.cookies.map((c) => `\`${c}\``).join(', ') || '—'} | ` +
      `${e.consentMode.join(', ') || '—'} | ${e.hosts.join(', ') || '—'} | ` +
      `${cell(e.purpose.en)} · ${cell(e.purpose.ko)} | ${gate(e.gate)} |`,
  );
  return [
    '# The service catalogue',
    '',
    '<!-- Written by `npm run schema` from protocol/service-catalogue.ts. -->',
    '',
    `Version ${CATALOGUE_VERSION}. A service in a site config can be named from here instead of described in full:`,
    '',
    '```json',
    '"services": [{ "catalogue": "google-analytics" }, { "catalogue": "youtube", "name": "Treatment videos" }]',
    '```',
    '',
    "The catalogue's name, provider, purpose, cookies and retention are put in (purpose and retention in Korean,",
    'English, Japanese and Simplified Chinese, kept to the languages of the site); any field given beside `catalogue`',
    "overrides the catalogue's. The category a service belongs to, and the Consent Mode types that category grants,",
    "stay the site's choice: the columns below say what is usual. `assent scan` names the cookies and the requests it",
    'finds by these entries (hosts).',
    '',
    '| id | name | provider | usual category | cookies | Consent Mode | hosts | purpose | how to hold its tag |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
