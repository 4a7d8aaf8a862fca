import type { StoreMigration } from './store-migration.js';

/** Tenant dashboards (issue #7): one row per dashboard, its panels as JSON, listed per tenant by name. */
export const dashboardsMigration: StoreMigration = {
  async up(db) {
    await db.schema
      .createTable('dashboards')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('panels', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dashboards_tenant_idx').on('dashboards').columns(['tenant', 'name', 'id']).execute();
  },
};
