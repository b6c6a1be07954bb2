import { html } from 'hono/html';
import type { JWK } from 'jose';
import { inSiteOrder, localizedText, optInsOf, type SiteConfig, type StoredReceipt } from '../../protocol';
import { LABELS } from './receipt-page-labels';
import { verifyReceipt } from './receipt-proof';

export type PageLabels = (typeof LABELS)[keyof typeof LABELS];
export const labelsFor = (language: string): PageLabels => LABELS[language as keyof typeof LABELS] ?? LABELS.en;

/** The visitor's receipt as a page in their language, its signature checked, choices named as they were shown. */
export async function receiptPage(
  r: StoredReceipt,
  jwks: { keys: JWK[] },
  site: SiteConfig | undefined,
  /** The exact notice the receipt refers to (canonical JSON, from the config revision the receipt was made under). */
  seen?: string,
) {
  const t = labelsFor(r.language);
  const home = site?.origins[0];
  return html`<!doctype html>
<html lang="${r.language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title} ${r.id}</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:24px auto;padding:0 16px">
<h1>${t.title}</h1>
<p>${localizedText(site?.name, r.language, site?.defaultLanguage ?? r.language) ?? r.site} · ${t.policy} ${r.policy}</p>
${await receiptSection(r, jwks, site, seen, t, r.language, false)}
${home ? html`<h2>${t.change}</h2><p>${t.changeText} <a href="${home}">${home}</a></p>` : ''}
</body></html>`;
}

/**
 * One receipt, in `language`: what was decided and how, when (in the site's time zone, with the UTC instant), the
 * notice's hash, whether the signature holds, each choice by the name it was shown with, and the notice's sections
 * (`print`: all open, for a document meant to be read whole or printed).
 */
export async function receiptSection(
  r: StoredReceipt,
  jwks: { keys: JWK[] },
  site: SiteConfig | undefined,
  seen: string | undefined,
  t: PageLabels,
  language: string,
  print: boolean,
) {
  const h = print ? 3 : 2;
  const text = (x: Record<string, string> | undefined, fallback: string) =>
    localizedText(x, language, site?.defaultLanguage ?? language) ?? fallback;
  const verified = await verifyReceipt(r, jwks);
  const optIns = site ? optInsOf(site.channels) : [];
  const label = (id: string) =>
    text(
      site?.categories.find((c) => c.id === id)?.label ??
        optIns.find((c) => c.id === id)?.facts.label ??
        site?.consents.find((c) => c.id === id)?.label,
      id,
    );
  const rows = [
    ...inSiteOrder(
      r.choices.categories,
      site?.categories.map((c) => c.id),
    ),
    ...inSiteOrder(
      r.choices.channels,
      optIns.map((c) => c.id),
    ),
    ...inSiteOrder(
      r.choices.consents,
      site?.consents.map((c) => c.id),
    ),
  ];
  const when = new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: 'long',
    timeZone: site?.timezone ?? 'UTC',
  }).format(new Date(r.receivedAt));
  const notice = seen ? (JSON.parse(seen) as { notice?: Record<string, string> }).notice : undefined;
  const signature = verified.ok
    ? t.valid.replace('{kid}', verified.kid)
    : t.invalid.replace('{reason}', verified.reason);
  return html`<p><strong>${(t.actions as Record<string, string>)[r.action] ?? r.action}</strong>
${(t.methods as Record<string, string>)[r.method] ?? r.method}</p>
<dl>
<dt>${t.receipt}</dt><dd><code>${r.id}</code></dd>
<dt>${t.recorded}</dt><dd>${t.local.replace('{local}', when).replace('{utc}', r.receivedAt)}</dd>
<dt>${t.notice}</dt><dd><code>${r.notice.hash}</code> (${r.notice.language}) · ${t.policy} ${r.policy}</dd>
<dt>${t.signature}</dt><dd>${signature}</dd>
${r.signals.regime ? html`<dt>${t.regime}</dt><dd>${r.signals.regime}${r.country ? ` (${r.country})` : ''}</dd>` : ''}
${r.guardian ? html`<dt>${t.guardian}</dt><dd>${r.guardian.name} (${r.guardianCheck?.status ?? ''})</dd>` : ''}
</dl>
<h${h}>${t.choices}</h${h}>
<ul>${rows.map(([id, on]) => html`<li>${on ? '✔' : '✘'} ${label(id)}: ${on ? t.yes : t.no}</li>`)}</ul>
${notice ? noticeSection(notice, t, print, h) : ''}`;
}

const SECTIONS = ['summary', 'items', 'purposes', 'retention', 'rights', 'cookies', 'refusal'] as const;

/** The notice's sections as the visitor read them. */
function noticeSection(notice: Record<string, string>, t: PageLabels, print: boolean, h: number) {
  return html`<h${h}>${t.seen}</h${h}>
${SECTIONS.filter((k) => notice[k]).map(
  (k) => html`<details${k === 'summary' || print ? ' open' : ''}><summary>${t.sections[k]}</summary>
<p style="white-space:pre-line">${notice[k]}</p></details>`,
)}`;
}
