import { Hono, type Context } from 'hono';
import { regimeFor, toLoaderSite, type PublicSiteConfig, type WidgetManifest } from '../../protocol';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { visitorPlace } from '../middleware/visitor-place';
import type { Site } from '../sites/site-registry';
import { bannerPainter } from './banner-paint';
import { encode, sendEncoded, type Encoded } from './encoded-body';

/** The built widget, read by main.ts from dist/widget. */
export interface WidgetFiles {
  loader: string;
  /** `assets/<name>` → file contents; names carry a content hash. */
  assets: ReadonlyMap<string, Uint8Array>;
  manifest: WidgetManifest;
  /** The banner's first paint, rendered here (dist/widget/prerender.js); without it the loader draws it itself. */
  prerender?: BannerRenderer;
}

/** dist/widget/prerender.js, built from widget/prerender.tsx. */
export interface BannerRenderer {
  css: string;
  renderBanner(input: { config: PublicSiteConfig; lang: string; today: string; reason?: string; gpc: boolean }): string;
}

/**
 * V8's explicit compile hint: the loader's functions nearly all run on every page, so they are compiled with the
 * script, off the main thread while it streams, instead of one by one on the main thread at their first call
 * (a returning visit's script time at 4× CPU fell from 1.4× cookieconsent's to about 1×; docs/performance.md).
 */
const EAGER = '//# allFunctionsCalledOnLoad\n';

function send(c: Context, file: Encoded, cacheControl: string, extra: Record<string, string> = {}) {
  // Stage two and the UI are ES modules, fetched in CORS mode from the clinic's pages.
  return sendEncoded(c, file, { 'Cache-Control': cacheControl, 'Access-Control-Allow-Origin': '*', ...extra });
}

/**
 * `/assent.js`: the loader with every site's decision table and the built files' names in front, short-cached and revalidated by ETag so a
 * config change reaches returning visitors within minutes. `/assets/*`: content-hashed, cached as immutable.
 * Everything is compressed once at start-up.
 */
export function widgetRoutes({ sites, widget, clock, geo }: AppDeps) {
  const app = new Hono();
  if (!widget) return app;
  const { stage2, ui, forms, strings, shared = [] } = widget.manifest;
  const files = `self.__assentFiles=${JSON.stringify({ stage2, ui, forms, strings, shared })};`;
  const table = (list: Site[]) =>
    `self.__assentSites=${JSON.stringify(
      Object.fromEntries(list.map((s) => [s.config.id, toLoaderSite(s.config, s.revision, clock.now().getTime())])),
    )};`;
  // A site that sets `regimes` gets its regime for this visitor's place in front of the loader: the loader then
  // paints the banner, or not, without asking anything. The response then varies with the CDN's place headers.
  const regimes = (c: Context, list: Site[]) => {
    const place = visitorPlace(c, geo);
    return Object.fromEntries(
      list.filter((s) => s.config.regimes).map((s) => [s.config.id, regimeFor(s.config.regimes, place)]),
    );
  };
  // Always set, so a page script that ran first cannot give a site a regime it does not have.
  const overlayOf = (r: Record<string, string>) => `self.__assentRegimes=${JSON.stringify(r)};`;
  // The answer depends on the place headers when a site in it sets regimes and the collector reads them.
  const byPlace = (r: Record<string, string>): Record<string, string> =>
    Object.keys(r).length && geo ? { Vary: ['Accept-Encoding', ...geo].join(', ') } : {};
  const cache = (r: Record<string, string>) =>
    `${Object.keys(r).length && geo ? 'private' : 'public'}, max-age=300, must-revalidate`;
  // The loader of every site, one per combination of regimes met (a handful); the one for no place made now.
  const loaders = new Map<string, Encoded>();
  const allSites = (overlay: string) => encode(`${EAGER}${table(sites.all())}${overlay}${files}\n${widget.loader}`);
  const nowhere = overlayOf(
    Object.fromEntries(
      sites.all().flatMap((s) => (s.config.regimes ? [[s.config.id, regimeFor(s.config.regimes, undefined)]] : [])),
    ),
  );
  loaders.set(nowhere, allSites(nowhere));
  const assets = new Map([...widget.assets].map(([name, data]) => [name, encode(data)]));
  const paint = widget.prerender && bannerPainter(widget.prerender, clock);
  const perSite = new Map<string, Encoded>();
  const unknownSite = encode(`${EAGER}self.__assentSites={};${files}\n${widget.loader}`);

  // `/assent.js?site=<id>[&lang=<l>]`: that site's table only, with its first-visit banner in the language given
  // (else the site's default) inside, so a first visit paints in one request after the page.
  app.get('/assent.js', (c) => {
    const id = c.req.query('site');
    if (id === undefined) {
      const r = regimes(c, sites.all());
      const overlay = overlayOf(r);
      let body = loaders.get(overlay);
      if (!body) loaders.set(overlay, (body = allSites(overlay)));
      return send(c, body, cache(r), byPlace(r));
    }
    const site = sites.get(id);
    // An unknown site gets the loader with no table: it says "unknown site" on the page's console and fails closed.
    if (!site) return send(c, unknownSite, 'public, max-age=60');
    // A language the site lacks: its default (the loader then fetches the banner in the visitor's language).
    const asked = c.req.query('lang') ?? '';
    const lang = site.config.languages.includes(asked) ? asked : site.config.defaultLanguage;
    const r = regimes(c, [site]);
    const regime = r[id];
    const overlay = overlayOf(r);
    // Only an opt-in visitor is shown the banner on a first visit.
    const painted = !regime || regime === 'opt-in' ? paint?.(site, lang, undefined, false) : undefined;
    const key = `${painted?.key ?? `${id} ${site.revision}`} ${overlay}`;
    let body = perSite.get(key);
    if (!body) {
      if (perSite.size >= 500) perSite.clear();
      const banner = painted ? `self.__assentBanner=${JSON.stringify({ site: id, ...painted.paint })};` : '';
      perSite.set(key, (body = encode(`${EAGER}${table([site])}${overlay}${files}${banner}\n${widget.loader}`)));
    }
    return send(c, body, cache(r), byPlace(r));
  });
  app.get('/assets/:file', (c) => {
    const file = assets.get(`assets/${c.req.param('file')}`);
    if (!file) throw new ProblemError(404, 'not-found', 'Not Found', 'No such widget file.');
    return send(c, file, 'public, max-age=31536000, immutable');
  });
  return app;
}
