import type { PublicSiteConfig } from '../../protocol';

/** Picks a site text in the visitor's language, else the site's default language. */
export function texts(config: PublicSiteConfig, lang: string) {
  const t = (r: Record<string, string> | undefined) => r?.[lang] ?? r?.[config.defaultLanguage] ?? '';
  return t;
}

/** The notice in force today and, if announced, the next one with its effective date. */
export function policies(config: PublicSiteConfig, today: string) {
  let current = config.policies[0]!;
  for (const p of config.policies) if (p.effectiveDate <= today) current = p;
  const coming = config.policies.find((p) => p.effectiveDate > today && p.noticeDate <= today);
  return { current, coming };
}
