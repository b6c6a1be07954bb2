import type { Context } from 'hono';
import { ProblemError } from './problem';

/** Reads a JSON request body: 415 unless the content type is JSON, 400 unless the body parses. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ProblemError(
      415,
      'unsupported-media-type',
      'Unsupported Media Type',
      'Send the body as application/json.',
    );
  }
  const raw = await c.req.text();
  try {
    return JSON.parse(raw);
  } catch {
    throw new ProblemError(400, 'malformed-json', 'Bad Request', 'The body is not valid JSON.');
  }
}
