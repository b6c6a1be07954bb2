import type { SiteConfig } from './site-config-schema';

/**
 * The part of a site config the widget needs, and anyone may read: no origins list and no webhook (whose URL
 * may carry the receiver's secret). `revision` changes whenever any of it changes.
 */
export type PublicSiteConfig = Omit<SiteConfig, 'origins' | 'webhooks'> & { revision: string };

export function toPublicConfig(config: SiteConfig, revision: string): PublicSiteConfig {
  const { origins: _origins, webhooks: _webhooks, ...rest } = config;
  return { ...rest, revision };
}
