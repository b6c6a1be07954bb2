import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { StoredReceipt } from '../../protocol';
import type { AppDeps } from '../app';
import { ProblemError } from '../middleware/problem';
import { toKantara } from '../proof/kantara';
import { receiptSecret, verifyReceipt } from '../proof/receipt-proof';

const notFound = () => new ProblemError(404, 'not-found', 'Not Found', 'No receipt with this id and secret.');

/**
 * A visitor's own receipt, with the secret they were handed when it was stored: JSON (default), Kantara JSON
 * (`?format=kantara`) or a page to read (`Accept: text/html`). A wrong secret looks exactly like no receipt.
 */
export function receiptAccessRoutes({ store, keys, sites }: AppDeps) {
  const app = new Hono();
  app.get('/.well-known/jwks.json', (c) => c.json(keys.jwks, 200, { 'Cache-Control': 'public, max-age=300' }));
  app.get('/v1/receipts/:id', async (c) => {
    const id = c.req.param('id');
    const given = c.req.query('secret') ?? /^Receipt (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const expected = receiptSecret(keys, id);
    if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) throw notFound();
    const receipt = await store.get(id);
    if (!receipt) throw notFound();
    const headers = { 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' };
    if (c.req.query('format') === 'kantara') return c.json(toKantara(receipt, sites.get(receipt.site)?.config), 200, headers);
    if ((c.req.header('accept') ?? '').includes('text/html')) return c.html(await page(receipt, keys.jwks, sites.get(receipt.site)?.config.name), 200, headers);
    return c.json(receipt, 200, headers);
  });
  return app;
}

async function page(r: StoredReceipt, jwks: AppDeps['keys']['jwks'], siteName?: Record<string, string>) {
  const verified = await verifyReceipt(r, jwks);
  const yes = (b: boolean) => (b ? '✔' : '✘');
  return html`<!doctype html>
<html lang="${r.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Consent receipt ${r.id}</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:24px auto;padding:0 16px">
<h1>Consent receipt</h1>
<p>${siteName?.[r.language] ?? r.site} · policy ${r.policy} · ${r.action} via ${r.method}</p>
<dl>
<dt>Receipt</dt><dd><code>${r.id}</code></dd>
<dt>Recorded by the collector</dt><dd>${r.receivedAt}</dd>
<dt>Notice shown</dt><dd><code>${r.notice.hash}</code> (${r.notice.language})</dd>
<dt>Signature</dt><dd>${verified.ok ? `valid (key ${verified.kid})` : `NOT valid: ${verified.reason}`}</dd>
${r.guardian ? html`<dt>Decided by guardian</dt><dd>${r.guardian.name}</dd>` : ''}
</dl>
<h2>Choices</h2>
<ul>${Object.entries(r.choices.categories).map(([k, v]) => html`<li>${yes(v)} ${k}</li>`)}${Object.entries(r.choices.channels).map(([k, v]) => html`<li>${yes(v)} ${k}</li>`)}</ul>
</body></html>`;
}
