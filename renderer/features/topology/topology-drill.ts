import { computed, shallowRef, type ComputedRef, type ShallowRef } from 'vue';
import type { TopologyPathResult } from '../../../shared/protocol/topology-layout';
import { queryString, type ApiClient } from '../../services/api';

/**
 * The drill-down beside the wall: platform → a business system's paths (what it runs on, what
 * its failure hits) → one component → one of its metrics. Everything here comes over REST on a
 * click; the server computes paths and their drawing positions, the console only shows them.
 *
 *   platform ──click system──▶ system ──click component──▶ component ──▶ metric
 *      ▲                          │                          ▲
 *      └──────── breadcrumb ──────┴── click a non-business node on the wall
 */

/** `GET /api/v1/metrics` (server/domains/metrics/metrics-routes.ts, MetricsResponseSchema). */
export interface MetricHistory {
  node: string;
  metric: string;
  from: string;
  to: string;
  tier: 'raw' | '5m' | '1h';
  step: number;
  points: Array<{ t: string; min: number | null; max: number | null; avg: number | null }>;
}

/** `GET /api/v1/metrics/series` (SeriesResponseSchema). */
export interface MetricSeriesList {
  node: string;
  series: Array<{ metric: string; t: string | null; v: number | null }>;
}

export type Loadable<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; message: string };

export interface DrillTarget {
  id: string;
  name: string;
}

export type Crumb =
  | { kind: 'platform' }
  | { kind: 'system'; id: string; name: string }
  | { kind: 'component'; id: string; name: string }
  | { kind: 'metric'; id: string; name: string };

/** The server answers at most this many buckets (metrics-routes.ts MAX_POINTS). */
export const MAX_METRIC_POINTS = 2_000;
/** Metrics an operator looks at first, when a component has them. */
const PREFERRED_METRICS = ['cpu_util', 'latency_ms', 'error_rate', 'mem_util', 'disk_util', 'net_mbps', 'queue_depth', 'packet_loss'];

/** The metric to show first: a preferred one the node reports, else the first with a value. */
export function defaultMetric(list: MetricSeriesList['series']): string | null {
  for (const m of PREFERRED_METRICS) if (list.some((s) => s.metric === m)) return m;
  return list.find((s) => s.v !== null)?.metric ?? list[0]?.metric ?? null;
}

/** About two buckets per pixel of chart width, within what the server allows. */
export function pointsFor(widthPx: number): number {
  return Math.max(10, Math.min(MAX_METRIC_POINTS, Math.round(2 * widthPx)));
}

const IDLE = { state: 'idle' } as const;

export interface TopologyDrill {
  system: ShallowRef<DrillTarget | null>;
  component: ShallowRef<DrillTarget | null>;
  metric: ShallowRef<string | null>;
  dependencies: ShallowRef<Loadable<TopologyPathResult>>;
  impact: ShallowRef<Loadable<TopologyPathResult>>;
  series: ShallowRef<Loadable<MetricSeriesList>>;
  /** The business systems a failure of the open component would hit. */
  componentImpact: ShallowRef<Loadable<TopologyPathResult>>;
  history: ShallowRef<Loadable<MetricHistory>>;
  breadcrumbs: ComputedRef<Crumb[]>;
  openSystem(t: DrillTarget): Promise<void>;
  openComponent(t: DrillTarget): Promise<void>;
  openMetric(metric: string): void;
  loadHistory(points: number): Promise<void>;
  goTo(kind: Crumb['kind']): void;
  close(): void;
}

export function createTopologyDrill(client: () => ApiClient): TopologyDrill {
  const system = shallowRef<DrillTarget | null>(null);
  const component = shallowRef<DrillTarget | null>(null);
  const metric = shallowRef<string | null>(null);
  const dependencies = shallowRef<Loadable<TopologyPathResult>>(IDLE);
  const impact = shallowRef<Loadable<TopologyPathResult>>(IDLE);
  const series = shallowRef<Loadable<MetricSeriesList>>(IDLE);
  const componentImpact = shallowRef<Loadable<TopologyPathResult>>(IDLE);
  const history = shallowRef<Loadable<MetricHistory>>(IDLE);
  // A newer click wins: each loader drops answers to requests it no longer waits for.
  const gen = { paths: 0, series: 0, componentImpact: 0, history: 0 };

  async function load<T>(key: keyof typeof gen, target: ShallowRef<Loadable<T>>, path: string): Promise<T | null> {
    const mine = ++gen[key];
    // A refresh of the same selection keeps showing the last answer; a new selection was reset to idle.
    if (target.value.state !== 'ready') target.value = { state: 'loading' };
    try {
      const data = await client().request<T>('GET', path);
      if (mine !== gen[key]) return null;
      target.value = { state: 'ready', data };
      return data;
    } catch (e) {
      if (mine === gen[key]) target.value = { state: 'error', message: e instanceof Error ? e.message : String(e) };
      return null;
    }
  }

  async function loadPaths(id: string): Promise<void> {
    const base = `/api/v1/topology/paths/${encodeURIComponent(id)}`;
    const paths = load<TopologyPathResult>('paths', dependencies, `${base}?direction=dependencies`);
    // Same generation counter: the impact answer belongs to the same click.
    const mine = gen.paths;
    impact.value = { state: 'loading' };
    try {
      const data = await client().request<TopologyPathResult>('GET', `${base}?direction=impact`);
      if (mine === gen.paths) impact.value = { state: 'ready', data };
    } catch (e) {
      if (mine === gen.paths) impact.value = { state: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    await paths;
  }

  function clearComponent(): void {
    component.value = null;
    metric.value = null;
    series.value = IDLE;
    componentImpact.value = IDLE;
    history.value = IDLE;
    gen.series++;
    gen.componentImpact++;
    gen.history++;
  }

  async function openSystem(t: DrillTarget): Promise<void> {
    clearComponent();
    system.value = t;
    dependencies.value = IDLE;
    impact.value = IDLE;
    await loadPaths(t.id);
  }

  async function openComponent(t: DrillTarget): Promise<void> {
    clearComponent();
    component.value = t;
    const impactOf = load<TopologyPathResult>('componentImpact', componentImpact, `/api/v1/topology/paths/${encodeURIComponent(t.id)}?direction=impact`);
    const list = await load<MetricSeriesList>('series', series, `/api/v1/metrics/series${queryString({ node: t.id })}`);
    if (list && component.value === t) metric.value = defaultMetric(list.series);
    await impactOf;
  }

  function openMetric(name: string): void {
    if (!component.value) return;
    metric.value = name;
    history.value = IDLE;
  }

  async function loadHistory(points: number): Promise<void> {
    const c = component.value;
    const m = metric.value;
    if (!c || !m) return;
    const q = queryString({ node: c.id, metric: m, points: Math.max(1, Math.min(MAX_METRIC_POINTS, Math.round(points))) });
    await load<MetricHistory>('history', history, `/api/v1/metrics${q}`);
  }

  function goTo(kind: Crumb['kind']): void {
    if (kind === 'platform') close();
    else if (kind === 'system') clearComponent();
    // The component crumb shows the component with its metric: nothing to truncate.
  }

  function close(): void {
    clearComponent();
    system.value = null;
    dependencies.value = IDLE;
    impact.value = IDLE;
    gen.paths++;
  }

  const breadcrumbs = computed<Crumb[]>(() => {
    const out: Crumb[] = [{ kind: 'platform' }];
    if (system.value) out.push({ kind: 'system', ...system.value });
    if (component.value) out.push({ kind: 'component', ...component.value });
    if (component.value && metric.value) out.push({ kind: 'metric', id: component.value.id, name: metric.value });
    return out;
  });

  return { system, component, metric, dependencies, impact, series, componentImpact, history, breadcrumbs, openSystem, openComponent, openMetric, loadHistory, goTo, close };
}
