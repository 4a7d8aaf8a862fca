import type { Kysely, Selectable } from 'kysely';
import type { Dashboard, DashboardPanel } from '../../../shared/domain/dashboards.js';
import { decodeCursor, pageFrom, type Page } from '../../store/cursor.js';
import type { Database } from '../../store/database.js';
import type { DashboardsTable } from '../../store/tables/dashboard-tables.js';

export interface DashboardListOptions {
  /** `all` for operations audiences; otherwise only these tenants' dashboards (empty: none). */
  tenants: readonly string[] | 'all';
  limit: number;
  cursor?: string | undefined;
}

/** Tenant dashboards in the store (architecture.md convention 4: one Kysely implementation, both engines). */
export interface DashboardRepository {
  /** Ordered by tenant, name, id. */
  list(opts: DashboardListOptions): Promise<Page<Dashboard>>;
  get(id: string): Promise<Dashboard | null>;
  countInTenant(tenant: string): Promise<number>;
  insert(d: Dashboard): Promise<void>;
  /** Writes `d` when the stored version is `d.version − 1`; false when it is not (or gone). */
  update(d: Dashboard): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

function toRow(d: Dashboard): DashboardsTable {
  return {
    id: d.id,
    tenant: d.tenant,
    name: d.name,
    panels: JSON.stringify(d.panels),
    version: d.version,
    created_by: d.createdBy,
    created_at: d.createdAt,
    updated_by: d.updatedBy,
    updated_at: d.updatedAt,
  };
}

function fromRow(r: Selectable<DashboardsTable>): Dashboard {
  return {
    id: r.id,
    tenant: r.tenant,
    name: r.name,
    panels: JSON.parse(r.panels) as DashboardPanel[],
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

export function createKyselyDashboardRepository(db: Kysely<Database>): DashboardRepository {
  return {
    async list({ tenants, limit, cursor }) {
      if (tenants !== 'all' && tenants.length === 0) return { items: [], nextCursor: null };
      let q = db.selectFrom('dashboards').selectAll();
      if (tenants !== 'all') q = q.where('tenant', 'in', [...tenants]);
      if (cursor) {
        const [tenant, name, id] = decodeCursor(cursor, ['string', 'string', 'string']) as [string, string, string];
        q = q.where((eb) =>
          eb.or([
            eb('tenant', '>', tenant),
            eb.and([eb('tenant', '=', tenant), eb('name', '>', name)]),
            eb.and([eb('tenant', '=', tenant), eb('name', '=', name), eb('id', '>', id)]),
          ]),
        );
      }
      const rows = await q.orderBy('tenant').orderBy('name').orderBy('id').limit(limit + 1).execute();
      return pageFrom(rows.map(fromRow), limit, (d) => [d.tenant, d.name, d.id]);
    },
    async get(id) {
      const r = await db.selectFrom('dashboards').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : null;
    },
    async countInTenant(tenant) {
      const r = await db.selectFrom('dashboards').select((eb) => eb.fn.countAll<number | string>().as('n')).where('tenant', '=', tenant).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async insert(d) {
      await db.insertInto('dashboards').values(toRow(d)).execute();
    },
    async update(d) {
      const { id: _id, created_at: _c, created_by: _b, tenant: _t, ...changes } = toRow(d);
      const r = await db.updateTable('dashboards').set(changes).where('id', '=', d.id).where('version', '=', d.version - 1).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async delete(id) {
      const r = await db.deleteFrom('dashboards').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
