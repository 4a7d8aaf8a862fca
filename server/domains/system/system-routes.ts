import { z } from 'zod';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import { bearerToken } from '../../core/http/register-routes.js';
import { AppError, errors } from '../../core/errors.js';

export interface SystemDeps {
  registry: Registry;
  /** True once the store is open and the stream accepts sockets. */
  isReady(): boolean;
  metricsToken?: string | undefined;
  /** The document itself is built after every route is known, hence a getter. */
  openApi(): unknown;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The public routes of product.md: health, metrics and the API's own description. */
export function systemRoutes(deps: SystemDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness and readiness: ok once the store is open and the stream accepts',
      tags: ['system'],
      auth: 'public',
      errors: [503],
      response: z.object({ status: z.literal('ok') }),
      async handler() {
        if (!deps.isReady()) throw new AppError(503, 'starting', 'store or stream not ready yet');
        return { status: 'ok' as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus exposition: process, stream, ingest and metric-store gauges',
      tags: ['system'],
      auth: 'public',
      errors: deps.metricsToken ? [401] : [],
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      response: z.string(),
      async handler({ req }) {
        if (deps.metricsToken) {
          const token = bearerToken(req);
          if (!token || !sameSecret(token, deps.metricsToken)) throw errors.unauthenticated('metrics token required');
        }
        return deps.registry.metrics();
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/openapi.json',
      summary: 'This API as OpenAPI 3.1, generated from the schemas that validate it',
      tags: ['system'],
      auth: 'public',
      response: z.object({ openapi: z.string() }).loose(),
      async handler() {
        return deps.openApi() as { openapi: string };
      },
    }),
  ];
}
