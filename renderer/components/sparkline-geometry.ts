/** Pixels kept clear above and below the line, so a 2 px stroke at the extremes is not clipped. */
export const SPARK_PAD_Y = 2;

/**
 * A sparkline in pixels: each run of consecutive values (a null is a gap) as one flat list
 * [x0, y0, x1, y1, …], and the y of the floor the area fills down to.
 */
export interface SparkGeometry {
  runs: number[][];
  floor: number;
}

/**
 * The y range drawn: the values' own range with 5% headroom each side; a flat line sits
 * mid-height, or on the floor at zero (as ECharts' `scale` value axis did before it).
 */
function yRange(lo: number, hi: number): [number, number] {
  const span = hi - lo;
  if (span > 0) return [lo - span * 0.05, hi + span * 0.05];
  return lo === 0 ? [0, 1] : [lo - Math.abs(lo) / 2, lo + Math.abs(lo) / 2];
}

/**
 * The newest `capacity` values right-aligned on a fixed x range (new points enter at the right
 * edge at a steady pace while the buffer fills) in a `width` × `height` box. Never more than
 * `capacity` points, whatever the caller passes.
 */
export function sparkGeometry(values: readonly (number | null)[], capacity: number, width: number, height: number): SparkGeometry {
  const cap = Math.max(1, Math.floor(capacity));
  const start = Math.max(0, values.length - cap);
  const offset = cap - (values.length - start);
  const top = SPARK_PAD_Y;
  const floor = Math.max(top, height - SPARK_PAD_Y);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const runs: number[][] = [];
  if (lo > hi) return { runs, floor };
  const [min, max] = yRange(lo, hi);
  const xStep = cap > 1 ? width / (cap - 1) : 0;
  let run: number[] | null = null;
  for (let i = start; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      run = null;
      continue;
    }
    if (!run) runs.push((run = []));
    run.push((offset + i - start) * xStep, floor - ((v - min) / (max - min)) * (floor - top));
  }
  return { runs, floor };
}
