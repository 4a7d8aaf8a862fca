import type { ErrorBody } from '../../shared/protocol/api';

/** A failed API call: the server's `{error:{code,message}}`, or `network` when it never answered. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/**
 * REST over fetch with the current credential. `token()` is read per call so a refreshed token
 * is used at once; the base URL is the aggregator's origin (the page's own in a browser).
 */
export function createApiClient(baseUrl: string, token: () => string | null, timeoutMs = 15_000): ApiClient {
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = {};
      const t = token();
      if (t) headers.authorization = `Bearer ${t}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await fetch(new URL(path, baseUrl), {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
      }
      if (res.status === 204) return undefined as T;
      const json = (await res.json().catch(() => null)) as unknown;
      if (!res.ok) {
        const err = (json as ErrorBody | null)?.error;
        throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText);
      }
      return json as T;
    },
  };
}

/** Query strings from a plain object, skipping empty values. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
