import { dateInZone, indexInForce } from '../protocol/policy-dates';
import { pick, type Lang, type Strings } from './i18n';
import type { Receipt, SiteInfo } from './types';

/** A time in the viewer's locale and time zone, seconds included (receipts are evidence). */
export const time = (iso: string, lang: string) =>
  new Date(iso).toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** The site's own name for a category or channel, in the dashboard's language. */
export const choiceLabel = (site: SiteInfo, lang: Lang, id: string) =>
  pick([...site.categories, ...site.channels, ...site.consents].find((c) => c.id === id)?.label, lang, site) || id;

/** "Analytics yes, Marketing no · Marketing email yes" — what a receipt allowed, short enough for a table cell. */
export const choices = (r: Pick<Receipt, 'choices'>, t: Strings, site: SiteInfo, lang: Lang) =>
  [r.choices.categories, r.choices.channels, r.choices.consents]
    .map((group) =>
      Object.entries((group ?? {}) as Record<string, boolean>)
        .map(([k, on]) => `${choiceLabel(site, lang, k)} ${on ? t.yes : t.no}`)
        .join(', '),
    )
    .filter(Boolean)
    .join(' · ');

export const label = (t: Strings, key: string) => (t as unknown as Record<string, string>)[key] ?? key;

/** Saves a blob as a file, the way a download link would. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The policy a decision recorded now is made under: the one in force today in the site's time zone (not the viewer's, not UTC). */
export const policyToRecord = (site: Pick<SiteInfo, 'policies' | 'timezone'>, now: number) =>
  site.policies[
    indexInForce(
      site.policies.map((p) => p.effective),
      dateInZone(now, site.timezone),
    )
  ]!;
