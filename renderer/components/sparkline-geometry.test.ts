import { describe, expect, it } from 'vitest';
import { SPARK_PAD_Y, sparkGeometry } from './sparkline-geometry';

const xs = (run: number[]) => run.filter((_, i) => i % 2 === 0);
const ys = (run: number[]) => run.filter((_, i) => i % 2 === 1);

describe('sparkGeometry', () => {
  it('right-aligns a buffer that is still filling on a fixed x range', () => {
    const g = sparkGeometry([1, 2, 3], 11, 100, 50);
    expect(g.runs).toHaveLength(1);
    expect(xs(g.runs[0]!)).toEqual([80, 90, 100]);
    expect(g.floor).toBe(50 - SPARK_PAD_Y);
  });

  it('keeps only the newest `capacity` values', () => {
    const g = sparkGeometry(Array.from({ length: 500 }, (_, i) => i), 120, 119, 50);
    expect(g.runs[0]).toHaveLength(240);
    expect(xs(g.runs[0]!)[0]).toBe(0);
    expect(xs(g.runs[0]!).at(-1)).toBe(119);
  });

  it('breaks the line at gaps and draws nothing for no values', () => {
    const g = sparkGeometry([null, 1, 2, null, 3, null], 6, 50, 20);
    expect(g.runs.map((r) => xs(r))).toEqual([
      [10, 20],
      [40],
    ]);
    expect(sparkGeometry([null, null], 6, 50, 20).runs).toEqual([]);
  });

  it('keeps the line inside the box with headroom, larger values higher', () => {
    const [run] = sparkGeometry([10, 30, 20], 3, 100, 50).runs;
    const y = ys(run!);
    expect(Math.min(...y)).toBeGreaterThan(SPARK_PAD_Y);
    expect(Math.max(...y)).toBeLessThan(50 - SPARK_PAD_Y);
    expect(y[1]).toBeLessThan(y[2]!);
    expect(y[2]).toBeLessThan(y[0]!);
  });

  it('draws a flat line mid-height, or on the floor at zero', () => {
    expect(ys(sparkGeometry([5, 5], 2, 10, 44).runs[0]!)).toEqual([22, 22]);
    expect(ys(sparkGeometry([0, 0], 2, 10, 44).runs[0]!)).toEqual([42, 42]);
  });
});
