import { randomUUID } from 'node:crypto';
import type { Dashboard, DashboardPanel } from '../../../shared/domain/dashboards.js';
import { MAX_DASHBOARDS_PER_TENANT } from '../../../shared/domain/dashboards.js';
import type { z } from 'zod';
import type { DashboardCreateSchema, DashboardUpdateSchema, PanelInputSchema } from '../../../shared/protocol/dashboards.js';
import { audienceOf, can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { AppError, errors } from '../../core/errors.js';
import type { Page } from '../../store/cursor.js';
import type { DashboardRepository } from './dashboard-repository.js';

type PanelInput = z.output<typeof PanelInputSchema>;
type CreateInput = z.output<typeof DashboardCreateSchema>;
type UpdateInput = z.output<typeof DashboardUpdateSchema>;

export interface DashboardServiceDeps {
  repo: DashboardRepository;
  /** True only when the node exists and the audience sees it (the topology's visibility). */
  nodeVisible(node: string, audience: Audience): boolean;
  /** The metric names a node reports. */
  metricsOf(node: string): readonly string[];
  /** Does this tenant exist? */
  tenantExists(tenant: string): Promise<boolean>;
  wallClock: Clock;
}

const tenantAudience = (tenant: string): Audience => ({ kind: 'tenants', tenants: [tenant] });

/**
 * Who may see a dashboard: everyone whose audience covers its tenant. Another tenant's
 * dashboard answers 404 exactly like a missing one, so ids do not leak across tenants.
 */
function readable(d: Dashboard, a: Audience): boolean {
  return a.kind === 'operations' || (a.kind === 'tenants' && a.tenants.includes(d.tenant));
}

/** Write access: `dashboards:write`, and a tenant user only on its own tenant. */
function writable(d: { tenant: string }, p: Principal): boolean {
  if (!can(p, 'dashboards:write')) return false;
  if (p.kind !== 'user') return false;
  return p.tenantId === null ? audienceOf(p).kind === 'operations' : p.tenantId === d.tenant;
}

export class DashboardService {
  constructor(private readonly deps: DashboardServiceDeps) {}

  async list(p: Principal, q: { limit: number; cursor?: string | undefined; tenant?: string | undefined }): Promise<Page<Dashboard>> {
    const a = audienceOf(p);
    let tenants: readonly string[] | 'all' = a.kind === 'operations' ? 'all' : a.kind === 'tenants' ? a.tenants : [];
    if (q.tenant) tenants = tenants === 'all' || tenants.includes(q.tenant) ? [q.tenant] : [];
    return this.deps.repo.list({ tenants, limit: q.limit, cursor: q.cursor });
  }

  async get(p: Principal, id: string): Promise<Dashboard> {
    const d = await this.deps.repo.get(id);
    if (!d || !readable(d, audienceOf(p))) throw errors.notFound('dashboard');
    return d;
  }

  async create(p: Principal, input: CreateInput): Promise<Dashboard> {
    const tenant = this.tenantFor(p, input.tenant);
    if (!writable({ tenant }, p)) throw errors.forbidden('dashboards of this tenant cannot be edited by this credential');
    if (p.kind === 'user' && p.tenantId === null && !(await this.deps.tenantExists(tenant))) throw errors.notFound('tenant');
    if ((await this.deps.repo.countInTenant(tenant)) >= MAX_DASHBOARDS_PER_TENANT) {
      throw new AppError(409, 'too_many_dashboards', `a tenant keeps at most ${MAX_DASHBOARDS_PER_TENANT} dashboards`);
    }
    const panels = this.panels(tenant, input.panels);
    const now = new Date(this.deps.wallClock.now()).toISOString();
    const who = p.kind === 'user' ? p.username : 'unknown';
    const d: Dashboard = { id: `db-${randomUUID()}`, tenant, name: input.name, panels, version: 1, createdBy: who, createdAt: now, updatedBy: who, updatedAt: now };
    await this.deps.repo.insert(d);
    return d;
  }

  async update(p: Principal, id: string, input: UpdateInput): Promise<Dashboard> {
    const current = await this.writableOne(p, id);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw errors.conflict(`the dashboard was changed meanwhile (version ${current.version})`);
    }
    const panels = this.panels(current.tenant, input.panels);
    const next: Dashboard = {
      ...current,
      name: input.name,
      panels,
      version: current.version + 1,
      updatedBy: p.kind === 'user' ? p.username : 'unknown',
      updatedAt: new Date(this.deps.wallClock.now()).toISOString(),
    };
    if (!(await this.deps.repo.update(next))) throw errors.conflict('the dashboard was changed meanwhile');
    return next;
  }

  async delete(p: Principal, id: string): Promise<Dashboard> {
    const current = await this.writableOne(p, id);
    await this.deps.repo.delete(id);
    return current;
  }

  private async writableOne(p: Principal, id: string): Promise<Dashboard> {
    const d = await this.get(p, id);
    if (!writable(d, p)) throw errors.forbidden('dashboards of this tenant cannot be edited by this credential');
    return d;
  }

  private tenantFor(p: Principal, asked: string | undefined): string {
    if (p.kind === 'user' && p.tenantId !== null) {
      // A tenant user builds only for its own tenant; naming another answers like a missing one.
      if (asked !== undefined && asked !== p.tenantId) throw errors.notFound('tenant');
      return p.tenantId;
    }
    if (!asked) throw new AppError(400, 'tenant_required', 'name the tenant the dashboard is for');
    return asked;
  }

  /**
   * Panels reference only nodes the dashboard's tenant sees and metrics those nodes report. An
   * invisible node answers exactly like an unknown one (400, same message).
   */
  private panels(tenant: string, input: readonly PanelInput[]): DashboardPanel[] {
    const audience = tenantAudience(tenant);
    const ids = new Set<string>();
    return input.map((panel, i) => {
      if (!this.deps.nodeVisible(panel.node, audience)) {
        throw new AppError(400, 'invalid_panel', `panel ${i + 1}: no such node for this tenant`, { panel: i, field: 'node' });
      }
      if (!this.deps.metricsOf(panel.node).includes(panel.metric)) {
        throw new AppError(400, 'invalid_panel', `panel ${i + 1}: the node reports no metric ${panel.metric}`, { panel: i, field: 'metric' });
      }
      let id = panel.id ?? `p${i + 1}`;
      while (ids.has(id)) id = `${id}-${i + 1}`;
      ids.add(id);
      return { id, title: panel.title || null, node: panel.node, metric: panel.metric, chart: panel.chart, range: panel.range, thresholds: panel.thresholds };
    });
  }
}
