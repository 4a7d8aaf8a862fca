import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Database } from '../../store/database.js';
import type { MetricStore } from '../metrics/index.js';
import type { VisibilityIndex } from '../topology/index.js';
import { createKyselyDashboardRepository } from './dashboard-repository.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { DashboardService } from './dashboard-service.js';

export { DashboardService } from './dashboard-service.js';
export type { DashboardRepository } from './dashboard-repository.js';

export interface DashboardsOptions {
  db: Kysely<Database>;
  visibility: Pick<VisibilityIndex, 'isNodeVisible'>;
  store: Pick<MetricStore, 'metricsOf'>;
  wallClock: Clock;
}

export interface Dashboards {
  routes: AnyRoute[];
  service: DashboardService;
}

/**
 * Tenant-defined monitoring (issue #7): dashboards a tenant-admin builds from its own tenant's
 * metrics, stored per tenant. The console draws each panel with the performance chart (REST
 * history + `metrics:<nodeId>`), so this domain only keeps and checks the definitions.
 */
export function createDashboards(opts: DashboardsOptions): Dashboards {
  const service = new DashboardService({
    repo: createKyselyDashboardRepository(opts.db),
    nodeVisible: (node, audience) => opts.visibility.isNodeVisible(node, audience),
    metricsOf: (node) => opts.store.metricsOf(node),
    tenantExists: async (tenant) => (await opts.db.selectFrom('tenants').select('id').where('id', '=', tenant).executeTakeFirst()) !== undefined,
    wallClock: opts.wallClock,
  });
  return { routes: dashboardRoutes(service), service };
}
