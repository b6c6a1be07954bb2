import { choiceChannels, type ChoiceChannel } from './channels';
import type { SiteConfig } from './site-config-schema';
import { zoneOffsets, type ZoneOffsets } from './zone-offsets';

const YEAR = 365.25 * 86_400_000;

/**
 * What the loader needs to decide, without fetching anything, whether a visitor must be asked and which scripts
 * may run. The collector embeds one per site in `/assent.js`; the full texts are fetched only when the UI opens.
 */
export interface LoaderSite {
  id: string;
  revision: string;
  languages: string[];
  defaultLanguage: string;
  /** Tried after the visitor's languages, before the default (config `fallbackLanguages`, else English if listed). */
  fallbacks: string[];
  /** The site's IANA time zone: policy dates are days in it. */
  timezone: string;
  /** Its UTC offsets from 2020 to ten years after the table was made (the loader reads days from it, not Intl). */
  zone: ZoneOffsets;
  /** [id, noticeDate, effectiveDate], oldest first. */
  policies: [string, string, string][];
  categories: { id: string; required: boolean; consentMode: string[]; cookies: string[] }[];
  /** Choice keys of the marketing channels (night-time refinements included). */
  channels: ChoiceChannel[];
  consentDays: number;
  /** Days a refusal holds (config `lifetimes.refusalDays`, else `consentDays`). */
  refusalDays: number;
  reconfirmDays: number;
  /** The domain the consent cookie is set for (config `cookieDomain`): shared by the site's subdomains. */
  cookieDomain?: string;
  children: boolean;
  /** Categories that give data to third parties, where the site never shares children's data: off for a child. */
  noChildSharing: string[];
}

/** `at`: when the table is made (the zone's offsets run ten years from it). */
export function toLoaderSite(
  config: Omit<SiteConfig, 'origins' | 'webhooks'>,
  revision: string,
  at: number,
): LoaderSite {
  return {
    id: config.id,
    revision,
    languages: config.languages,
    defaultLanguage: config.defaultLanguage,
    fallbacks: config.fallbackLanguages ?? config.languages.filter((l) => l === 'en'),
    timezone: config.timezone,
    zone: zoneOffsets(config.timezone, Date.UTC(2020, 0, 1), at + 10 * YEAR),
    policies: config.policies.map((p) => [p.id, p.noticeDate, p.effectiveDate]),
    categories: config.categories.map((c) => ({
      id: c.id,
      required: c.required,
      consentMode: c.consentMode,
      cookies: c.services.flatMap((s) => s.cookies),
    })),
    channels: choiceChannels(config.channels),
    consentDays: config.lifetimes.consentDays,
    refusalDays: config.lifetimes.refusalDays ?? config.lifetimes.consentDays,
    reconfirmDays: config.lifetimes.marketingReconfirmDays,
    ...(config.cookieDomain ? { cookieDomain: config.cookieDomain } : {}),
    children: config.children.enabled,
    noChildSharing:
      config.children.enabled && !config.children.shareWithThirdParties
        ? config.categories.filter((c) => c.thirdParty).map((c) => c.id)
        : [],
  };
}
