import type { ScoredRule } from './score-model.js';

/**
 * A metric's quiet band for one node kind: a newest value v with `lo < v < hi` (or NaN) reaches
 * no level of any of the kind's scored rules on that metric, and for `up` is not "down", so it
 * costs the node nothing whatever it is. The engine hands these to the metric store
 * (MetricStore.setQuietBand), which then flags at write time only the samples that can move a
 * score: a newest value that is outside the band before or after it moved.
 */
export interface QuietBand {
  metric: string;
  lo: number;
  hi: number;
}

/** `up` at or below 0 takes a component down (score-model ownScore). */
const UP_DOWN_AT = 0;

/**
 * The bands of a kind's scored rules, one per metric (the narrowest over its rules), plus `up`;
 * any other metric is always quiet (no rule of the kind reads it).
 */
export function quietBandsFor(rules: readonly ScoredRule[]): ReadonlyMap<string, QuietBand> {
  const byMetric = new Map<string, QuietBand>();
  const band = (metric: string): QuietBand => {
    let b = byMetric.get(metric);
    if (!b) byMetric.set(metric, (b = { metric, lo: -Infinity, hi: Infinity }));
    return b;
  };
  band('up').lo = UP_DOWN_AT;
  for (const r of rules) {
    const b = band(r.rule.metric);
    // A rule costs points from `dir × v >= trigger` on: above, v >= trigger; below, v <= -trigger.
    if (r.dir === 1) b.hi = Math.min(b.hi, r.trigger);
    else b.lo = Math.max(b.lo, -r.trigger);
  }
  return byMetric;
}

/** Whether a newest value is quiet in the band (what the store's write-time check assumes). */
export function isQuiet(b: Pick<QuietBand, 'lo' | 'hi'>, v: number): boolean {
  return !(v >= b.hi || v <= b.lo);
}
