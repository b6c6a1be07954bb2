import {
  GRANTED_OUTCOME,
  NOTICE_MEANS,
  REFUSAL_GROUNDS,
  REQUEST_CHANNELS,
  RIGHTS_KINDS,
  STAFF_GUARDIAN_METHODS,
} from '../../protocol';
import { enumOf, object, ref, type Operation } from './openapi-routes';

/** The staff API's routes (a bearer token; every call in the signed access log). */
export const STAFF_ROUTES: Record<string, Record<string, Operation>> = {
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
  '/v1/staff/scans': {
    post: {
      staff: true,
      summary: '`assent scan` of one of the site’s pages, in Chromium, against its config (docs/scan.md).',
      body: object({ url: { type: 'string', format: 'uri' }, pages: { type: 'integer', minimum: 1, maximum: 10 } }, [
        'url',
      ]),
      ok: [200, '`{ url, site, pages, scannedAt, seen, findings }`; nothing stored.'],
      errors: [422, 429, 503],
    },
  },
};
