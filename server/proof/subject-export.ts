import { html } from 'hono/html';
import type { JWK } from 'jose';
import { localizedText, type SiteConfig, type StoredReceipt } from '../../protocol';
import { labelsFor, receiptSection } from './receipt-page';

/** One receipt of the person, the exact notice it points at (canonical JSON) and its signature's state. */
export interface ExportedReceipt {
  receipt: StoredReceipt;
  notice: { hash: string; language: string; text: string } | null;
}

/**
 * Everything recorded about one person on a site, for their access request (PIPA Art. 35, GDPR Art. 15): a page in
 * their language meant to be printed or saved as PDF — every decision, newest first, with its signature's state and
 * the notice they saw — to hand over as it is.
 */
export async function subjectExportPage(
  subject: string,
  receipts: readonly ExportedReceipt[],
  site: SiteConfig,
  jwks: { keys: JWK[] },
  language: string,
  now: Date,
) {
  const t = labelsFor(language);
  const name = localizedText(site.name, language, site.defaultLanguage) ?? site.id;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: site.timezone }).format(now);
  const newest = [...receipts].reverse();
  const sections = await Promise.all(
    newest.map(
      async ({ receipt, notice }) => html`<section class="receipt">
<h2>${new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: site.timezone }).format(
        new Date(receipt.receivedAt),
      )} — ${(t.actions as Record<string, string>)[receipt.action] ?? receipt.action}</h2>
${await receiptSection(receipt, jwks, site, notice?.text, t, language, true)}
</section>`,
    ),
  );
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.exportTitle} — ${name}</title>
<style>
body{font:15px/1.55 system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1b1f24}
:lang(ko){word-break:keep-all}h1{font-size:1.6em}h2{font-size:1.15em;margin-top:2em;border-top:1px solid #c9ced6;padding-top:1em}
dt{font-weight:600}dd{margin:0 0 .4em}code{font-size:.85em;word-break:break-all}details>summary{font-weight:600}
@media print{body{margin:0;max-width:none}section.receipt{break-inside:avoid-page}details>summary{list-style:none}}
</style></head>
<body>
<h1>${t.exportTitle} — ${name}</h1>
<p>${t.exportFor.replace('{date}', date).replace('{subject}', subject)}</p>
${sections.length ? sections : html`<p>${t.exportNone}</p>`}
</body></html>`;
}
