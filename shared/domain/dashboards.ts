/**
 * Tenant-defined monitoring (issue #7, item 5): a tenant-admin builds dashboards from their own
 * tenant's metrics. A dashboard belongs to exactly one tenant; its panels name nodes that tenant
 * sees (its systems and the shared platform nodes on their dependency paths) and a metric each
 * node reports.
 *
 *   tenant-admin ──create/edit/delete──▶ dashboard (own tenant only)
 *   tenant-viewer, operations roles, walls ──read──▶ dashboards of their audience
 */
export const PANEL_CHARTS = ['line', 'area', 'bar', 'gauge', 'stat'] as const;
export type PanelChart = (typeof PANEL_CHARTS)[number];

/** The performance chart's time ranges (also a panel's default range). */
export const TIME_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
export const TIME_RANGE_MS: Record<TimeRange, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

/** Thresholds a panel draws (and a stat/gauge colours by); `direction` says which side is bad. */
export interface PanelThresholds {
  direction: 'above' | 'below';
  warning: number | null;
  critical: number | null;
}

export interface DashboardPanel {
  /** Unique within its dashboard. */
  id: string;
  title: string | null;
  node: string;
  metric: string;
  chart: PanelChart;
  range: TimeRange;
  thresholds: PanelThresholds | null;
}

export interface Dashboard {
  id: string;
  tenant: string;
  name: string;
  panels: DashboardPanel[];
  /** Optimistic concurrency: an edit names the version it was made on. */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const MAX_PANELS = 24;
export const MAX_DASHBOARDS_PER_TENANT = 200;

/** Where a value stands against a panel's thresholds: what a stat or gauge panel shows beside it. */
export function thresholdLevel(v: number | null, t: PanelThresholds | null): 'ok' | 'warning' | 'critical' | null {
  if (v === null || !Number.isFinite(v)) return null;
  if (!t) return 'ok';
  const past = (limit: number | null) => limit !== null && (t.direction === 'above' ? v >= limit : v <= limit);
  if (past(t.critical)) return 'critical';
  if (past(t.warning)) return 'warning';
  return 'ok';
}
