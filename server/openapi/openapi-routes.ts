import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

export type Schema = Record<string, unknown>;
export type Operation = {
  summary: string;
  description?: string;
  staff?: boolean;
  query?: Record<string, string>;
  body?: Schema;
  ok: [number, string, Schema?];
  errors?: number[];
};

/** A valibot schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without its own `$schema`. */
export const json = (schema: v.GenericSchema): Schema => {
  const { $schema: _, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' }) as Schema;
  return rest;
};
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const enumOf = (values: readonly string[], description?: string) => ({
  type: 'string',
  enum: [...values],
  description,
});
export const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
export const any = (description: string): Schema => ({ type: 'object', description });

export const ERRORS: Record<number, string> = {
  400: 'The request names no site, or is not what the route takes.',
  401: 'No staff token, or one that is not valid (signed in the access log).',
  403: 'The token may not see this site, or the page’s origin is not one the site lists.',
  404: 'No such site, receipt, subject or request.',
  409: 'A conflict: the config revision is stale, the id was used for another body, the request was closed already.',
  413: 'The body is larger than the route takes.',
  422: 'The body or query does not fit: `errors` names each field (JSON Pointer) and what is wrong.',
  429: 'Too many requests (or failed sign-ins) from this client: `Retry-After` says when to try again.',
  503: 'The database is unavailable for now: nothing was stored; `Retry-After` says when to try again.',
};

/**
 * Every route of the collector: the public API (receipts, site configs, the log's proofs) and the staff API.
 * Bodies the widget and staff send are the protocol's valibot schemas, converted (no second copy of the contract);
 * test/server/openapi.test.ts fails when a route of the app is missing here.
 */
export const ROUTES: Record<string, Record<string, Operation>> = {
  '/healthz': { get: { summary: 'The process answers.', ok: [200, 'Alive.'] } },
  '/readyz': { get: { summary: 'The database answers too.', ok: [200, 'Ready.'], errors: [503] } },
  '/schemas/site-config.json': {
    get: { summary: 'The JSON Schema of a site config.', ok: [200, 'The schema.', ref('SiteConfig')] },
  },
  '/openapi.json': { get: { summary: 'This document.', ok: [200, 'OpenAPI 3.1.'] } },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics (only with ASSENT_METRICS=1; a bearer token with ASSENT_METRICS_TOKEN).',
      ok: [200, 'Text exposition format.'],
      errors: [401],
    },
  },
  '/docs/api': { get: { summary: 'This document as a page to read.', ok: [200, 'HTML.'] } },
  '/v1/receipts': {
    post: {
      summary: 'Record a decision (the widget, the page’s API, a form).',
      description:
        'Stored durably (committed and synced to disk) before the answer, signed, chained. The same id and body ' +
        'again answers 200 with the stored receipt; the same id with another body 409.',
      body: ref('ReceiptRequest'),
      ok: [201, 'Stored: the signed receipt, and `secret` to read it back.', ref('StoredReceipt')],
      errors: [403, 404, 409, 413, 422, 429, 503],
    },
  },
  '/v1/receipts/{id}': {
    get: {
      summary: 'A visitor reads their receipt back (with its secret).',
      query: { secret: 'The secret the collector answered with.', format: '`json` (default) or `html`.' },
      ok: [200, 'The signed receipt, or a page to keep.', ref('StoredReceipt')],
      errors: [404, 429],
    },
  },
  '/.well-known/jwks.json': { get: { summary: 'The public keys receipts are signed with.', ok: [200, 'A JWK set.'] } },
  '/.well-known/assent-checkpoint': {
    get: { summary: 'The newest signed checkpoint of every log.', ok: [200, 'A checkpoint.'] },
  },
  '/v1/log/checkpoints': {
    get: {
      summary: 'Signed checkpoints in order.',
      query: { after: 'A checkpoint number.' },
      ok: [200, 'Checkpoints.'],
    },
  },
  '/v1/log/receipts/{seq}/path': {
    get: { summary: 'The chain from a receipt to the first checkpoint after it.', ok: [200, 'Links.'], errors: [404] },
  },
  '/v1/sites/{site}/config': {
    get: {
      summary: 'The site’s public config (texts, categories, channels, revision).',
      ok: [200, 'Config.'],
      errors: [404],
    },
  },
  '/v1/sites/{site}/banner': {
    get: {
      summary: 'The banner painted by the collector, for a language.',
      query: { lang: 'Language.', reason: 'Why asked.', gpc: '`1` when the browser sends GPC.' },
      ok: [200, '`{ html, css, lang }`.'],
      errors: [404],
    },
  },
  '/v1/sites/{site}/shown': {
    post: {
      summary: 'The widget showed the banner (a count, nothing about the visitor).',
      query: { policy: 'The policy version shown.', view: 'The view’s random id (16 characters).' },
      ok: [204, 'Counted.'],
      errors: [403, 404, 422, 429],
    },
  },
  '/v1/guardian/{id}/code': {
    post: {
      summary: 'Send a guardian their code (through the site’s gateway).',
      ok: [200, 'Sent.'],
      errors: [404, 409, 422, 429],
    },
  },
  '/v1/guardian/{id}/verify': {
    post: {
      summary: 'A guardian enters their code.',
      ok: [201, 'Verified: a signed receipt.'],
      errors: [404, 409, 422, 429],
    },
  },
};
