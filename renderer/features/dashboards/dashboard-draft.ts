import type { Dashboard, DashboardPanel, PanelChart, PanelThresholds, TimeRange } from '../../../shared/domain/dashboards';
import { MAX_PANELS } from '../../../shared/domain/dashboards';
import type { DashboardCreate, DashboardUpdate } from '../../../shared/protocol/dashboards';

/** A panel being edited: thresholds as optional numbers, node and metric not chosen yet. */
export interface PanelDraft {
  id: string | null;
  title: string;
  node: string | null;
  metric: string | null;
  chart: PanelChart;
  range: TimeRange;
  direction: PanelThresholds['direction'];
  warning: number | null;
  critical: number | null;
}

export interface DashboardDraft {
  id: string | null;
  version: number | null;
  name: string;
  panels: PanelDraft[];
}

export function emptyPanel(): PanelDraft {
  return { id: null, title: '', node: null, metric: null, chart: 'line', range: '1h', direction: 'above', warning: null, critical: null };
}

export function emptyDraft(): DashboardDraft {
  return { id: null, version: null, name: '', panels: [] };
}

export function draftOf(d: Dashboard): DashboardDraft {
  return {
    id: d.id,
    version: d.version,
    name: d.name,
    panels: d.panels.map((p) => ({
      id: p.id,
      title: p.title ?? '',
      node: p.node,
      metric: p.metric,
      chart: p.chart,
      range: p.range,
      direction: p.thresholds?.direction ?? 'above',
      warning: p.thresholds?.warning ?? null,
      critical: p.thresholds?.critical ?? null,
    })),
  };
}

export type DraftProblem = { kind: 'name' } | { kind: 'panel'; index: number } | { kind: 'too-many' };

/** What stops a draft from being saved (the server checks again; this only saves a round trip). */
export function draftProblems(d: DashboardDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (d.name.trim() === '') out.push({ kind: 'name' });
  if (d.panels.length > MAX_PANELS) out.push({ kind: 'too-many' });
  d.panels.forEach((p, index) => {
    if (!p.node || !p.metric) out.push({ kind: 'panel', index });
  });
  return out;
}

function panelPayload(p: PanelDraft): Omit<DashboardPanel, 'id' | 'title'> & { id?: string; title: string | null } {
  const thresholds = p.warning === null && p.critical === null ? null : { direction: p.direction, warning: p.warning, critical: p.critical };
  return {
    ...(p.id ? { id: p.id } : {}),
    title: p.title.trim() || null,
    node: p.node ?? '',
    metric: p.metric ?? '',
    chart: p.chart,
    range: p.range,
    thresholds,
  };
}

/** The body of `POST /api/v1/dashboards` (new) or `PUT /api/v1/dashboards/:id` (edit, with the version it was made on). */
export function payloadOf(d: DashboardDraft): DashboardCreate | DashboardUpdate {
  const panels = d.panels.map(panelPayload);
  if (d.id === null) return { name: d.name.trim(), panels };
  return { name: d.name.trim(), panels, ...(d.version !== null ? { expectedVersion: d.version } : {}) };
}
