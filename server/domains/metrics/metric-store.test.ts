import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_SERIES, HOUR_STEP_MS, MID_STEP_MS, MetricStore, RAW_STEP_MS } from './metric-store.js';

const T0 = Date.UTC(2026, 0, 1); // aligned to every tier's step
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('MetricStore rings', () => {
  it('turns skipped raw slots into gaps', () => {
    const s = new MetricStore();
    s.write('n1', 'cpu_util', T0, 1);
    s.write('n1', 'cpu_util', T0 + 10_000, 2);
    s.write('n1', 'cpu_util', T0 + 60_000, 7);
    const r = s.query('n1', 'cpu_util', T0, T0 + 70_000, 100)!;
    expect(r.tier).toBe('raw');
    expect(r.step).toBe(RAW_STEP_MS);
    expect(r.points.map((p) => p.avg)).toEqual([1, 2, null, null, null, null, 7]);
    expect(r.points[0]!.t).toBe(new Date(T0).toISOString());
  });

  it('keeps the last write of a raw slot but every sample in the buckets', () => {
    const s = new MetricStore();
    s.write('n1', 'm', T0 + 1000, 1);
    s.write('n1', 'm', T0 + 5000, 100);
    s.write('n1', 'm', T0 + 2000, 4); // late, same slot: last write wins in raw
    const raw = s.query('n1', 'm', T0, T0 + 10_000, 10)!;
    expect(raw.points).toEqual([{ t: new Date(T0).toISOString(), min: 4, max: 4, avg: 4 }]);
    // A range reaching before the raw window is served from the 5-minute tier.
    s.write('n1', 'm', T0 + 2 * HOUR, 0);
    const mid = s.query('n1', 'm', T0, T0 + 5 * MIN, 10)!;
    expect(mid.tier).toBe('5m');
    expect(mid.points[0]).toMatchObject({ min: 1, max: 100, avg: 35 });
    expect(s.latest('n1', 'm')).toEqual({ t: T0 + 2 * HOUR, v: 0 });
  });

  it('wraps around after more than an hour, holding exactly the newest hour raw', () => {
    const s = new MetricStore();
    for (let t = T0; t < T0 + 2 * HOUR; t += 10_000) s.write('n1', 'm', t, (t - T0) / 10_000);
    const end = T0 + 2 * HOUR;
    const r = s.query('n1', 'm', end - HOUR, end, 360)!;
    expect(r.tier).toBe('raw');
    expect(r.points).toHaveLength(360);
    expect(r.points.every((p) => p.avg !== null)).toBe(true);
    expect(r.points[0]!.avg).toBe(360);
    expect(r.points[359]!.avg).toBe(719);
    // Older than the raw window: the 5-minute tier answers, with no stale raw values leaking in.
    const older = s.query('n1', 'm', T0, T0 + HOUR, 360)!;
    expect(older.tier).toBe('5m');
    expect(older.points).toHaveLength(12);
    expect(older.points[0]).toMatchObject({ min: 0, max: 29 });
  });

  it('chooses the finest tier that covers the range', () => {
    const s = new MetricStore();
    for (let t = T0; t <= T0 + 3 * 24 * HOUR; t += MIN) s.write('n1', 'm', t, 1);
    const end = T0 + 3 * 24 * HOUR;
    expect(s.query('n1', 'm', end - 30 * MIN, end, 300)!.tier).toBe('raw');
    expect(s.query('n1', 'm', end - 6 * HOUR, end, 300)!.tier).toBe('5m');
    const week = s.query('n1', 'm', end - 48 * HOUR, end, 300)!;
    expect(week.tier).toBe('1h');
    expect(week.step).toBe(HOUR_STEP_MS);
    const day = s.query('n1', 'm', end - 24 * HOUR + MID_STEP_MS, end, 300)!;
    expect(day.tier).toBe('5m');
  });

  it('returns at most `points` buckets, and a one-sample spike survives in max', () => {
    const s = new MetricStore();
    // One sample per raw slot: each raw slot holds one value (last write wins).
    for (let t = T0; t < T0 + HOUR; t += RAW_STEP_MS) s.write('n1', 'm', t, t === T0 + 1230_000 ? 999 : 10);
    for (const points of [1, 7, 50, 299, 300, 2000]) {
      const r = s.query('n1', 'm', T0, T0 + HOUR, points)!;
      expect(r.points.length).toBeLessThanOrEqual(points);
      expect(Math.max(...r.points.map((p) => p.max ?? -Infinity))).toBe(999);
    }
    const one = s.query('n1', 'm', T0, T0 + HOUR, 1)!;
    expect(one.points).toHaveLength(1);
    expect(one.points[0]!.min).toBe(10);
    // Off-grid ranges still respect the budget.
    expect(s.query('n1', 'm', T0 + 3333, T0 + HOUR - 1, 7)!.points.length).toBeLessThanOrEqual(7);
  });

  it('keeps a sub-10 s spike of a 1 Hz series in the 5-minute max', () => {
    const s = new MetricStore();
    for (let t = T0; t < T0 + 2 * HOUR; t += 1000) s.write('n1', 'm', t, t === T0 + 1234_000 ? 999 : 10);
    const r = s.query('n1', 'm', T0, T0 + 2 * HOUR, 10)!;
    expect(r.tier).toBe('5m');
    expect(r.points.length).toBeLessThanOrEqual(10);
    expect(Math.max(...r.points.map((p) => p.max ?? -Infinity))).toBe(999);
  });

  it('refuses samples older than the raw ring and unknown series answer undefined', () => {
    const s = new MetricStore();
    s.write('n1', 'm', T0 + 2 * HOUR, 1);
    expect(s.write('n1', 'm', T0, 5)).toBe('too_old');
    expect(s.query('n1', 'nope', T0, T0 + HOUR, 10)).toBeUndefined();
    expect(s.latest('nope', 'm')).toBeUndefined();
  });

  it('costs about 7 KB per series, caps series and counts refusals', async () => {
    const registry = new Registry();
    const s = new MetricStore({ maxSeries: 3, registry });
    s.write('a', 'x', T0, 1);
    s.write('a', 'y', T0, 1);
    s.write('b', 'x', T0, 1);
    expect(s.write('b', 'y', T0, 1)).toBe('series_limit');
    const st = s.stats();
    expect(st.series).toBe(3);
    expect(st.rejected).toBe(1);
    expect(st.bytes / st.series).toBe(BYTES_PER_SERIES);
    expect(BYTES_PER_SERIES).toBeGreaterThan(6.5 * 1024);
    expect(BYTES_PER_SERIES).toBeLessThan(8 * 1024);
    const text = await registry.metrics();
    expect(text).toContain('skyfort_metric_series 3');
    expect(text).toContain(`skyfort_metric_bytes ${3 * BYTES_PER_SERIES}`);
    expect(text).toContain('skyfort_metric_series_rejected_total 1');
  });

  it('reports changed series once per drain, grouped by node', () => {
    const s = new MetricStore();
    s.write('a', 'x', T0, 1);
    s.write('a', 'y', T0, 1);
    s.write('b', 'x', T0, 1);
    const d = s.drainChanges();
    expect([...d.keys()].sort()).toEqual(['a', 'b']);
    expect([...d.get('a')!].sort()).toEqual(['x', 'y']);
    expect(s.drainChanges().size).toBe(0);
    s.dropNode('a');
    expect([...s.drainChanges().get('a')!].sort()).toEqual(['x', 'y']);
    expect(s.metricsOf('a')).toEqual([]);
    expect(s.stats().series).toBe(1);
  });
});
