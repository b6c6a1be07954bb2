import type { PublicSiteConfig } from '../../protocol';
import { localizedText } from '../../protocol/localized-text';
import { policyComing, policyInForce } from '../../protocol/policy-dates';

/** Picks a site text in the visitor's language by the one rule (protocol/localized-text.ts). */
export function texts(config: PublicSiteConfig, lang: string) {
  return <T = string>(r: Readonly<Record<string, T>> | undefined) =>
    (localizedText(r, lang, config.defaultLanguage) ?? '') as T;
}

/** The notice in force today (the site's calendar) and, if announced, the next one with its effective date. */
export function policies(config: PublicSiteConfig, today: string) {
  return { current: policyInForce(config.policies, today), coming: policyComing(config.policies, today) };
}

/** A policy day (YYYY-MM-DD) written the visitor's way: "1 March 2027", "2027년 3월 1일". */
export const localDay = (day: string, lang: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString(lang, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
