import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { openApiDocument } from '../openapi/openapi-document';

type Op = {
  summary: string;
  description?: string;
  tags: string[];
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string }>;
};

/**
 * `GET /openapi.json` — the collector's API as OpenAPI 3.1 (server/openapi/openapi-document.ts), and `GET /docs/api`,
 * the same as a page to read: every route with what it takes and what it answers.
 */
export function openApiRoutes() {
  const app = new Hono();
  const document = openApiDocument();
  const body = JSON.stringify(document);
  app.get('/openapi.json', (c) =>
    c.body(body, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=3600' }),
  );
  const paths = document.paths as Record<string, Record<string, Op>>;
  const rows = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, op]) => html`<tr>
        <td><code>${method.toUpperCase()} ${path}</code></td>
        <td>${op.tags[0]}</td>
        <td>
          ${op.summary} ${op.description ? html`<br />${op.description}` : ''}
          ${
            op.parameters?.length
              ? html`<br /><small>${raw(op.parameters.map((p) => `<code>${p.name}</code> (${p.in})`).join(', '))}</small>`
              : ''
          }
        </td>
        <td>${Object.entries(op.responses).map(([code, r]) => html`<code>${code}</code> ${r.description}<br />`)}</td>
      </tr>`,
    ),
  );
  app.get('/docs/api', (c) =>
    c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Assent collector API</title>
        </head>
        <body>
          <h1>Assent collector API</h1>
          <p>
            The machine-readable contract: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Staff routes take
            <code>Authorization: Bearer &lt;token&gt;</code> and are written to the signed access log; errors are
            RFC 9457 problem details naming each field.
          </p>
          <table>
            <thead>
              <tr><th scope="col">route</th><th scope="col">for</th><th scope="col">does</th><th scope="col">answers</th></tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>
        </body>
      </html>`),
  );
  return app;
}
