// The metric curve: {t, min, max, avg} buckets as a min–max band under the average line, so a
// spike survives downsampling; gaps stay gaps.
import { describe, expect, it } from 'vitest';
import { buildMetricOption } from './metric-chart-option';
import { defaultMetric, pointsFor, type MetricHistory } from './topology-drill';

const TEXTS = { min: 'min', max: 'max', avg: 'avg', band: 'band' };
const history: MetricHistory = {
  node: 'db',
  metric: 'cpu_util',
  from: '2025-01-01T00:00:00Z',
  to: '2025-01-01T01:00:00Z',
  tier: 'raw',
  step: 10_000,
  points: [
    { t: '2025-01-01T00:00:00Z', min: 10, max: 90, avg: 30 },
    { t: '2025-01-01T00:00:10Z', min: null, max: null, avg: null },
    { t: '2025-01-01T00:00:20Z', min: 20, max: 25, avg: 22 },
  ],
};

describe('metric chart option', () => {
  it('stacks max − min on min for the band and draws avg as a line, keeping gaps', () => {
    const o = buildMetricOption(history, TEXTS, 14) as unknown as { series: Array<{ id: string; stack?: string; data: Array<[number, number | null]> }> };
    const s = Object.fromEntries(o.series.map((x) => [x.id, x]));
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    expect(s.min!.stack).toBe('band');
    expect(s.band!.stack).toBe('band');
    expect(s.min!.data[0]).toEqual([t0, 10]);
    expect(s.band!.data[0]).toEqual([t0, 80]);
    expect(s.avg!.data.map((p) => p[1])).toEqual([30, null, 22]);
    expect(s.band!.data[1]![1]).toBeNull();
  });

  it('asks for about two buckets per pixel, within what the server answers', () => {
    expect(pointsFor(400)).toBe(800);
    expect(pointsFor(0)).toBe(10);
    expect(pointsFor(5_000)).toBe(2_000);
  });

  it('shows a preferred metric first, else the first that has a value', () => {
    expect(defaultMetric([{ metric: 'qps', t: null, v: 1 }, { metric: 'latency_ms', t: null, v: 2 }])).toBe('latency_ms');
    expect(defaultMetric([{ metric: 'a', t: null, v: null }, { metric: 'b', t: null, v: 2 }])).toBe('b');
    expect(defaultMetric([])).toBeNull();
  });
});
