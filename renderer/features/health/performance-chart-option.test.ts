import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../services/api';
import type { StreamClient, TopicEvent, TopicState } from '../../services/socket';
import type { MetricValueEntity } from '../../../shared/protocol/topics';
import { appendLive, buildGaugeOption, buildPerformanceData, buildPerformanceOption, MAX_SERIES_POINTS, performanceShape, pointsBudget, type PerfPoint } from './performance-chart-option';
import { createPerformanceSeries } from './performance-series';

const texts = { min: 'min', max: 'max', avg: 'avg', warning: 'warning', critical: 'critical' };
type AnySeries = {
  id: string;
  type: string;
  data: Array<Array<number | null>>;
  encode?: unknown;
  areaStyle?: unknown;
  markLine?: { data: Array<{ yAxis: number }> };
  renderItem?: (params: unknown, api: { coord: (v: [number, number]) => number[] }) => unknown;
};

/** The average line's flat `t, avg` typed array as [t, avg] pairs (NaN, a gap, as null). */
function avgPairs(data: unknown): Array<[number, number | null]> {
  expect(data).toBeInstanceOf(Float64Array);
  const flat = data as Float64Array;
  const out: Array<[number, number | null]> = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k]!, Number.isNaN(flat[k + 1]!) ? null : flat[k + 1]!]);
  return out;
}

describe('points budget', () => {
  it('asks for about two buckets per pixel, within the REST limits', () => {
    expect(pointsBudget(600)).toBe(1200);
    expect(pointsBudget(1200)).toBe(2000);
    expect(pointsBudget(0)).toBe(10);
    expect(pointsBudget(Number.NaN)).toBe(10);
    expect(pointsBudget(333.4)).toBe(667);
  });
});

describe('the performance option', () => {
  const points: PerfPoint[] = [
    { t: 1000, min: 10, max: 12, avg: 11 },
    { t: 2000, min: 10, max: 95, avg: 14 }, // a one-sample spike inside the bucket
    { t: 3000, min: null, max: null, avg: null },
  ];

  /** Calls a band series' renderItem with an identity coordinate mapping: its polygons' vertices as [t, value]. */
  function bandPolygons(band: AnySeries): number[][][] {
    const out = band.renderItem!({}, { coord: (v: [number, number]) => [v[0] / 1000, v[1]] }) as { children: Array<{ shape: { points: number[][] } }> };
    return out.children.map((c) => c.shape.points.map(([x, y]) => [x! * 1000, y!]));
  }

  it('draws the average as the line and min–max as one band polygon per run of points, so a spike survives', () => {
    const o = buildPerformanceOption({ series: [{ key: 'a', label: 'CPU', points }], chart: 'line', thresholds: null, texts, fontPx: 14, window: { from: 0, to: 4000 } });
    const series = o.series as AnySeries[];
    expect(series.map((s) => `${s.id}/${s.type}`)).toEqual(['a:band/custom', 'a:avg/line']);
    // One data item holding the band's extent, so the y axis makes room for the spike.
    expect(series[0]!.data).toEqual([[1000, 10, 95]]);
    expect(series[0]!.encode).toEqual({ x: 0, y: [1, 2] });
    // Along the maxima, back along the minima: the spike's 95 is a vertex.
    expect(bandPolygons(series[0]!)).toEqual([[[1000, 12], [2000, 95], [2000, 10], [1000, 10]]]);
    expect(avgPairs(series[1]!.data)).toEqual([[1000, 11], [2000, 14], [3000, null]]);
    expect(o.xAxis).toMatchObject({ type: 'time', min: 0, max: 4000 });
    expect(o.animation).toBe(false);
  });

  it('splits the band at gaps and merges the points of one pixel column (min of minima, max of maxima)', () => {
    const gappy: PerfPoint[] = [
      { t: 1000, min: 1, max: 2, avg: 1.5 },
      { t: 1200, min: 0, max: 9, avg: 2 }, // the same pixel column as 1000 at a millisecond per 1,000 px
      { t: 2000, min: 3, max: 4, avg: 3.5 },
      { t: 3000, min: null, max: null, avg: null },
      { t: 4000, min: 5, max: 6, avg: 5.5 },
      { t: 5000, min: 5, max: 7, avg: 6 },
    ];
    const o = buildPerformanceOption({ series: [{ key: 'a', label: 'A', points: gappy }], chart: 'line', thresholds: null, texts, fontPx: 14, window: null });
    const band = (o.series as AnySeries[])[0]!;
    expect(band.data).toEqual([[1000, 0, 9]]);
    expect(bandPolygons(band)).toEqual([
      [[1000, 9], [2000, 4], [2000, 3], [1000, 0]],
      [[4000, 6], [5000, 7], [5000, 5], [4000, 5]],
    ]);
  });

  it('a live update sends only the data and the window, for the same series ids; the shape names what needs a full option', () => {
    const input = { series: [{ key: 'a', label: 'CPU', points }], chart: 'line' as const, thresholds: null, texts, fontPx: 14, window: { from: 0, to: 4000 } };
    const full = buildPerformanceOption(input);
    const next = { ...input, series: [{ key: 'a', label: 'CPU', points: [...points, { t: 3500, min: 50, max: 50, avg: 50 }] }], window: { from: 500, to: 4500 } };
    const data = buildPerformanceData(next);
    expect(Object.keys(data).sort()).toEqual(['series', 'tooltip', 'xAxis']);
    expect(data.xAxis).toEqual({ min: 500, max: 4500 });
    const ids = (data.series as AnySeries[]).map((s) => s.id);
    expect(ids).toEqual((full.series as AnySeries[]).map((s) => s.id));
    expect(avgPairs((data.series as AnySeries[])[1]!.data).at(-1)).toEqual([3500, 50]);
    expect(performanceShape(next)).toBe(performanceShape(input));
    expect(performanceShape({ ...input, thresholds: { direction: 'above', warning: 1, critical: 2 } })).not.toBe(performanceShape(input));
    expect(performanceShape({ ...input, series: [...input.series, { key: 'b', label: 'B', points }] })).not.toBe(performanceShape(input));
  });

  it('compares series on one chart (each its own band), bars or area on request, thresholds as mark lines on the first', () => {
    const o = buildPerformanceOption({
      series: [{ key: 'a', label: 'A', points }, { key: 'b', label: 'B', points }],
      chart: 'bar',
      thresholds: { direction: 'above', warning: 70, critical: 90 },
      texts,
      fontPx: 14,
      window: null,
    });
    const series = o.series as AnySeries[];
    expect(series.map((s) => `${s.id}/${s.type}`)).toEqual(['a:band/custom', 'a:avg/bar', 'b:band/custom', 'b:avg/bar']);
    expect(series[1]!.markLine!.data.map((d) => d.yAxis)).toEqual([70, 90]);
    expect(series[3]!.markLine).toBeUndefined();
    const area = buildPerformanceOption({ series: [{ key: 'a', label: 'A', points }], chart: 'area', thresholds: null, texts, fontPx: 14, window: null });
    expect((area.series as AnySeries[])[1]!.areaStyle).toBeTruthy();
  });

  it('holds at most MAX_SERIES_POINTS per series whatever it is given', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ t: i, min: i, max: i, avg: i }));
    const o = buildPerformanceOption({ series: [{ key: 'a', label: 'A', points: many }], chart: 'line', thresholds: null, texts, fontPx: 14, window: null });
    const [band, avg] = o.series as AnySeries[];
    expect(avgPairs(avg!.data)).toHaveLength(MAX_SERIES_POINTS);
    expect(band!.data).toEqual([[10_000 - MAX_SERIES_POINTS, 10_000 - MAX_SERIES_POINTS, 9_999]]);
  });

  it('a gauge colours its scale by the thresholds', () => {
    const g = buildGaugeOption(75, 'CPU', { direction: 'above', warning: 70, critical: 90 }, 14);
    const s = (g.series as Array<{ max: number; axisLine: { lineStyle: { color: Array<[number, string]> } }; data: Array<{ value: number }> }>)[0]!;
    expect(s.max).toBe(100);
    expect(s.axisLine.lineStyle.color.map((c) => c[0])).toEqual([0.7, 0.9, 1]);
    expect(s.data[0]!.value).toBe(75);
  });
});

describe('live values', () => {
  it('append only newer values, trim to the window, stay capped and never mutate', () => {
    let pts: readonly PerfPoint[] = [];
    const first = pts;
    for (let i = 1; i <= 5000; i++) pts = appendLive(pts, i * 10, i, 1_000_000, 300);
    expect(first).toEqual([]);
    expect(pts).toHaveLength(300);
    expect(pts.at(-1)).toEqual({ t: 50_000, min: 5000, max: 5000, avg: 5000 });
    expect(appendLive(pts, 50_000, 1, 1_000_000, 300)).toBe(pts); // not newer: the same array
    const windowed = appendLive(pts, 60_000, 1, 5_000, 300);
    expect(windowed.every((p) => p.t >= 55_000)).toBe(true);
    expect(windowed).toHaveLength(1);
  });

  it('a series loads its history with the points budget, then appends live values from metrics:<node>', async () => {
    const asked: string[] = [];
    const api: ApiClient = {
      async request<T>(_m: string, path: string): Promise<T> {
        asked.push(path);
        return { node: 'n1', metric: 'cpu_util', from: new Date(0).toISOString(), to: new Date(3_600_000).toISOString(), step: 1000, points: [{ t: new Date(1000).toISOString(), min: 1, max: 9, avg: 5 }] } as T;
      },
    };
    let listener: ((ev: TopicEvent<MetricValueEntity>) => void) | null = null;
    const topics: string[] = [];
    const stream = {
      subscribe(topic: string, l: (ev: TopicEvent<MetricValueEntity>) => void) {
        topics.push(topic);
        listener = l;
        return () => (listener = null);
      },
    } as unknown as StreamClient;
    const s = createPerformanceSeries({ api, stream, node: 'n1', metric: 'cpu_util' });
    await s.load('1h', 1200);
    expect(topics).toEqual(['metrics:n1']);
    expect(asked[0]).toContain('points=1200');
    expect(s.points.value).toEqual([{ t: 1000, min: 1, max: 9, avg: 5 }]);
    const state = (t: number, v: number) => ({ topic: 'metrics:n1', entities: { cpu_util: { type: 'metric', metric: 'cpu_util', t: new Date(t).toISOString(), v } }, epoch: 'e', seq: 1, complete: true, total: 1, at: new Date(t).toISOString() }) as TopicState<MetricValueEntity>;
    listener!({ kind: 'snapshot', state: state(2000, 42) });
    expect(s.points.value.at(-1)).toEqual({ t: 2000, min: 42, max: 42, avg: 42 });
    expect(s.latest.value).toBe(42);
    // A reload now asks for the window ending at source time.
    await s.load('15m', 600);
    expect(asked[1]).toContain(`from=${2000 - 900_000}`);
    s.dispose();
    expect(listener).toBeNull();
  });
});
