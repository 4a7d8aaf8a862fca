import { LoginRequestSchema, SessionResponseSchema } from '../../../shared/protocol/api.js';
import { permissionsOf, type Principal } from '../../core/auth/principal.js';
import { errors } from '../../core/errors.js';
import { bearerToken } from '../../core/http/register-routes.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { IdentityService } from './identity-service.js';
import { LogoutResponseSchema, MeResponseSchema, NoQuerySchema } from './identity-schemas.js';

/** Sessions are for people; a wall or a machine has nothing to refresh or sign out. */
function personOf(p: Principal | null): Extract<Principal, { kind: 'user' }> {
  if (p?.kind !== 'user') throw errors.forbidden('only a signed-in person has a session');
  return p;
}

export function authRoutes(service: IdentityService): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/login',
      summary: 'Sign in with username and password',
      tags: ['auth'],
      auth: 'public',
      body: LoginRequestSchema,
      response: SessionResponseSchema,
      errors: [401, 429],
      handler: async ({ body, req, audit }) => {
        const { token, expiresAt, user } = await service.login(body.username, body.password, req.ip);
        audit({ action: 'auth.login', target: `user:${user.id}`, details: { username: user.username } });
        return { token, expiresAt, user };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      summary: 'Swap the session token for a new one with a later expiry (same session, old token stops working)',
      tags: ['auth'],
      auth: 'authenticated',
      response: SessionResponseSchema,
      handler: async ({ principal, req, audit }) => {
        const person = personOf(principal);
        const { token, expiresAt, user } = await service.refresh(bearerToken(req) ?? '');
        audit({ action: 'auth.refresh', target: `user:${person.userId}`, details: { sessionId: person.sessionId } });
        return { token, expiresAt, user };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/logout',
      summary: 'End this session',
      tags: ['auth'],
      auth: 'authenticated',
      response: LogoutResponseSchema,
      handler: async ({ principal, audit }) => {
        const person = personOf(principal);
        const endedSessions = await service.logout(person.sessionId);
        audit({ action: 'auth.logout', target: `user:${person.userId}`, details: { sessionId: person.sessionId } });
        return { endedSessions };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      summary: 'Sign out everywhere: end every session of the calling user',
      tags: ['auth'],
      auth: 'authenticated',
      response: LogoutResponseSchema,
      handler: async ({ principal, audit }) => {
        const person = personOf(principal);
        const endedSessions = await service.logoutAll(person.userId);
        audit({ action: 'auth.logout-all', target: `user:${person.userId}`, details: { endedSessions } });
        return { endedSessions };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/auth/me',
      summary: 'The calling credential and what it may do',
      tags: ['auth'],
      auth: 'authenticated',
      query: NoQuerySchema,
      response: MeResponseSchema,
      handler: async ({ principal }) => {
        const p = principal!;
        const permissions = [...permissionsOf(p)];
        switch (p.kind) {
          case 'user':
            return {
              kind: 'user' as const,
              user: await service.getUser(p.userId),
              sessionId: p.sessionId,
              expiresAt: new Date(p.expiresAt).toISOString(),
              permissions,
            };
          case 'display':
            return {
              kind: 'display' as const,
              id: p.credentialId,
              name: p.name,
              scope: p.scope,
              expiresAt: p.expiresAt === null ? null : new Date(p.expiresAt).toISOString(),
              permissions,
            };
          case 'apikey':
            return { kind: 'apikey' as const, id: p.keyId, name: p.name, scopes: p.scopes, tenantId: p.tenantId, permissions };
        }
      },
    }),
  ];
}
