import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { toPointer, type FieldIssue } from '../../protocol';
import { StoreUnavailableError } from '../store/receipt-store';
import type { Logger } from '../logger';
import type { CollectorMetrics } from '../metrics/collector-metrics';

/** An error answered as RFC 9457 problem details: `type` is `/problems/<slug>`, `errors` lists bad fields. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export function problemResponse(c: Context, p: ProblemError): Response {
  const body: Record<string, unknown> = { type: `/problems/${p.slug}`, title: p.title, status: p.status };
  if (p.detail) body.detail = p.detail;
  const requestId = c.get('requestId' as never) as string | undefined;
  if (requestId) body.requestId = requestId;
  if (p.issues.length) body.errors = p.issues.map((i) => ({ pointer: toPointer(i.path), detail: i.message }));
  return c.body(JSON.stringify(body), p.status, { ...p.headers, 'Content-Type': 'application/problem+json' });
}

/** One place maps every error to a response; no stack, SQL message or cause ever reaches the client. */
export function onProblem(logger: Logger, metrics?: Pick<CollectorMetrics, 'refused'>): ErrorHandler {
  const handle = problemHandler(logger);
  return (error, c) => {
    const res = handle(error, c);
    // A refused receipt, counted by the problem's type (the body's `type` is /problems/<slug>).
    if (metrics && c.req.method === 'POST' && c.req.path === '/v1/receipts')
      metrics.refused(
        error instanceof ProblemError ? error.slug : res.status === 503 ? 'unavailable' : String(res.status),
      );
    return res;
  };
}

function problemHandler(logger: Logger): (error: Error, c: Context) => Response {
  return (error, c) => {
    if (error instanceof ProblemError) {
      // A site whose page origin is missing from its config: the operator's to fix, so said where they look.
      if (error.slug === 'origin-not-allowed')
        logger.warn(
          { requestId: c.get('requestId' as never), origin: c.req.header('origin'), path: c.req.path },
          'refused a request from an origin no site config lists',
        );
      return problemResponse(c, error);
    }
    if (error instanceof StoreUnavailableError) {
      logger.warn({ requestId: c.get('requestId' as never), err: describeCause(error) }, 'store unavailable');
      return problemResponse(
        c,
        new ProblemError(
          503,
          'unavailable',
          'Service Unavailable',
          'The receipt store is unavailable; retry later.',
          [],
          { 'Retry-After': '5' },
        ),
      );
    }
    if (isClientAbort(error)) {
      // The client went away mid-upload: nothing to answer and nothing wrong on our side.
      logger.info({ requestId: c.get('requestId' as never) }, 'client aborted the request');
      return problemResponse(c, new ProblemError(400, 'aborted', 'Bad Request', 'The request body was cut off.'));
    }
    if (error instanceof HTTPException) {
      return problemResponse(
        c,
        new ProblemError(error.status as ContentfulStatusCode, 'http', error.message || 'Error'),
      );
    }
    logger.error({ requestId: c.get('requestId' as never), err: describeCause(error) }, 'unhandled error');
    return problemResponse(
      c,
      new ProblemError(500, 'internal', 'Internal Server Error', 'Something went wrong on our side.'),
    );
  };
}

export const onNotFound: NotFoundHandler = (c) =>
  problemResponse(
    c,
    new ProblemError(404, 'not-found', 'Not Found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );

/** Node's request stream fails with `aborted` (ECONNRESET) when the client closes the connection mid-body. */
const isClientAbort = (error: unknown) =>
  (error as { code?: string })?.code === 'ECONNRESET' && (error as Error).message === 'aborted';

// Log the error's class, code and message only: a driver message can quote a value, never a whole body.
function describeCause(error: unknown): Record<string, unknown> {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const e = cause as { name?: string; code?: string; message?: string };
  return {
    name: e?.name,
    code: e?.code,
    message: typeof e?.message === 'string' ? e.message.slice(0, 200) : undefined,
  };
}
