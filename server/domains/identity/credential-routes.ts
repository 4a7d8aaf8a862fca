import { PageQuerySchema, pageOf } from '../../../shared/protocol/api.js';
import { actorOf } from '../../core/auth/principal.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { IdentityService } from './identity-service.js';
import {
  ApiKeyCreateSchema,
  ApiKeyViewSchema,
  DisplayCredentialCreateSchema,
  DisplayCredentialViewSchema,
  IdParamsSchema,
  NoQuerySchema,
  IssuedApiKeySchema,
  IssuedDisplayCredentialSchema,
} from './identity-schemas.js';

const CREDENTIALS = { permission: 'credentials:manage' } as const;

export function credentialRoutes(service: IdentityService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/display-credentials',
      summary: 'List wall display credentials (oldest first, revoked ones included)',
      tags: ['credentials'],
      auth: CREDENTIALS,
      query: PageQuerySchema,
      response: pageOf(DisplayCredentialViewSchema),
      handler: ({ query }) => service.listDisplayCredentials(query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/display-credentials',
      summary: 'Issue a read-only display credential; its token is shown in this answer only',
      tags: ['credentials'],
      auth: CREDENTIALS,
      body: DisplayCredentialCreateSchema,
      response: IssuedDisplayCredentialSchema,
      status: 201,
      handler: async ({ body, principal, audit }) => {
        const c = await service.createDisplayCredential(body, actorOf(principal).actor);
        audit({ action: 'display-credential.create', target: `display:${c.id}`, details: { name: c.name, scope: c.scope } });
        return c;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/display-credentials/:id',
      summary: 'Revoke a display credential; walls using it are disconnected',
      tags: ['credentials'],
      auth: CREDENTIALS,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: DisplayCredentialViewSchema,
      handler: async ({ params, audit }) => {
        const c = await service.revokeDisplayCredential(params.id);
        audit({ action: 'display-credential.revoke', target: `display:${c.id}`, details: { name: c.name } });
        return c;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/api-keys',
      summary: 'List API keys (oldest first, revoked ones included)',
      tags: ['credentials'],
      auth: CREDENTIALS,
      query: PageQuerySchema,
      response: pageOf(ApiKeyViewSchema),
      handler: ({ query }) => service.listApiKeys(query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/api-keys',
      summary: 'Issue an API key for a machine that pushes data; its token is shown in this answer only',
      tags: ['credentials'],
      auth: CREDENTIALS,
      body: ApiKeyCreateSchema,
      response: IssuedApiKeySchema,
      status: 201,
      handler: async ({ body, principal, audit }) => {
        const k = await service.createApiKey(body, actorOf(principal).actor);
        audit({ action: 'api-key.create', target: `apikey:${k.id}`, details: { name: k.name, scopes: k.scopes, tenantId: k.tenantId } });
        return k;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/api-keys/:id',
      summary: 'Revoke an API key',
      tags: ['credentials'],
      auth: CREDENTIALS,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: ApiKeyViewSchema,
      handler: async ({ params, audit }) => {
        const k = await service.revokeApiKey(params.id);
        audit({ action: 'api-key.revoke', target: `apikey:${k.id}`, details: { name: k.name } });
        return k;
      },
    }),
  ];
}
