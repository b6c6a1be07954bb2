import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { toLoaderSite, type WidgetManifest } from '../../protocol';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';

/** The built widget, read by main.ts from dist/widget. */
export interface WidgetFiles {
  loader: string;
  /** `assets/<name>` → file contents; names carry a content hash. */
  assets: ReadonlyMap<string, Uint8Array>;
  manifest: WidgetManifest;
}

type Encoded = { raw: Uint8Array; br: Uint8Array; gzip: Uint8Array; etag: string };

const encode = (raw: Uint8Array): Encoded => ({
  raw,
  br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: gzipSync(raw, { level: 9 }),
  etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 16)}"`,
});

function send(c: Context, file: Encoded, cacheControl: string) {
  const headers: Record<string, string> = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': cacheControl,
    ETag: file.etag,
    Vary: 'Accept-Encoding',
    // Stage two and the UI are ES modules, fetched in CORS mode from the clinic's pages.
    'Access-Control-Allow-Origin': '*',
  };
  if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
  const accepts = c.req.header('accept-encoding') ?? '';
  if (/\bbr\b/.test(accepts))
    return c.body(file.br as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'br' });
  if (/\bgzip\b/.test(accepts))
    return c.body(file.gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'gzip' });
  return c.body(file.raw as Uint8Array<ArrayBuffer>, 200, headers);
}

/**
 * `/assent.js`: the loader with every site's decision table and the built files' names in front, short-cached and revalidated by ETag so a
 * config change reaches returning visitors within minutes. `/assets/*`: content-hashed, cached as immutable.
 * Everything is compressed once at start-up.
 */
export function widgetRoutes({ sites, widget }: AppDeps) {
  const app = new Hono();
  if (!widget) return app;
  const table = Object.fromEntries(sites.all().map((s) => [s.config.id, toLoaderSite(s.config, s.revision)]));
  const { stage2, ui, forms, strings } = widget.manifest;
  const prelude = `self.__assentSites=${JSON.stringify(table)};self.__assentFiles=${JSON.stringify({ stage2, ui, forms, strings })};\n`;
  const loader = encode(new TextEncoder().encode(prelude + widget.loader));
  const assets = new Map([...widget.assets].map(([name, data]) => [name, encode(data)]));

  app.get('/assent.js', (c) => send(c, loader, 'public, max-age=300, must-revalidate'));
  app.get('/assets/:file', (c) => {
    const file = assets.get(`assets/${c.req.param('file')}`);
    if (!file) throw new ProblemError(404, 'not-found', 'Not Found', 'No such widget file.');
    return send(c, file, 'public, max-age=31536000, immutable');
  });
  return app;
}
