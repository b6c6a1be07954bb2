import { dateInZone } from '../../protocol/policy-dates';
import type { Clock } from '../app';
import type { Site } from '../sites/site-registry';
import type { BannerRenderer } from './widget-files';

// Why a returning visitor is asked again; a first visit sends none. The re-confirmation prompt is not prerendered.
export const PAINT_REASONS = new Set(['new-policy', 'new-config', 'expired']);
const MAX_CACHED = 500;

/** What the loader paints: the banner's HTML for a site, language, reason and GPC state, on the site's today. */
export interface Paint {
  lang: string;
  html: string;
  css: string;
}

/**
 * Renders banners with the widget's own component (dist/widget/prerender.js), cached by site revision, language,
 * reason, GPC and the site's calendar day (a coming policy version shows from its notice date).
 */
export function bannerPainter(renderer: BannerRenderer, clock: Clock) {
  const cache = new Map<string, { paint: Paint; today: string }>();
  return (site: Site, lang: string, reason: string | undefined, gpc: boolean) => {
    const today = dateInZone(clock.now().getTime(), site.config.timezone);
    const key = `${site.config.id} ${site.revision} ${lang} ${reason} ${gpc} ${today}`;
    let hit = cache.get(key);
    if (!hit) {
      if (cache.size >= MAX_CACHED) cache.clear();
      const html = renderer.renderBanner({ config: site.publicConfig, lang, today, reason, gpc });
      cache.set(key, (hit = { paint: { lang, html, css: renderer.css }, today }));
    }
    return { paint: hit.paint, key };
  };
}
