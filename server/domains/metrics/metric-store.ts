import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * In-memory metric history (architecture.md "Memory budget"): every series owns one preallocated
 * buffer holding three fixed-interval rings, so memory is known up front (≈ 7.6 KB a series,
 * 100,000 series ≈ 760 MB worst case) and never grows with time. Real long-term history belongs
 * to Prometheus; this is what the wall and drill-down need.
 *
 *   raw   10 s  × 360  = 1 h     one value per slot (last write wins), NaN = gap
 *   mid   5 min × 288  = 24 h    min, max, avg + count (every sample counts)
 *   hour  1 h   × 168  = 1 week  min, max, avg + count
 *
 * A ring slot's time is implied by its position relative to the newest slot written, so no
 * timestamps are stored.
 */
export const RAW_STEP_MS = 10_000;
export const RAW_SLOTS = 360;
export const MID_STEP_MS = 300_000;
export const MID_SLOTS = 288;
export const HOUR_STEP_MS = 3_600_000;
export const HOUR_SLOTS = 168;
/** Samples older than this (relative to the series' newest) cannot land in the raw ring. */
export const RAW_WINDOW_MS = RAW_STEP_MS * RAW_SLOTS;

// Float32 layout: raw | mid min | mid max | mid avg | hour min | hour max | hour avg.
const MID_MIN = RAW_SLOTS;
const MID_MAX = MID_MIN + MID_SLOTS;
const MID_AVG = MID_MAX + MID_SLOTS;
const HOUR_MIN = MID_AVG + MID_SLOTS;
const HOUR_MAX = HOUR_MIN + HOUR_SLOTS;
const HOUR_AVG = HOUR_MAX + HOUR_SLOTS;
const FLOATS = HOUR_AVG + HOUR_SLOTS;
// Uint16 counts: mid | hour. Saturating: past 65,535 samples a bucket's avg is a running estimate.
const COUNT_MAX = 0xffff;
const COUNTS = MID_SLOTS + HOUR_SLOTS;
export const BYTES_PER_SERIES = FLOATS * 4 + COUNTS * 2;

export type Tier = 'raw' | '5m' | '1h';

interface TierLayout {
  tier: Tier;
  step: number;
  slots: number;
  min: number;
  max: number;
  avg: number;
  count: number;
  last: 'rawLast' | 'midLast' | 'hourLast';
}

const TIERS: readonly TierLayout[] = [
  { tier: 'raw', step: RAW_STEP_MS, slots: RAW_SLOTS, min: 0, max: 0, avg: 0, count: -1, last: 'rawLast' },
  { tier: '5m', step: MID_STEP_MS, slots: MID_SLOTS, min: MID_MIN, max: MID_MAX, avg: MID_AVG, count: 0, last: 'midLast' },
  { tier: '1h', step: HOUR_STEP_MS, slots: HOUR_SLOTS, min: HOUR_MIN, max: HOUR_MAX, avg: HOUR_AVG, count: MID_SLOTS, last: 'hourLast' },
];

class Series {
  readonly f: Float32Array;
  readonly c: Uint16Array;
  /** Newest slot index (time / step) written per tier; -Infinity before the first write. */
  rawLast = -Infinity;
  midLast = -Infinity;
  hourLast = -Infinity;
  /** The newest sample, kept at full precision for the live stream and thresholds. */
  lastT = -Infinity;
  lastV = NaN;
  /**
   * Quiet band (see MetricStore.setQuietBand): a newest value v with lo < v < hi (or NaN) is quiet.
   * The default band is empty, so until a consumer narrows it every change of a non-NaN value counts.
   */
  lo = Infinity;
  hi = -Infinity;

  constructor() {
    // One allocation per series: both views share it, so the cost per series is fixed and known.
    const buf = new ArrayBuffer(BYTES_PER_SERIES);
    this.f = new Float32Array(buf, 0, FLOATS);
    this.c = new Uint16Array(buf, FLOATS * 4, COUNTS);
    this.f.fill(NaN);
  }
}

/** What a held series reference reads (see MetricStore.latestSample). */
export interface LatestSample {
  readonly lastT: number;
  readonly lastV: number;
}

interface NodeSeries {
  series: Map<string, Series>;
  /** Source time of the newest sample of any of the node's series: what silence is measured on. */
  lastSeen: number;
}

export type WriteResult = 'stored' | 'too_old' | 'series_limit';

export interface QueryPoint {
  /** Bucket start, UTC ISO. */
  t: string;
  /** Null where the bucket holds no sample (a gap). */
  min: number | null;
  max: number | null;
  avg: number | null;
}

export interface QueryResult {
  tier: Tier;
  /** Width of each returned bucket, ms. */
  step: number;
  points: QueryPoint[];
}

/** Series that received samples since the last drain, grouped by node: node → metric names. */
export type ChangedSeries = ReadonlyMap<string, ReadonlySet<string>>;

export interface MetricStoreOptions {
  /** Hard cap on series; new series beyond it are refused and counted. */
  maxSeries?: number;
  registry?: Registry;
}

export class MetricStore {
  readonly maxSeries: number;
  private readonly nodes = new Map<string, NodeSeries>();
  private seriesCount = 0;
  private rejected = 0;
  private changed = new Map<string, Set<string>>();
  /** Nodes whose newest value left, entered or moved outside a series' quiet band since the last drain. */
  private crossed = new Set<string>();
  private crossingsOn = false;
  /** Writes flagged as possible crossings, since start (a bench reads it). */
  private crossingWrites = 0;
  private readonly rejectedCounter: Counter | null = null;

  constructor(opts: MetricStoreOptions = {}) {
    this.maxSeries = opts.maxSeries ?? 200_000;
    if (opts.registry) {
      // Read at scrape time, so writes pay nothing for being observable.
      const series = (): number => this.seriesCount;
      new Gauge({
        name: 'skyfort_metric_series',
        help: 'Metric series held in memory',
        registers: [opts.registry],
        collect() {
          this.set(series());
        },
      });
      new Gauge({
        name: 'skyfort_metric_bytes',
        help: 'Bytes preallocated for metric rings',
        registers: [opts.registry],
        collect() {
          this.set(series() * BYTES_PER_SERIES);
        },
      });
      this.rejectedCounter = new Counter({
        name: 'skyfort_metric_series_rejected_total',
        help: 'Samples refused because they would open a series past the series cap',
        registers: [opts.registry],
      });
    }
  }

  /** Records one sample. `t` is source time in ms. */
  write(node: string, metric: string, t: number, v: number): WriteResult {
    let ns = this.nodes.get(node);
    let s = ns?.series.get(metric);
    let fresh = false;
    if (!s) {
      fresh = true;
      if (this.seriesCount >= this.maxSeries) {
        this.rejected++;
        this.rejectedCounter?.inc();
        return 'series_limit';
      }
      if (!ns) {
        ns = { series: new Map(), lastSeen: -Infinity };
        this.nodes.set(node, ns);
      }
      s = new Series();
      ns.series.set(metric, s);
      this.seriesCount++;
    }
    const rawSlot = Math.floor(t / RAW_STEP_MS);
    if (rawSlot <= s.rawLast - RAW_SLOTS) return 'too_old';
    writeRaw(s, rawSlot, v);
    writeBucket(s, TIERS[1]!, Math.floor(t / MID_STEP_MS), v);
    writeBucket(s, TIERS[2]!, Math.floor(t / HOUR_STEP_MS), v);
    if (t >= s.lastT) {
      const old = s.lastV;
      s.lastT = t;
      s.lastV = v;
      // O(1) at write time: a new series (its band unknown), or a newest value that moved and is
      // outside the band before or after the move, is a possible level crossing for its node.
      if (this.crossingsOn && (fresh || (v !== old && (v >= s.hi || v <= s.lo || old >= s.hi || old <= s.lo)))) {
        this.crossed.add(node);
        this.crossingWrites++;
      }
    }
    if (t > ns!.lastSeen) ns!.lastSeen = t;
    let set = this.changed.get(node);
    if (!set) this.changed.set(node, (set = new Set()));
    set.add(metric);
    return 'stored';
  }

  latest(node: string, metric: string): { t: number; v: number } | undefined {
    const s = this.nodes.get(node)?.series.get(metric);
    return s && s.lastT > -Infinity ? { t: s.lastT, v: s.lastV } : undefined;
  }

  /**
   * The series' newest sample as the store keeps it (lastT -Infinity before the first write):
   * the same object for the series' whole life (until dropNode), so a hot reader (the health
   * engine, which scores hundreds of nodes in a failure burst) holds it instead of two lookups in
   * string-keyed maps per read.
   */
  latestSample(node: string, metric: string): LatestSample | undefined {
    return this.nodes.get(node)?.series.get(metric);
  }

  /** Source time of the node's newest sample, null if it never reported (or was dropped). */
  lastSeen(node: string): number | null {
    const ns = this.nodes.get(node);
    return ns && ns.lastSeen > -Infinity ? ns.lastSeen : null;
  }

  has(node: string, metric: string): boolean {
    return this.nodes.get(node)?.series.has(metric) ?? false;
  }

  metricsOf(node: string): string[] {
    const ns = this.nodes.get(node);
    return ns ? [...ns.series.keys()].sort() : [];
  }

  /** Frees a removed node's series; its metrics show up in the next drain so feeds drop them. */
  dropNode(node: string): void {
    const ns = this.nodes.get(node);
    if (!ns) return;
    this.nodes.delete(node);
    this.seriesCount -= ns.series.size;
    let set = this.changed.get(node);
    if (!set) this.changed.set(node, (set = new Set()));
    for (const m of ns.series.keys()) set.add(m);
    if (this.crossingsOn) this.crossed.add(node);
  }

  /**
   * Starts recording possible level crossings (drained with `drainCrossings`). Meant for one
   * consumer per store (the health engine): it alone sets the quiet bands the crossings are
   * judged against.
   */
  trackCrossings(): void {
    this.crossingsOn = true;
  }

  /**
   * Sets a series' quiet band: newest values v with `lo < v < hi`, and NaN, are ones its consumer
   * ignores (they cannot reach any level of its rules). From then on a write marks the node as a
   * possible crossing only when the newest value moves and is outside the band before or after.
   * Returns false (and sets nothing) for a series that does not exist yet: its first write is
   * always marked.
   */
  setQuietBand(node: string, metric: string, lo: number, hi: number): boolean {
    const s = this.nodes.get(node)?.series.get(metric);
    if (!s) return false;
    s.lo = lo;
    s.hi = hi;
    return true;
  }

  /**
   * Sets the quiet band of every series the node has: the given band for the metrics in `bands`,
   * and "always quiet" (no value matters) for the rest.
   */
  setQuietBands(node: string, bands: ReadonlyMap<string, { readonly lo: number; readonly hi: number }>): void {
    const ns = this.nodes.get(node);
    if (!ns) return;
    for (const [metric, s] of ns.series) {
      const b = bands.get(metric);
      s.lo = b ? b.lo : -Infinity;
      s.hi = b ? b.hi : Infinity;
    }
  }

  /** Back to the empty band (every move counts) for one node's series, or for every series. */
  resetQuietBands(node?: string): void {
    const reset = (ns: NodeSeries): void => {
      for (const s of ns.series.values()) {
        s.lo = Infinity;
        s.hi = -Infinity;
      }
    };
    if (node === undefined) for (const ns of this.nodes.values()) reset(ns);
    else {
      const ns = this.nodes.get(node);
      if (ns) reset(ns);
    }
  }

  /** Nodes marked as possible level crossings since the previous call (see `setQuietBand`). */
  drainCrossings(): ReadonlySet<string> {
    const out = this.crossed;
    if (out.size > 0) this.crossed = new Set();
    return out;
  }

  /**
   * The series written since the previous call. Call it once per engine tick and fan the
   * result out (see MetricChanges): a second caller would see an empty set.
   */
  drainChanges(): ChangedSeries {
    const out = this.changed;
    this.changed = new Map();
    return out;
  }

  /**
   * `{t, min, max, avg}` buckets over [from, to) from the finest tier whose window reaches back
   * to `from`, merged so at most `points` buckets come back. Merging keeps the min of mins and
   * max of maxes, so a one-sample spike survives any downsampling. Undefined for unknown series.
   */
  query(node: string, metric: string, from: number, to: number, points: number): QueryResult | undefined {
    const s = this.nodes.get(node)?.series.get(metric);
    if (!s) return undefined;
    if (!(to > from) || !(points >= 1)) return { tier: 'raw', step: RAW_STEP_MS, points: [] };
    const layout =
      TIERS.find((l) => from >= (s[l.last] - l.slots + 1) * l.step) ?? (TIERS[TIERS.length - 1] as TierLayout);
    const first = Math.floor(from / layout.step);
    const lastSlot = Math.ceil(to / layout.step) - 1;
    const nSlots = lastSlot - first + 1;
    const k = Math.ceil(nSlots / Math.floor(points));
    const newest = s[layout.last];
    const oldest = newest - layout.slots + 1;
    const out: QueryPoint[] = [];
    for (let b = first; b <= lastSlot; b += k) {
      const lo = Math.max(b, oldest);
      const hi = Math.min(b + k - 1, lastSlot, newest);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let n = 0;
      for (let slot = lo; slot <= hi; slot++) {
        const i = slot % layout.slots;
        if (layout.tier === 'raw') {
          const v = s.f[i]!;
          if (Number.isNaN(v)) continue;
          if (v < min) min = v;
          if (v > max) max = v;
          sum += v;
          n++;
        } else {
          const c = s.c[layout.count + i]!;
          if (c === 0) continue;
          const bmin = s.f[layout.min + i]!;
          const bmax = s.f[layout.max + i]!;
          if (bmin < min) min = bmin;
          if (bmax > max) max = bmax;
          sum += s.f[layout.avg + i]! * c;
          n += c;
        }
      }
      out.push(
        n === 0
          ? { t: new Date(b * layout.step).toISOString(), min: null, max: null, avg: null }
          : { t: new Date(b * layout.step).toISOString(), min, max, avg: sum / n },
      );
    }
    return { tier: layout.tier, step: k * layout.step, points: out };
  }

  stats(): { series: number; bytes: number; rejected: number; crossings: number } {
    return { series: this.seriesCount, bytes: this.seriesCount * BYTES_PER_SERIES, rejected: this.rejected, crossings: this.crossingWrites };
  }
}

function writeRaw(s: Series, slot: number, v: number): void {
  if (slot > s.rawLast) {
    // Slots skipped since the newest write become gaps, not stale values from an hour ago.
    for (let i = Math.max(s.rawLast + 1, slot - RAW_SLOTS + 1); i < slot; i++) s.f[i % RAW_SLOTS] = NaN;
    s.rawLast = slot;
  }
  s.f[slot % RAW_SLOTS] = v;
}

function writeBucket(s: Series, l: TierLayout, slot: number, v: number): void {
  const last = s[l.last];
  if (slot <= last - l.slots) return;
  if (slot > last) {
    for (let i = Math.max(last + 1, slot - l.slots + 1); i <= slot; i++) s.c[l.count + (i % l.slots)] = 0;
    s[l.last] = slot;
  }
  const i = slot % l.slots;
  const c = s.c[l.count + i]!;
  if (c === 0) {
    s.f[l.min + i] = v;
    s.f[l.max + i] = v;
    s.f[l.avg + i] = v;
    s.c[l.count + i] = 1;
    return;
  }
  if (v < s.f[l.min + i]!) s.f[l.min + i] = v;
  if (v > s.f[l.max + i]!) s.f[l.max + i] = v;
  const n = Math.min(c + 1, COUNT_MAX);
  s.f[l.avg + i] = s.f[l.avg + i]! + (v - s.f[l.avg + i]!) / n;
  s.c[l.count + i] = n;
}
