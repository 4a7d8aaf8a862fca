import { TenantSchema, UserSchema } from '../../../shared/domain/identity.js';
import { PageQuerySchema, pageOf } from '../../../shared/protocol/api.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { IdentityService } from './identity-service.js';
import {
  DeletedResponseSchema,
  IdParamsSchema,
  NoQuerySchema,
  TenantCreateSchema,
  TenantPatchSchema,
  UserCreateSchema,
  UserListQuerySchema,
  UserPatchSchema,
} from './identity-schemas.js';

const TENANTS = { permission: 'tenants:manage' } as const;
const USERS = { permission: 'users:manage' } as const;

export function directoryRoutes(service: IdentityService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/tenants',
      summary: 'List tenants',
      tags: ['tenants'],
      auth: TENANTS,
      query: PageQuerySchema,
      response: pageOf(TenantSchema),
      handler: ({ query }) => service.listTenants(query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/tenants',
      summary: 'Create a tenant',
      tags: ['tenants'],
      auth: TENANTS,
      body: TenantCreateSchema,
      response: TenantSchema,
      status: 201,
      errors: [409],
      handler: async ({ body, audit }) => {
        const t = await service.createTenant(body);
        audit({ action: 'tenant.create', target: `tenant:${t.id}`, details: { name: t.name } });
        return t;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/tenants/:id',
      summary: 'One tenant',
      tags: ['tenants'],
      auth: TENANTS,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: TenantSchema,
      handler: ({ params }) => service.getTenant(params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/tenants/:id',
      summary: 'Rename a tenant',
      tags: ['tenants'],
      auth: TENANTS,
      params: IdParamsSchema,
      body: TenantPatchSchema,
      response: TenantSchema,
      handler: async ({ params, body, audit }) => {
        const t = await service.updateTenant(params.id, body);
        audit({ action: 'tenant.update', target: `tenant:${t.id}`, details: { name: t.name } });
        return t;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/tenants/:id',
      summary: 'Delete a tenant that has no users and no live API keys',
      tags: ['tenants'],
      auth: TENANTS,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: DeletedResponseSchema,
      errors: [409],
      handler: async ({ params, audit }) => {
        const t = await service.deleteTenant(params.id);
        audit({ action: 'tenant.delete', target: `tenant:${t.id}`, details: { name: t.name } });
        return { id: t.id, deleted: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/users',
      summary: 'List users (by username)',
      tags: ['users'],
      auth: USERS,
      query: UserListQuerySchema,
      response: pageOf(UserSchema),
      handler: ({ query }) => service.listUsers(query),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/users',
      summary: 'Create a user (tenant roles need tenantId; operators need tier 1-4)',
      tags: ['users'],
      auth: USERS,
      body: UserCreateSchema,
      response: UserSchema,
      status: 201,
      errors: [409],
      handler: async ({ body, audit }) => {
        const u = await service.createUser(body);
        audit({
          action: 'user.create',
          target: `user:${u.id}`,
          details: { username: u.username, role: u.role, tier: u.tier, tenantId: u.tenantId },
        });
        return u;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/users/:id',
      summary: 'One user',
      tags: ['users'],
      auth: USERS,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: UserSchema,
      handler: ({ params }) => service.getUser(params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/v1/users/:id',
      summary: 'Change a user; disabling or changing role, tier, tenant or password signs them out everywhere',
      tags: ['users'],
      auth: USERS,
      params: IdParamsSchema,
      body: UserPatchSchema,
      response: UserSchema,
      errors: [409],
      handler: async ({ params, body, audit }) => {
        const { user, changed } = await service.updateUser(params.id, body);
        // Names of changed fields, never the new password.
        audit({ action: 'user.update', target: `user:${user.id}`, details: { username: user.username, changed } });
        return user;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/users/:id',
      summary: 'Delete a user and end their sessions',
      tags: ['users'],
      auth: USERS,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: DeletedResponseSchema,
      errors: [409],
      handler: async ({ params, audit }) => {
        const u = await service.deleteUser(params.id);
        audit({ action: 'user.delete', target: `user:${u.id}`, details: { username: u.username } });
        return { id: u.id, deleted: true as const };
      },
    }),
  ];
}
