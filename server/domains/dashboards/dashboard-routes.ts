import { z } from 'zod';
import {
  DashboardCreateSchema,
  DashboardListQuerySchema,
  DashboardPageSchema,
  DashboardParamsSchema,
  DashboardSchema,
  DashboardUpdateSchema,
} from '../../../shared/protocol/dashboards.js';
import { errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { Principal } from '../../core/auth/principal.js';
import type { DashboardService } from './dashboard-service.js';

const NoQuerySchema = z.strictObject({});

const who = (p: Principal | null): Principal => {
  if (!p) throw errors.unauthenticated();
  return p;
};

/** `/api/v1/dashboards`: tenant dashboards, per audience; every change audited. */
export function dashboardRoutes(service: DashboardService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/dashboards',
      summary: 'Dashboards the caller may see (a tenant: its own), by tenant and name',
      tags: ['dashboards'],
      auth: { permission: 'dashboards:read' },
      query: DashboardListQuerySchema,
      response: DashboardPageSchema,
      handler: async ({ query, principal }) => service.list(who(principal), query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/dashboards/:id',
      summary: 'One dashboard with its panels',
      tags: ['dashboards'],
      auth: { permission: 'dashboards:read' },
      query: NoQuerySchema,
      params: DashboardParamsSchema,
      response: DashboardSchema,
      errors: [404],
      handler: async ({ params, principal }) => service.get(who(principal), params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/dashboards',
      summary: "Create a dashboard for the caller's tenant (operations: for a named tenant)",
      tags: ['dashboards'],
      auth: { permission: 'dashboards:write' },
      body: DashboardCreateSchema,
      response: DashboardSchema,
      status: 201,
      errors: [404, 409],
      handler: async ({ body, principal, audit }) => {
        const d = await service.create(who(principal), body);
        audit({ action: 'dashboard.create', target: `dashboard:${d.id}`, details: { tenant: d.tenant, name: d.name, panels: d.panels.length } });
        return d;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/dashboards/:id',
      summary: "Replace a dashboard's name and panels",
      tags: ['dashboards'],
      auth: { permission: 'dashboards:write' },
      params: DashboardParamsSchema,
      body: DashboardUpdateSchema,
      response: DashboardSchema,
      errors: [404, 409],
      handler: async ({ params, body, principal, audit }) => {
        const d = await service.update(who(principal), params.id, body);
        audit({ action: 'dashboard.update', target: `dashboard:${d.id}`, details: { tenant: d.tenant, name: d.name, panels: d.panels.length, version: d.version } });
        return d;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/dashboards/:id',
      summary: 'Delete a dashboard',
      tags: ['dashboards'],
      auth: { permission: 'dashboards:write' },
      query: NoQuerySchema,
      params: DashboardParamsSchema,
      response: DashboardSchema,
      errors: [404],
      handler: async ({ params, principal, audit }) => {
        const d = await service.delete(who(principal), params.id);
        audit({ action: 'dashboard.delete', target: `dashboard:${d.id}`, details: { tenant: d.tenant, name: d.name } });
        return d;
      },
    }),
  ];
}
