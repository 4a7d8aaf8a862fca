import { describe, expect, it } from 'vitest';
import { downsample } from '../../../shared/domain/downsample.js';
import { MetricStore, RAW_WINDOW_MS } from '../metrics/index.js';

const T0 = Date.UTC(2026, 0, 1);
const STEP = RAW_WINDOW_MS / 360;

describe('shared downsample = the metric store query on raw slots', () => {
  for (const points of [1, 7, 50, 100, 359, 360, 2000]) {
    it(`${points} points`, () => {
      const store = new MetricStore();
      const values = Array.from({ length: 360 }, (_, i) => (i % 37 === 5 ? NaN : Math.round(50 + 40 * Math.sin(i / 9)) + (i === 200 ? 900 : 0)));
      values.forEach((v, i) => {
        if (!Number.isNaN(v)) store.write('n', 'm', T0 + i * STEP, v);
      });
      const q = store.query('n', 'm', T0, T0 + 360 * STEP, points)!;
      expect(q.tier).toBe('raw');
      const mine = downsample(Float32Array.from(values), points);
      expect(mine.map((b) => ({ t: new Date(T0 + b.first * STEP).toISOString(), min: b.min, max: b.max, avg: b.avg }))).toEqual(
        q.points.map((p) => ({ ...p })),
      );
      // A one-sample spike survives any budget.
      expect(Math.max(...mine.map((b) => b.max ?? -Infinity))).toBe(Math.max(...values.filter((v) => !Number.isNaN(v))));
    });
  }
});
