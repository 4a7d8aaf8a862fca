import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ZodError, type ZodType } from 'zod';
import { AppError, errors } from '../errors.js';
import type { Principal } from '../auth/principal.js';
import { can } from '../auth/principal.js';
import type { AnyRoute, AuditEntry } from './route.js';

export interface RouteDeps {
  /** Resolves a bearer token; null when unknown, expired or revoked. */
  authenticate(token: string): Promise<Principal | null>;
  /** Appends one audit record (the audit domain's append-only log). */
  recordAudit(principal: Principal | null, entry: AuditEntry, req: FastifyRequest): Promise<void>;
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return null;
  const token = h.slice(7).trim();
  return token.length > 0 && token.length <= 500 ? token : null;
}

function parse<T>(schema: ZodType | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new AppError(400, 'validation_failed', `invalid ${where}`, r.error.issues.map(issueOf));
  }
  return r.data as T;
}

function issueOf(i: ZodError['issues'][number]) {
  return { path: i.path.join('.'), message: i.message, code: i.code };
}

/** Registers declared routes: authenticate, authorise, validate, run, audit, answer. */
export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], deps: RouteDeps): void {
  for (const route of routes) {
    const mutating = route.method !== 'GET';
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req, reply) => {
        let principal: Principal | null = null;
        if (route.auth !== 'public') {
          const token = bearerToken(req);
          principal = token ? await deps.authenticate(token) : null;
          if (!principal) throw errors.unauthenticated();
          if (typeof route.auth === 'object' && !can(principal, route.auth.permission)) throw errors.forbidden();
        }
        const params = parse(route.params, req.params ?? {}, 'path parameters');
        if (!route.query && !isEmpty(req.query ?? {})) throw errors.badRequest('this route takes no query parameters');
        const query = parse(route.query, req.query ?? {}, 'query');
        if (route.body === undefined && mutating && req.body !== undefined && req.body !== null && !isEmpty(req.body)) {
          throw errors.badRequest('this route takes no body');
        }
        const body = route.plainBody?.(req.body) ?? parse(route.body, req.body ?? undefined, 'body');
        const audits: AuditEntry[] = [];
        const result = await route.handler({
          body,
          query,
          params,
          principal,
          req,
          reply,
          audit: (e) => audits.push(e),
        });
        if (mutating && !route.auditExempt && audits.length !== 1) {
          // A programming error, not a client's: every change must leave exactly one record.
          throw new Error(`route ${route.method} ${route.url} recorded ${audits.length} audit entries`);
        }
        for (const a of audits) await deps.recordAudit(principal, a, req);
        reply.code(route.status ?? 200);
        if (route.contentType) reply.type(route.contentType);
        return result;
      },
    });
  }
}

function isEmpty(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).length === 0;
}

/** Fastify's own errors (bad JSON, body too large, wrong media type) mapped to the product's shape. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req, reply) => {
    const e = toAppError(err);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    void reply
      .code(e.status)
      .type('application/json')
      .send({ error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return errors.validation(err.issues.map(issueOf));
  const fe = err as { code?: string; statusCode?: number; message?: string };
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'payload_too_large', 'request body is over the limit');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'invalid_json', 'request body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(400, 'unsupported_media_type', 'send application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(400, 'bad_request', 'content length does not match the body');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(400, 'bad_request', fe.message ?? 'bad request');
  }
  return new AppError(500, 'internal', 'internal error');
}
