/**
 * The one error type routes and stream handlers throw. It carries the HTTP status and a stable
 * machine-readable code; the HTTP layer renders `{ error: { code, message, details? } }` and
 * the stream renders `{ ok: false, error: { code, message } }` from it.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  badRequest: (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details),
  validation: (details: unknown) => new AppError(400, 'validation_failed', 'request does not match the schema', details),
  unauthenticated: (message = 'a valid credential is required') => new AppError(401, 'unauthenticated', message),
  forbidden: (message = 'not allowed for this credential') => new AppError(403, 'forbidden', message),
  notFound: (what = 'resource') => new AppError(404, 'not_found', `${what} not found`),
  conflict: (message: string) => new AppError(409, 'conflict', message),
  tooMany: (message = 'too many requests, try again later') => new AppError(429, 'rate_limited', message),
};
