import type * as v from 'valibot';

/** One problem with one field of an input, located by its path from the root. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function fromValibot(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => item.key as string | number),
    message: describe(issue),
  }));
}

function describe(issue: v.BaseIssue<unknown>): string {
  if (
    issue.kind === 'schema' &&
    issue.type === 'strict_object' &&
    issue.input !== undefined &&
    issue.expected === 'never'
  ) {
    return 'is not a known field';
  }
  if (issue.kind === 'schema' && issue.input === undefined) return 'is required';
  // A schema's own message says what is wanted in the reader's terms ("a text per language"); valibot's says the type.
  if (issue.kind === 'schema' && issue.type !== 'union')
    return `${issue.message.startsWith('Invalid ') ? `must be ${issue.expected}` : issue.message}, got ${issue.received}`;
  return issue.message;
}

/** `/choices/categories/ads` — RFC 6901 JSON Pointer, as RFC 9457 suggests for field errors. */
export function toPointer(path: FieldIssue['path']): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `$.policies[0].notice.en` — easy to read in a config file error. */
export function toJsonPath(path: FieldIssue['path']): string {
  const step = (p: string | number) =>
    typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return `$${path.map(step).join('')}`;
}
