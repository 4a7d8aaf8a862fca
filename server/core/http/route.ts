import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z, ZodType } from 'zod';
import type { Permission } from '../../../shared/domain/roles.js';
import type { Principal } from '../auth/principal.js';

/**
 * One route = one declaration: its zod schemas validate the request (strict: unknown fields are
 * refused) and generate its OpenAPI entry, so the document can never drift from what is checked.
 */
export type RouteAuth =
  /** No credential (product.md's public routes only). */
  | 'public'
  /** Any valid credential. */
  | 'authenticated'
  /** A credential whose role or scope grants this permission. */
  | { permission: Permission };

export interface AuditEntry {
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

type Infer<T> = T extends ZodType ? z.output<T> : undefined;

export interface RouteContext<TBody, TQuery, TParams> {
  body: TBody;
  query: TQuery;
  params: TParams;
  /** Null only on public routes. */
  principal: Principal | null;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Record what this request changed; written once the handler succeeds. */
  audit(entry: AuditEntry): void;
}

export interface RouteSpec<
  TBody extends ZodType | undefined,
  TQuery extends ZodType | undefined,
  TParams extends ZodType | undefined,
  TResponse extends ZodType,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Fastify syntax: `/api/v1/tenants/:id`. */
  url: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  body?: TBody;
  /**
   * A hand-written check for a high-rate route's plainly valid bodies: returns exactly what
   * `body` would, or undefined to let `body` decide (and word the errors). Never accepts more.
   */
  plainBody?: (value: unknown) => Infer<TBody> | undefined;
  query?: TQuery;
  params?: TParams;
  response: TResponse;
  /** Defaults to 200 (201 for POST that creates is set explicitly). */
  status?: number;
  /**
   * A mutating route must record one audit entry per successful call, unless it declares why
   * not here (e.g. high-rate data ingest, which is counted in /metrics instead).
   */
  auditExempt?: string;
  /** Documented only when the route answers something other than JSON (e.g. /metrics). */
  contentType?: string;
  /** Extra documented error statuses besides the defaults implied by auth and validation. */
  errors?: number[];
  handler(ctx: RouteContext<Infer<TBody>, Infer<TQuery>, Infer<TParams>>): Promise<z.input<TResponse>>;
}

// The registry stores routes without their generic types; `defineRoute` checks them at the call.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;

export function defineRoute<
  TBody extends ZodType | undefined = undefined,
  TQuery extends ZodType | undefined = undefined,
  TParams extends ZodType | undefined = undefined,
  TResponse extends ZodType = ZodType,
>(spec: RouteSpec<TBody, TQuery, TParams, TResponse>): AnyRoute {
  return spec as AnyRoute;
}
