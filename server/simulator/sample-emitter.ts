import type { SampleInput } from '../domains/ingest/ingest-port.js';
import { hashUnit, smoothNoise } from './counter-hash.js';
import { MetricType, type MetricSpec } from './kind-registry.js';
import type { Platform } from './platform-graph.js';
import type { SlotFrame } from './slot-frame.js';

/** Samples handed to the port per call: big enough to amortise, small enough to stay in cache. */
export const BATCH_SIZE = 4096;

/**
 * Turns a computed slot frame into samples. Series live in flat typed arrays (one entry per
 * node × metric, about 100,000 at 20,000 nodes) and the sample objects handed to the port are a
 * reused pool, so a slot allocates next to nothing. The port copies what it keeps: a batch and
 * its objects are overwritten after `sink` returns.
 */
export class SampleEmitter {
  /** Series of node i: [seriesStart[i], seriesStart[i + 1]). */
  private readonly seriesStart: Int32Array;
  private readonly type: Uint8Array;
  private readonly base: Float64Array;
  private readonly noise: Float64Array;
  private readonly pct: Uint8Array;
  private readonly key: Int32Array;
  private readonly names: string[] = [];
  private readonly nodeIds: string[];
  private readonly isBusiness: Uint8Array;
  private readonly pool: SampleInput[];
  private fill = 0;

  constructor(
    private readonly platform: Platform,
    private readonly seed: number,
    private readonly sink: (batch: readonly SampleInput[]) => void,
  ) {
    const specs: MetricSpec[][] = platform.nodes.map((n) => (n.bizMetric ? [...n.spec.metrics, { name: n.bizMetric, type: MetricType.TRAFFIC, base: 600, noise: 0.05 }] : [...n.spec.metrics]));
    const total = specs.reduce((sum, s) => sum + s.length, 0);
    this.seriesStart = new Int32Array(platform.nodes.length + 1);
    this.type = new Uint8Array(total);
    this.base = new Float64Array(total);
    this.noise = new Float64Array(total);
    this.pct = new Uint8Array(total);
    this.key = new Int32Array(total);
    let s = 0;
    specs.forEach((list, i) => {
      this.seriesStart[i] = s;
      list.forEach((m, k) => {
        this.type[s] = m.type;
        this.key[s] = i * 64 + k + 1;
        // Levels differ from node to node (one disk fuller than another), fixed per series.
        const spread = m.type === MetricType.LEVEL || m.type === MetricType.MEMORY ? 1 + (m.spread ?? 0.15) * (2 * hashUnit(seed, this.key[s]!, -1) - 1) : 1;
        this.base[s] = m.base * spread;
        this.noise[s] = m.noise;
        this.pct[s] = m.pct ? 1 : 0;
        this.names.push(m.name);
        s++;
      });
    });
    this.seriesStart[platform.nodes.length] = s;
    this.nodeIds = platform.nodes.map((n) => n.decl.id);
    this.isBusiness = Uint8Array.from(platform.nodes, (n) => (n.decl.layer === 'business' ? 1 : 0));
    this.pool = Array.from({ length: BATCH_SIZE }, () => ({ node: '', metric: '', t: 0, v: 0 }));
  }

  /** Series per slot when every node reports (up included). */
  get seriesCount(): number {
    return this.seriesStart[this.platform.nodes.length]! + this.platform.nodes.length;
  }

  /** Metric names node i reports, `up` first. */
  metricsOf(i: number): string[] {
    return ['up', ...this.names.slice(this.seriesStart[i], this.seriesStart[i + 1])];
  }

  /**
   * Emits slot `frame.t`: nothing for a silent node, only `up` = 0 for a reachable node that is
   * down, `up` = 1 and every metric otherwise, for nodes [from, to). Returns the samples emitted;
   * call flush() after.
   */
  emit(frame: SlotFrame, from = 0, to = this.nodeIds.length): number {
    const t = frame.t;
    let count = 0;
    for (let i = from; i < to; i++) {
      if (frame.silent[i] === 1) continue;
      const node = this.nodeIds[i]!;
      if (frame.avail[i]! <= 0) {
        this.push(node, 'up', t, 0);
        count++;
        continue;
      }
      this.push(node, 'up', t, 1);
      const end = this.seriesStart[i + 1]!;
      for (let s = this.seriesStart[i]!; s < end; s++) this.push(node, this.names[s]!, t, this.value(frame, s, i));
      count += 1 + end - this.seriesStart[i]!;
    }
    return count;
  }

  /** Hands the partly filled last batch to the port. */
  flush(): void {
    if (this.fill === 0) return;
    this.sink(this.pool.slice(0, this.fill));
    this.fill = 0;
  }

  /** The value node i's metric has in this frame (undefined when it reports no such metric or nothing at all). */
  valueOf(frame: SlotFrame, i: number, metric: string): number | undefined {
    if (frame.silent[i] === 1) return undefined;
    if (metric === 'up') return frame.avail[i]! > 0 ? 1 : 0;
    if (frame.avail[i]! <= 0) return undefined;
    for (let s = this.seriesStart[i]!; s < this.seriesStart[i + 1]!; s++) if (this.names[s] === metric) return this.value(frame, s, i);
    return undefined;
  }

  private push(node: string, metric: string, t: number, v: number): void {
    const sample = this.pool[this.fill++]!;
    sample.node = node;
    sample.metric = metric;
    sample.t = t;
    sample.v = v;
    if (this.fill === BATCH_SIZE) {
      this.sink(this.pool);
      this.fill = 0;
    }
  }

  private value(frame: SlotFrame, s: number, i: number): number {
    const base = this.base[s]!;
    const weight = this.platform.nodes[i]!.weight;
    const d = frame.demand[i]!;
    const u = frame.util[i]!;
    const wobble = 1 + this.noise[s]! * smoothNoise(this.seed, this.key[s]!, frame.t);
    let v: number;
    switch (this.type[s]) {
      case MetricType.TRAFFIC:
        // A business system's throughput is what it serves: failed requests do not count.
        v = base * weight * d * wobble * (this.isBusiness[i] === 1 ? 1 - frame.errors[i]! / 100 : 1);
        break;
      case MetricType.CPU:
        // Saturated stays saturated: the noise cannot pull a pegged CPU below its ceiling.
        v = 100 * Math.min(u * wobble, 1);
        break;
      case MetricType.MEMORY:
        v = base * (1 + 0.1 * (Math.min(d, 3) - 1)) * wobble;
        break;
      case MetricType.LEVEL:
        v = base * wobble;
        break;
      case MetricType.LATENCY:
        v = frame.latency[i]! * wobble;
        break;
      case MetricType.ERROR:
        v = frame.errors[i]! * wobble;
        break;
      case MetricType.QUEUE:
        v = base * weight * d * (1 + 30 * Math.max(0, u - 1)) * wobble;
        break;
      case MetricType.INSTANCES:
        return Math.round(frame.instances[i]!);
      case MetricType.BLOCKED:
        v = base * (1 + 19 * frame.lock[i]!) * wobble;
        break;
      case MetricType.SESSIONS:
        v = (base * weight * d * frame.sessionsMul[i]! + base * 0.3 * frame.lock[i]!) * wobble;
        break;
      default: // HEAT
        v = (base + 15 * Math.min(u, 1.2)) * wobble;
    }
    if (v < 0) v = 0;
    if (this.pct[s] === 1 && v > 100) v = 100;
    return Math.round(v * 1000) / 1000;
  }
}
