import { receiptRequestSchema } from '../../protocol';
import { ERRORS, ROUTES, any, json, object, ref, type Schema } from './openapi-routes';
import { STAFF_ROUTES } from './openapi-staff-routes';
import { siteConfigJsonSchema } from '../sites/site-config-json-schema';

export function openApiDocument(): Schema {
  const paths: Record<string, Schema> = {};
  for (const [path, methods] of Object.entries({ ...ROUTES, ...STAFF_ROUTES })) {
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
        'Consent receipts: recorded, signed, chained, proved. Public routes serve the widget and visitors; staff ' +
        'routes (a bearer token, every call in the signed access log) serve the privacy officer. Reference: docs/api.md.',
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
          'The request as kept (contacts as keyed hashes), with `v`, `receivedAt`, `notice`, `salt`, `log`, ' +
            '`previous` and `signature` (detached JWS, EdDSA) added by the collector, and `country` (sites with ' +
            '`regimes`) and `ip` (sites that opted in) when known (docs/api.md).',
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
