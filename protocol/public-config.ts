import type { SiteConfig } from './site-config-schema';

/** The part of a site config the widget needs; `revision` changes whenever any of it changes. */
export type PublicSiteConfig = Omit<SiteConfig, 'origins'> & { revision: string };

export function toPublicConfig(config: SiteConfig, revision: string): PublicSiteConfig {
  const { origins: _private, ...rest } = config;
  return { ...rest, revision };
}

/** The policy version in force on `date` (YYYY-MM-DD): the last one whose effective date has come. */
export function policyInForce(config: Pick<SiteConfig, 'policies'>, date: string) {
  let current = config.policies[0];
  for (const p of config.policies) if (p.effectiveDate <= date) current = p;
  return current!;
}
