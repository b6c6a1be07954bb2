import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import {
  GRANTED_OUTCOME,
  NOTICE_MEANS,
  REFUSAL_GROUNDS,
  REQUEST_CHANNELS,
  RIGHTS_KINDS,
  STAFF_GUARDIAN_METHODS,
  receiptRequestSchema,
} from '../../protocol';
import { siteConfigJsonSchema } from '../sites/site-config-json-schema';

type Schema = Record<string, unknown>;
type Operation = {
  summary: string;
  description?: string;
  staff?: boolean;
  query?: Record<string, string>;
  body?: Schema;
  ok: [number, string, Schema?];
  errors?: number[];
};

/** A valibot schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), without its own `$schema`. */
const json = (schema: v.GenericSchema): Schema => {
  const { $schema: _, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' }) as Schema;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const enumOf = (values: readonly string[], description?: string) => ({
  type: 'string',
  enum: [...values],
  description,
});
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const any = (description: string): Schema => ({ type: 'object', description });

const ERRORS: Record<number, string> = {
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
const ROUTES: Record<string, Record<string, Operation>> = {
  '/healthz': { get: { summary: 'The process answers.', ok: [200, 'Alive.'] } },
  '/readyz': { get: { summary: 'The database answers too.', ok: [200, 'Ready.'], errors: [503] } },
  '/schemas/site-config.json': {
    get: { summary: 'The JSON Schema of a site config.', ok: [200, 'The schema.', ref('SiteConfig')] },
  },
  '/openapi.json': { get: { summary: 'This document.', ok: [200, 'OpenAPI 3.1.'] } },
  '/docs/api': { get: { summary: 'This document as a page to read.', ok: [200, 'HTML.'] } },
  '/v1/receipts': {
    post: {
      summary: 'Record a decision (the widget, the page’s API, a form).',
      description:
        'Stored durably (committed and synced to disk) before the answer, signed, chained. The same id and body again answers 200 with the stored receipt; the same id with another body 409.',
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
  '/v1/staff/me': {
    get: { staff: true, summary: 'Who the token is and the sites it may see.', ok: [200, 'Staff and sites.'] },
  },
  '/v1/staff/policies/{policy}/notice': {
    get: { staff: true, summary: 'A policy version’s notice as served now.', ok: [200, 'The notice.'], errors: [404] },
  },
  '/v1/staff/receipts': {
    get: {
      staff: true,
      summary: 'Receipts, oldest first, a page at a time.',
      query: {
        from: 'ISO time.',
        to: 'ISO time.',
        action: 'Action.',
        method: 'Method.',
        policy: 'Policy.',
        subject: 'Subject.',
        cursor: 'Next page.',
        limit: 'Page size.',
      },
      ok: [200, '`{ items, nextCursor }`.'],
    },
    post: {
      staff: true,
      summary: 'Record a decision taken by phone, in writing, in person or by fax.',
      body: { allOf: [ref('ReceiptRequest'), object({ staffId: { type: 'string' } }, ['staffId'])] },
      ok: [201, 'Stored, signed with who recorded it.', ref('StoredReceipt')],
      errors: [409, 422, 503],
    },
  },
  '/v1/staff/receipts/{id}': {
    get: {
      staff: true,
      summary: 'One receipt, its signature checked, and the notice text.',
      ok: [200, 'Detail.'],
      errors: [404],
    },
  },
  '/v1/staff/export': {
    get: {
      staff: true,
      summary: 'Export the filtered receipts.',
      query: { format: '`csv`, `ndjson`, `kantara` or `iso27560`.' },
      ok: [200, 'Streamed.'],
    },
  },
  '/v1/staff/subjects/search': {
    post: {
      staff: true,
      summary: 'Find a person by phone number, email or member reference (in the body, never in a URL).',
      body: {
        oneOf: [
          object({ contact: { type: 'string' } }, ['contact']),
          object({ member: { type: 'string' } }, ['member']),
        ],
      },
      ok: [200, '`{ contact?, subjects }`.'],
      errors: [422],
    },
  },
  '/v1/staff/subjects/{subject}': {
    get: { staff: true, summary: 'A person’s history and current consents.', ok: [200, 'History.'], errors: [404] },
  },
  '/v1/staff/subjects/{subject}/export': {
    get: {
      staff: true,
      summary: 'The person’s access export.',
      query: { format: '`html` or `json`.', lang: 'Language.' },
      ok: [200, 'Export.'],
      errors: [404],
    },
  },
  '/v1/staff/subjects/{subject}/erase': {
    post: {
      staff: true,
      summary: 'Erase the person’s link from every receipt (the proof stays).',
      ok: [200, 'Erased.'],
      errors: [404],
    },
  },
  '/v1/staff/stats': {
    get: {
      staff: true,
      summary: 'The overview, summed in SQL.',
      query: { from: 'Day.', to: 'Day.', tz: 'IANA time zone.' },
      ok: [200, 'Figures by day and policy.'],
      errors: [422],
    },
  },
  '/v1/staff/notices': {
    get: {
      staff: true,
      summary: 'Result notices and where each stands.',
      query: { status: 'Filter.' },
      ok: [200, 'Notices.'],
    },
  },
  '/v1/staff/notices/{receipt}/delivered': {
    post: {
      staff: true,
      summary: 'Staff gave a result notice by other means.',
      body: object({ site: { type: 'string' }, means: enumOf(NOTICE_MEANS) }, ['site', 'means']),
      ok: [200, 'Recorded in the signed deliveries log.'],
      errors: [404, 409, 422],
    },
  },
  '/v1/staff/reconfirmations': {
    get: {
      staff: true,
      summary: 'Marketing consents due for re-confirmation.',
      query: { days: 'Window.', format: '`csv`.' },
      ok: [200, 'Due.'],
    },
  },
  '/v1/staff/purges': { get: { staff: true, summary: 'Retention purges and erasures done.', ok: [200, 'Purges.'] } },
  '/v1/staff/access-log': { get: { staff: true, summary: 'Who looked at what.', ok: [200, 'Entries.'] } },
  '/v1/staff/guardians': {
    get: { staff: true, summary: 'Guardians waiting for verification.', ok: [200, 'Pending.'] },
  },
  '/v1/staff/guardians/{receipt}/verify': {
    post: {
      staff: true,
      summary: 'Staff verified a guardian.',
      body: object({ site: { type: 'string' }, method: enumOf(STAFF_GUARDIAN_METHODS) }, ['method']),
      ok: [201, 'A signed verification receipt.'],
      errors: [404, 409, 422],
    },
  },
  '/v1/staff/requests': {
    get: {
      staff: true,
      summary: 'Data subjects’ requests and their deadlines.',
      ok: [200, '`{ responseDays, requests }`.'],
    },
    post: {
      staff: true,
      summary: 'Record a request (access, correction, erasure, suspension).',
      body: object(
        {
          subject: { type: 'string' },
          kind: enumOf(RIGHTS_KINDS),
          via: enumOf(REQUEST_CHANNELS),
          receivedAt: { type: 'string', format: 'date-time' },
        },
        ['subject', 'kind', 'via'],
      ),
      ok: [201, 'Recorded in the signed requests log.'],
      errors: [404, 422],
    },
  },
  '/v1/staff/requests/{id}/close': {
    post: {
      staff: true,
      summary: 'Close a request by acting on it, or refuse it on a ground.',
      body: object(
        { outcome: enumOf([...new Set(Object.values(GRANTED_OUTCOME)), 'refused']), reason: enumOf(REFUSAL_GROUNDS) },
        ['outcome'],
      ),
      ok: [200, 'Closed; an erasure done.'],
      errors: [404, 409, 422],
    },
  },
};

export function openApiDocument(): Schema {
  const paths: Record<string, Schema> = {};
  for (const [path, methods] of Object.entries(ROUTES)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      const params = [
        ...[...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
          name,
          in: 'path',
          required: true,
          schema: { type: 'string' },
        })),
        ...(op.staff && !path.includes('{site}') && path !== '/v1/staff/me'
          ? [{ name: 'site', in: 'query', required: true, schema: { type: 'string' }, description: 'The site id.' }]
          : []),
        ...Object.entries(op.query ?? {}).map(([name, description]) => ({
          name,
          in: 'query',
          schema: { type: 'string' },
          description,
        })),
      ];
      const [status, description, schema] = op.ok;
      paths[path]![method] = {
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        tags: [op.staff ? 'staff' : 'public'],
        ...(op.staff ? { security: [{ staffToken: [] }] } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
        responses: {
          [status]: { description, ...(schema ? { content: { 'application/json': { schema } } } : {}) },
          ...Object.fromEntries(
            [...(op.staff ? [400, 401, 403] : []), ...(op.errors ?? [])].map((code) => [
              code,
              { description: ERRORS[code], content: { 'application/problem+json': { schema: ref('Problem') } } },
            ]),
          ),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Assent collector',
      // The API's version, as in its paths (/v1/…).
      version: '1',
      description:
        'Consent receipts: recorded, signed, chained, proved. Public routes serve the widget and visitors; staff routes (a bearer token, every call in the signed access log) serve the privacy officer. Reference: docs/api.md.',
    },
    tags: [
      { name: 'public', description: 'The widget, visitors, and anyone checking the log.' },
      { name: 'staff', description: 'The privacy officer’s tools: `Authorization: Bearer <token>`.' },
    ],
    paths,
    components: {
      securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', description: 'npx assent tokens create' } },
      schemas: {
        ReceiptRequest: json(receiptRequestSchema),
        StoredReceipt: any(
          'The request as kept (contacts as keyed hashes), with `v`, `receivedAt`, `notice`, `salt`, `log`, `previous` and `signature` (detached JWS, EdDSA) added by the collector (docs/api.md).',
        ),
        SiteConfig: (({ $schema: _, ...rest }) => rest)(siteConfigJsonSchema()),
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details.',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: object({ pointer: { type: 'string' }, detail: { type: 'string' } }, ['pointer', 'detail']),
            },
          },
          required: ['type', 'title', 'status'],
        },
      },
    },
  };
}
