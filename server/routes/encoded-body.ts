import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';

/** A response body compressed once (brotli q11 and gzip) with its ETag, for files served many times. */
export type Encoded = { raw: Uint8Array; br: Uint8Array; gzip: Uint8Array; etag: string; type: string };

export const encode = (raw: Uint8Array | string, type = 'text/javascript; charset=utf-8'): Encoded => {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return {
    raw: bytes,
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(bytes, { level: 9 }),
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 16)}"`,
    type,
  };
};

/** Sends the best encoding the browser accepts, or 304 when its copy is current. */
export function sendEncoded(c: Context, file: Encoded, headers: Record<string, string>) {
  const all: Record<string, string> = {
    'Content-Type': file.type,
    ETag: file.etag,
    Vary: 'Accept-Encoding',
    ...headers,
  };
  if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, all);
  const accepts = c.req.header('accept-encoding') ?? '';
  if (/\bbr\b/.test(accepts))
    return c.body(file.br as Uint8Array<ArrayBuffer>, 200, { ...all, 'Content-Encoding': 'br' });
  if (/\bgzip\b/.test(accepts))
    return c.body(file.gzip as Uint8Array<ArrayBuffer>, 200, { ...all, 'Content-Encoding': 'gzip' });
  return c.body(file.raw as Uint8Array<ArrayBuffer>, 200, all);
}
