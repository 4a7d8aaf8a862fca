/// <reference lib="dom" />
/**
 * bench:health's page (bundled by run.ts with vite): one series of N points on a 1,200 px chart,
 * (raw) drawn whole in one ECharts line series, or (skyfort) as the console's performance chart
 * draws it: `{t, min, max, avg}` buckets for the chart's points budget (shared/domain/downsample,
 * the metric store's algorithm) through the renderer's own appendLive and, as performance-chart.vue
 * does, buildPerformanceOption for the first draw and buildPerformanceData merged per update.
 * Each update appends one point; timed synchronously: build + setOption + forced render.
 */
import { downsample } from '../../../shared/domain/downsample';
import { echarts, SKYFORT_DARK_THEME } from '../../../renderer/app/echarts';
import { appendLive, buildPerformanceData, buildPerformanceOption, fromBuckets, MAX_SERIES_POINTS, performanceShape, pointsBudget, type PerfOptionInput, type PerfPoint } from '../../../renderer/features/health/performance-chart-option';

export interface RunResult {
  ms: number[];
  drawnPoints: number;
  budget: number;
  firstMs: number;
}

/** Updates run before the timed ones (JIT and caches warm): a wall chart updates for weeks. */
const WARMUP = 10;

const TEXTS = { min: 'min', max: 'max', avg: 'avg', warning: 'warning', critical: 'critical' };

function series(n: number, t0: number, step: number): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  let x = 40;
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x = Math.min(100, Math.max(0, x + ((seed / 2 ** 32) - 0.5) * 4));
    t.push(t0 + i * step);
    v.push(i % 5000 === 2500 ? 99 : x);
  }
  return { t, v };
}

function chart(): ReturnType<typeof echarts.init> {
  const el = document.getElementById('chart')!;
  echarts.getInstanceByDom(el)?.dispose();
  return echarts.init(el, SKYFORT_DARK_THEME, { renderer: 'canvas', width: 1200, height: 400 });
}

function timed(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

const bench = {
  raw(n: number, updates: number, step: number): RunResult {
    const { t, v } = series(n + WARMUP + updates, Date.UTC(2026, 0, 1), step);
    const c = chart();
    const data: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) data.push([t[i]!, v[i]!]);
    const firstMs = timed(() => {
      c.setOption({ animation: false, grid: { left: 56, right: 20, top: 32, bottom: 28 }, xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true }, series: [{ type: 'line', id: 'raw', symbol: 'none', data, lineStyle: { width: 1 } }] });
      c.getZr().refreshImmediately();
    });
    const ms: number[] = [];
    for (let u = 0; u < WARMUP + updates; u++) {
      const took = timed(() => {
        data.shift();
        data.push([t[n + u]!, v[n + u]!]);
        c.setOption({ series: [{ id: 'raw', data }] });
        c.getZr().refreshImmediately();
      });
      if (u >= WARMUP) ms.push(took);
    }
    c.dispose();
    return { ms, drawnPoints: data.length, budget: n, firstMs };
  },

  /** `keep`: leave the chart drawn (a screenshot of it), not disposed. */
  skyfort(n: number, updates: number, step: number, keep = false): RunResult {
    const { t, v } = series(n + WARMUP + updates, Date.UTC(2026, 0, 1), step);
    const budget = pointsBudget(1200);
    const windowMs = n * step;
    const c = chart();
    let points: readonly PerfPoint[] = [];
    const input = (): PerfOptionInput => {
      const last = points[points.length - 1]!.t;
      return { series: [{ key: 'n:m', label: 'cpu_util', points }], chart: 'line', thresholds: { direction: 'above', warning: 85, critical: 95 }, texts: TEXTS, fontPx: 14, window: { from: last - windowMs, to: last } };
    };
    // As performance-chart.vue: the whole option (not merged) when the shape changes, otherwise
    // only the data and the window, merged.
    let shape = '';
    const apply = () => {
      const i = input();
      const next = performanceShape(i);
      if (next !== shape) {
        shape = next;
        c.setOption(buildPerformanceOption(i), { notMerge: true });
      } else c.setOption(buildPerformanceData(i));
    };
    const firstMs = timed(() => {
      const buckets = downsample(Float64Array.from(v.slice(0, n)), budget);
      points = fromBuckets(buckets.map((b) => ({ t: new Date(t[b.first]!).toISOString(), min: b.min, max: b.max, avg: b.avg })));
      apply();
      c.getZr().refreshImmediately();
    });
    const ms: number[] = [];
    for (let u = 0; u < WARMUP + updates; u++) {
      const took = timed(() => {
        points = appendLive(points, t[n + u]!, v[n + u]!, windowMs, MAX_SERIES_POINTS);
        apply();
        c.getZr().refreshImmediately();
      });
      if (u >= WARMUP) ms.push(took);
    }
    if (!keep) c.dispose();
    return { ms, drawnPoints: points.length, budget, firstMs };
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
