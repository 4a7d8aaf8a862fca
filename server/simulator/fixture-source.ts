import type { IngestPort, SampleInput } from '../domains/ingest/ingest-port.js';
import { fixtureInventory, type FixtureNode } from './fixture-inventory.js';

export {
  FIXTURE_SHARED_NODE,
  FIXTURE_SYSTEMS,
  FIXTURE_TENANTS,
  fixtureInventory,
  type FixtureNode,
  type FixtureTenant,
} from './fixture-inventory.js';

/** One sample per node and metric every second of source time. */
export const FIXTURE_INTERVAL_MS = 1000;
/** After a jump of source time, at most this much is filled in (older gaps stay gaps). */
export const MAX_CATCH_UP_MS = 10 * 60_000;
const FLUSH_AT = 5000;

/** [base, daily swing (share of base between trough and peak), noise amplitude]. */
type Profile = Readonly<Record<string, readonly [number, number, number]>>;

// What each kind reports, at levels well under the default thresholds on a normal day.
const PROFILES: Readonly<Record<string, Profile>> = {
  'business-system': {
    tps: [800, 1.2, 60],
    latency_ms: [120, 0.4, 15],
    error_rate: [0.3, 0.5, 0.1],
    sessions: [6000, 1.2, 300],
    recharges_per_min: [600, 1.4, 50],
  },
  AC: { cpu_util: [38, 0.6, 6], mem_util: [55, 0.1, 3], latency_ms: [35, 0.4, 5], tps: [1000, 1.2, 80], error_rate: [0.2, 0.5, 0.08] },
  RD: { cpu_util: [34, 0.6, 5], mem_util: [62, 0.05, 2], sessions: [180, 0.8, 15], latency_ms: [8, 0.4, 1.5], tps: [2500, 1.2, 150] },
  MC: { cpu_util: [22, 0.5, 4], mem_util: [70, 0.05, 2], latency_ms: [1.2, 0.3, 0.2], tps: [9000, 1.2, 500], hit_ratio: [96, 0, 0.8] },
  DMQ: { cpu_util: [28, 0.5, 4], mem_util: [48, 0.05, 2], latency_ms: [4, 0.3, 0.6], tps: [800, 1.2, 60] },
  VCS: { cpu_util: [36, 0.6, 6], mem_util: [58, 0.1, 3] },
  BS: { latency_ms: [2.5, 0.3, 0.4], tps: [1800, 1, 120], disk_util: [62, 0, 0.2] },
  VPC: { packet_loss: [0.02, 0, 0.01] },
  LB: { sessions: [12000, 1.2, 500], tps: [3000, 1.2, 150] },
  server: { cpu_util: [42, 0.5, 5], mem_util: [60, 0.1, 3] },
  'disk-array': { disk_util: [68, 0, 0.2], latency_ms: [1.8, 0.3, 0.3], tps: [12000, 1, 600] },
  switch: { cpu_util: [18, 0.2, 3], packet_loss: [0.01, 0, 0.005] },
};

/** Metrics that are percentages stay within 0–100. */
const PERCENT = new Set(['cpu_util', 'mem_util', 'disk_util', 'error_rate', 'hit_ratio', 'packet_loss']);
/** Traffic-like metrics scale with the instance's load; utilisations and latencies do not. */
const SCALED = new Set(['tps', 'sessions', 'recharges_per_min']);

interface Stream {
  node: string;
  metric: string;
  /** Noise stream key: the position of node and metric in the fixed inventory. */
  key: number;
  base: number;
  swing: number;
  noise: number;
}

export interface FixtureSourceOptions {
  ingest: Pick<IngestPort, 'declare' | 'samples'>;
  seed?: number;
  /** History produced by the first pump (capped at MAX_CATCH_UP_MS). Default 2 minutes. */
  backfillMs?: number;
}

/**
 * The `--simulate` fixture: declares the small fixed cloud and pumps its samples through the
 * IngestPort only, exactly like a real source. Values are a pure function of (seed, series,
 * second): noise comes from a counter-based seeded PRNG rather than a sequential one, so the
 * same seed yields the same samples however pumps are spaced or time jumps are caught up.
 */
export class FixtureSource {
  readonly seed: number;
  private readonly nodes: FixtureNode[];
  private readonly edges: ReturnType<typeof fixtureInventory>['edges'];
  private readonly streams: Stream[];
  private readonly backfillMs: number;
  private declared = false;
  /** Source time (ms, whole second) of the last emitted samples. */
  private cursor: number | null = null;

  constructor(private readonly opts: FixtureSourceOptions) {
    this.seed = (opts.seed ?? 1) >>> 0;
    this.backfillMs = Math.min(Math.max(opts.backfillMs ?? 120_000, 0), MAX_CATCH_UP_MS);
    const inv = fixtureInventory();
    this.nodes = inv.nodes;
    this.edges = inv.edges;
    this.streams = [];
    this.nodes.forEach((n, i) => {
      const profile = PROFILES[n.kind] ?? {};
      this.streams.push({ node: n.id, metric: 'up', key: i * 64, base: 1, swing: 0, noise: 0 });
      Object.entries(profile).forEach(([metric, [base, swing, noise]], j) => {
        const scale = SCALED.has(metric) ? n.scale : 1;
        this.streams.push({ node: n.id, metric, key: i * 64 + j + 1, base: base * scale, swing, noise: noise * scale });
      });
    });
  }

  /** Declares the inventory through the port; idempotent, and done by the first pump anyway. */
  declare(): void {
    if (this.declared) return;
    this.opts.ingest.declare({ nodes: this.nodes.map(({ scale: _scale, ...decl }) => decl), edges: this.edges });
    this.declared = true;
  }

  /**
   * Emits every sample due in (last pump, now], at most the last MAX_CATCH_UP_MS of it.
   * Returns how many samples were offered to the port.
   */
  pump(now: number): number {
    this.declare();
    const end = Math.floor(now / FIXTURE_INTERVAL_MS) * FIXTURE_INTERVAL_MS;
    const earliest = end - MAX_CATCH_UP_MS + FIXTURE_INTERVAL_MS;
    const start = Math.max(this.cursor === null ? end - this.backfillMs : this.cursor + FIXTURE_INTERVAL_MS, earliest);
    if (start > end) return 0;
    let batch: SampleInput[] = [];
    let emitted = 0;
    for (let t = start; t <= end; t += FIXTURE_INTERVAL_MS) {
      for (const s of this.streams) batch.push({ node: s.node, metric: s.metric, t, v: this.value(s, t) });
      if (batch.length >= FLUSH_AT) {
        this.opts.ingest.samples(batch);
        emitted += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) {
      this.opts.ingest.samples(batch);
      emitted += batch.length;
    }
    this.cursor = end;
    return emitted;
  }

  /** The value a series has at source time t (ms). */
  valueAt(node: string, metric: string, t: number): number | undefined {
    const s = this.streams.find((x) => x.node === node && x.metric === metric);
    return s ? this.value(s, t) : undefined;
  }

  private value(s: Stream, t: number): number {
    if (s.metric === 'up') return 1;
    const second = Math.floor(t / 1000);
    // Smooth drift (knots every 20 s, cosine-interpolated) plus a little per-second jitter.
    const knot = Math.floor(second / 20);
    const frac = (second - knot * 20) / 20;
    const a = unit(this.seed, s.key, knot) * 2 - 1;
    const b = unit(this.seed, s.key, knot + 1) * 2 - 1;
    const w = (1 - Math.cos(Math.PI * frac)) / 2;
    const drift = a + (b - a) * w;
    const jitter = unit(this.seed, s.key + 0x8000, second) * 2 - 1;
    const shape = dailyShape(t);
    let v = s.base * (1 + s.swing * (shape - 0.5)) + s.noise * (0.8 * drift + 0.2 * jitter);
    if (v < 0) v = 0;
    if (PERCENT.has(s.metric) && v > 100) v = 100;
    return Math.round(v * 1000) / 1000;
  }
}

export function createFixtureSource(opts: FixtureSourceOptions): FixtureSource {
  return new FixtureSource(opts);
}

/**
 * Traffic over the day in China Standard Time (UTC+8, no DST): 0 at 04:00, 1 at 16:00. The
 * control room's "normal" curve; scenarios later bend it.
 */
export function dailyShape(t: number): number {
  const hour = (((t / 3_600_000 + 8) % 24) + 24) % 24;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
}

/** A counter-based PRNG: a well-mixed 32-bit hash of (seed, stream, step) mapped to [0, 1). */
function unit(seed: number, stream: number, step: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ stream, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ (step | 0), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ Math.floor(step / 4294967296), 0x165667b1);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
