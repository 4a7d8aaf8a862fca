import { shallowRef, type ShallowRef } from 'vue';
import { TIME_RANGE_MS, type TimeRange } from '../../../shared/domain/dashboards';
import type { MetricValueEntity } from '../../../shared/protocol/topics';
import { queryString, type ApiClient } from '../../services/api';
import type { StreamClient, TopicEvent } from '../../services/socket';
import { appendLive, fromBuckets, MAX_SERIES_POINTS, type PerfPoint } from './performance-chart-option';

interface MetricsResponse {
  node: string;
  metric: string;
  from: string;
  to: string;
  step: number;
  points: Array<{ t: string; min: number | null; max: number | null; avg: number | null }>;
}

export type SeriesState = 'loading' | 'ready' | 'empty' | 'error';

export interface PerformanceSeries {
  readonly node: string;
  readonly metric: string;
  /** Replaced (never mutated) on load and on each live value. */
  readonly points: ShallowRef<readonly PerfPoint[]>;
  readonly state: ShallowRef<SeriesState>;
  readonly error: ShallowRef<string | null>;
  /** The x window in source time, moved along by live values. */
  readonly window: ShallowRef<{ from: number; to: number } | null>;
  /** The latest live value (stat and gauge panels). */
  readonly latest: ShallowRef<number | null>;
  /** (Re)load history for a range and points budget; live values keep coming either way. */
  load(range: TimeRange, points: number): Promise<void>;
  dispose(): void;
}

/**
 * One performance series: history over REST as `{t, min, max, avg}` buckets for a points budget,
 * then live values from `metrics:<nodeId>` appended (capped, trimmed to the window). Source time
 * comes from the topic (simulated time in demo mode), so the window follows the data, not the
 * wall clock. A newer load wins over an older one still in flight.
 */
export function createPerformanceSeries(opts: { api: ApiClient; stream: StreamClient | null; node: string; metric: string }): PerformanceSeries {
  const points = shallowRef<readonly PerfPoint[]>([]);
  const state = shallowRef<SeriesState>('loading');
  const error = shallowRef<string | null>(null);
  const window = shallowRef<{ from: number; to: number } | null>(null);
  const latest = shallowRef<number | null>(null);
  let rangeMs = TIME_RANGE_MS['1h'];
  let gen = 0;
  let sourceNow: number | null = null;
  let loaded = false;

  function onMetrics(ev: TopicEvent<MetricValueEntity>): void {
    sourceNow = Date.parse(ev.state.at);
    const e = ev.state.entities[opts.metric];
    if (!e || e.type !== 'metric') return;
    latest.value = e.v;
    if (!loaded) return;
    const t = Date.parse(e.t);
    const next = appendLive(points.value, t, e.v, rangeMs, MAX_SERIES_POINTS);
    if (next !== points.value) {
      points.value = next;
      if (state.value === 'empty') state.value = 'ready';
    }
    const to = Math.max(window.value?.to ?? 0, Number.isFinite(sourceNow) ? sourceNow : t);
    window.value = { from: to - rangeMs, to };
  }

  const unsubscribe = opts.stream ? opts.stream.subscribe<MetricValueEntity>(`metrics:${opts.node}`, onMetrics) : () => undefined;

  async function load(range: TimeRange, budget: number): Promise<void> {
    const mine = ++gen;
    rangeMs = TIME_RANGE_MS[range];
    if (points.value.length === 0) state.value = 'loading';
    try {
      // Source time: from the topic when it has spoken, else ask the REST for "now" (its `to`).
      const to = sourceNow !== null && Number.isFinite(sourceNow) ? sourceNow : null;
      const q = queryString({ node: opts.node, metric: opts.metric, points: Math.round(budget), ...(to !== null ? { from: to - rangeMs, to } : {}) });
      let r = await opts.api.request<MetricsResponse>('GET', `/api/v1/metrics${q}`);
      if (to === null && rangeMs !== TIME_RANGE_MS['1h']) {
        const now = Date.parse(r.to);
        r = await opts.api.request<MetricsResponse>('GET', `/api/v1/metrics${queryString({ node: opts.node, metric: opts.metric, points: Math.round(budget), from: now - rangeMs, to: now })}`);
      }
      if (mine !== gen) return;
      loaded = true;
      points.value = fromBuckets(r.points);
      window.value = { from: Date.parse(r.from), to: Date.parse(r.to) };
      state.value = points.value.some((p) => p.avg !== null) ? 'ready' : 'empty';
      error.value = null;
    } catch (e) {
      if (mine !== gen) return;
      state.value = 'error';
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return {
    node: opts.node,
    metric: opts.metric,
    points,
    state,
    error,
    window,
    latest,
    load,
    dispose() {
      gen++;
      unsubscribe();
    },
  };
}
