import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { actorOf } from '../../../core/auth/principal.js';
import { installErrorHandling, registerRoutes } from '../../../core/http/register-routes.js';
import { auditRoutes } from '../../audit/audit-routes.js';
import { createIdentityKit, type IdentityKit } from './identity-kit.js';

export interface InjectedResponse {
  statusCode: number;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

export interface IdentityApp extends IdentityKit {
  app: FastifyInstance;
  /** A request with `Authorization: Bearer <token>` when a token is given; a string payload is sent as raw JSON text. */
  call(method: InjectOptions['method'], url: string, token?: string | null, payload?: unknown): Promise<InjectedResponse>;
  auditCount(): Promise<number>;
}

/** A tiny Fastify app with only the identity and audit routes, wired like server/app.ts. */
export async function createIdentityApp(): Promise<IdentityApp> {
  const kit = await createIdentityKit();
  const app = Fastify();
  installErrorHandling(app);
  registerRoutes(app, [...kit.identity.routes, ...auditRoutes(kit.audit)], {
    authenticate: kit.identity.authenticate,
    recordAudit: (principal, entry, req) => kit.audit.record({ ...actorOf(principal), ...entry, ip: req.ip }),
  });
  await app.ready();
  return {
    ...kit,
    app,
    call: (method, url, token, payload) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (typeof payload === 'string') headers['content-type'] = 'application/json';
      return app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : (payload as object) }),
      });
    },
    auditCount: async () => (await kit.audit.list({ limit: 1000 })).items.length,
    close: async () => {
      await app.close();
      await kit.close();
    },
  };
}
