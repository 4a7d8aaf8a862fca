/**
 * Tenant dashboards (issue #7, tenant-defined monitoring). Filled in by migration
 * 0005-dashboards; see server/store/database.ts for the column conventions.
 */
export interface DashboardTables {
  dashboards: DashboardsTable;
}

export interface DashboardsTable {
  id: string;
  tenant: string;
  name: string;
  /** JSON: DashboardPanel[]. */
  panels: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}
