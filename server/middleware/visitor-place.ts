import type { Context } from 'hono';
import type { Place } from '../../protocol';

/**
 * The headers a CDN or proxy puts the visitor's country (ISO 3166-1 alpha-2) and subdivision (the part of ISO
 * 3166-2 after the dash) in. Cloudflare sends the subdivision with its "Add visitor location headers" transform.
 */
/** The country header's name, and the subdivision header's if the source sends one (lower case). */
export type GeoHeaders = readonly [string, string?];

export const GEO_SOURCES: Readonly<Record<string, GeoHeaders>> = {
  cloudflare: ['cf-ipcountry', 'cf-region-code'],
  cloudfront: ['cloudfront-viewer-country', 'cloudfront-viewer-country-region'],
  vercel: ['x-vercel-ip-country', 'x-vercel-ip-country-region'],
  'app-engine': ['x-appengine-country', 'x-appengine-region'],
};

/** `ASSENT_GEO`: a name of GEO_SOURCES, or `header:<country header>[,<subdivision header>]`. */
export function parseGeo(raw: string | undefined): { headers: GeoHeaders } | string | undefined {
  if (!raw) return undefined;
  const custom = /^header:([A-Za-z0-9-]+)(?:,([A-Za-z0-9-]+))?$/.exec(raw);
  if (custom) return { headers: [custom[1]!.toLowerCase(), custom[2]?.toLowerCase()] };
  const known = GEO_SOURCES[raw];
  if (known) return { headers: known };
  return `ASSENT_GEO must be one of ${Object.keys(GEO_SOURCES).join(', ')} or header:Country-Header[,Region-Header] (got "${raw}")`;
}

/**
 * Where the visitor is, from the configured headers only (never from the IP address, and never stored apart from
 * the country a receipt records). Codes that name no country (Cloudflare's XX unknown, T1 Tor) are no place.
 */
export function visitorPlace(c: Context, headers: GeoHeaders | undefined): Place | undefined {
  if (!headers) return undefined;
  const country = c.req.header(headers[0])?.trim().toUpperCase();
  if (!country || !/^[A-Z]{2}$/.test(country) || country === 'XX' || country === 'T1') return undefined;
  const region = headers[1] && c.req.header(headers[1])?.trim().toUpperCase();
  return region && /^[A-Z0-9]{1,3}$/.test(region) ? { country, region } : { country };
}
