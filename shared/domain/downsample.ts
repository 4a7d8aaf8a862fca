/**
 * The metric store's downsampling (server/domains/metrics/metric-store.ts `query()`) as a pure
 * function over a contiguous array: `points` caps the buckets; each bucket folds k = ⌈n / points⌉
 * consecutive samples from the first into min, max and mean, NaN samples being gaps (a bucket of
 * gaps only is null). Min of mins and max of maxes, so a one-sample spike survives. The bench and
 * tests use it to bucket a series exactly as the REST would (server/domains/health/downsample.test.ts
 * checks it against the store).
 */
export interface Bucket {
  /** Index of the bucket's first sample. */
  first: number;
  min: number | null;
  max: number | null;
  avg: number | null;
}

/** Samples per bucket for `slots` samples and a `points` budget. */
export function bucketWidth(slots: number, points: number): number {
  return Math.ceil(slots / Math.floor(points));
}

export function downsample(values: ArrayLike<number>, points: number): Bucket[] {
  const n = values.length;
  if (n === 0 || !(points >= 1)) return [];
  const k = bucketWidth(n, points);
  const out: Bucket[] = [];
  for (let b = 0; b < n; b += k) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let c = 0;
    const hi = Math.min(b + k, n);
    for (let i = b; i < hi; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      c++;
    }
    out.push(c === 0 ? { first: b, min: null, max: null, avg: null } : { first: b, min, max, avg: sum / c });
  }
  return out;
}
