/** A problem+json answer from the staff API, with its field-level list. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined>;

const qs = (q: Query = {}) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/**
 * The staff API with a token held in memory only: never in storage or a cookie, so there is nothing to steal
 * from disk and no ambient credential a forged cross-site request could use (CSRF-safe by construction).
 * Reloading the page signs out.
 */
export function staffApi(
  token: string,
  onUnauthorized: () => void = () => {},
  fetcher: typeof fetch = (...a) => fetch(...a),
) {
  async function call(method: string, path: string, query?: Query, body?: unknown): Promise<Response> {
    const res = await fetcher(`/v1/staff${path}${qs(query)}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (res.status === 401) onUnauthorized(); // revoked while signed in: back to the sign-in form
    if (!res.ok) {
      let detail = res.statusText;
      try {
        const p = await res.json();
        detail = [
          p.detail ?? p.title,
          ...(p.errors ?? []).map((e: { pointer: string; detail: string }) => `${e.pointer} ${e.detail}`),
        ]
          .filter(Boolean)
          .join(' — ');
      } catch {
        // not problem+json: keep the status text
      }
      throw new ApiError(res.status, detail);
    }
    return res;
  }
  return {
    get: async <T>(path: string, query?: Query): Promise<T> => (await call('GET', path, query)).json(),
    post: async <T>(path: string, body: unknown, query?: Query): Promise<T> =>
      (await call('POST', path, query, body)).json(),
    /** A file from the API (exports need the token, so a plain link cannot fetch them). */
    blob: async (path: string, query?: Query) => (await call('GET', path, query)).blob(),
  };
}

export type StaffApi = ReturnType<typeof staffApi>;
