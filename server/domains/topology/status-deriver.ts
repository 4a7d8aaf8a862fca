import type { NodeStatus } from '../../../shared/domain/topology.js';
import type { MetricChanges } from '../metrics/metric-changes.js';
import type { MetricStore } from '../metrics/metric-store.js';
import { DEFAULT_THRESHOLDS, levelOf, type ThresholdTable } from './default-thresholds.js';
import type { TopologyGraph } from './topology-graph.js';

/** Stated silence interval (product.md: a node that stops reporting turns unknown, never stays green). */
export const DEFAULT_SILENCE_MS = 30_000;

export interface StatusDeriverOptions {
  graph: TopologyGraph;
  store: MetricStore;
  /**
   * When given, `run` flushes it (the engine's single drain of the metric store per tick) and
   * re-evaluates the nodes whose series moved. Without it, call `markChanged`.
   */
  changes?: MetricChanges;
  /** Source-time ms without any sample before a node turns unknown. */
  silenceMs?: number;
  thresholds?: ThresholdTable;
}

/**
 * Derives each node's status; sources never report one. Precedence, first match wins:
 *
 *   maintenance flag/window   → maintenance
 *   no sample for silenceMs   → unknown   (also a node that never reported)
 *   latest `up` is 0          → down
 *   worst threshold crossed   → critical | warning
 *   otherwise                 → ok
 *
 * `run(now)` is called every engine tick with SOURCE time: silence is checked for every node
 * (one map lookup each), the full evaluation only for nodes whose series or declaration changed.
 */
export class StatusDeriver {
  readonly silenceMs: number;
  private readonly thresholdEntries: [string, ThresholdTable[string]][];
  private dirty = new Set<string>();
  private everything = true;
  /** Nodes an active maintenance window covers (the alarms domain's silences), on top of declarations. */
  private maintenance: ReadonlySet<string> = new Set();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly opts: StatusDeriverOptions) {
    this.silenceMs = opts.silenceMs ?? DEFAULT_SILENCE_MS;
    this.thresholdEntries = Object.entries(opts.thresholds ?? DEFAULT_THRESHOLDS);
    this.unsubscribe.push(
      opts.graph.onChange((c) => {
        // A re-declaration may flip maintenance; a status change is our own doing.
        if (c.entity === 'node' && c.reason === 'upsert') this.dirty.add(c.id);
      }),
    );
    if (opts.changes) {
      this.unsubscribe.push(
        opts.changes.onAny((changed) => {
          for (const node of changed.keys()) this.dirty.add(node);
        }),
      );
    }
  }

  /**
   * The nodes active maintenance windows cover, replacing the previous set; nodes that entered or
   * left it are re-derived on the next run.
   */
  setMaintenance(nodes: ReadonlySet<string>): void {
    for (const id of nodes) if (!this.maintenance.has(id)) this.dirty.add(id);
    for (const id of this.maintenance) if (!nodes.has(id)) this.dirty.add(id);
    this.maintenance = nodes;
  }

  /** For callers without a MetricChanges dispatcher: these nodes' series moved. */
  markChanged(nodes: Iterable<string>): void {
    for (const n of nodes) this.dirty.add(n);
  }

  /**
   * The engine's per-tick metrics-and-status step. First it flushes the metric change feed (the
   * one drain per tick, fanned out to every listener, `metrics:<node>` feeds included), then
   * re-derives what may have changed. Returns how many nodes changed status.
   */
  run(now: number): number {
    this.opts.changes?.flush();
    const { graph, store } = this.opts;
    let changed = 0;
    if (this.everything) {
      this.everything = false;
      this.dirty.clear();
      for (const n of graph.nodes()) if (graph.setStatus(n.id, this.derive(n.id, now))) changed++;
      return changed;
    }
    const dirty = this.dirty;
    this.dirty = new Set();
    // Replacing a Map value while iterating is safe (no re-ordering), so no copy per tick.
    for (const n of graph.nodes()) {
      if (dirty.has(n.id)) {
        if (graph.setStatus(n.id, this.derive(n.id, now))) changed++;
      } else if (n.status !== 'unknown' && n.status !== 'maintenance' && this.silent(store.lastSeen(n.id), now)) {
        if (graph.setStatus(n.id, 'unknown')) changed++;
      }
    }
    return changed;
  }

  /** The status a node should have at source time `now`. */
  derive(id: string, now: number): NodeStatus {
    const { graph, store } = this.opts;
    const node = graph.node(id);
    if (!node) return 'unknown';
    if (node.maintenance || this.maintenance.has(id)) return 'maintenance';
    if (this.silent(store.lastSeen(id), now)) return 'unknown';
    const up = store.latest(id, 'up');
    if (up && up.v <= 0) return 'down';
    let worst: NodeStatus = 'ok';
    for (const [metric, t] of this.thresholdEntries) {
      const l = store.latest(id, metric);
      if (!l) continue;
      const level = levelOf(t, l.v);
      if (level === 'critical') return 'critical';
      if (level === 'warning') worst = 'warning';
    }
    return worst;
  }

  /** Re-evaluate everything on the next run (e.g. after thresholds were reloaded). */
  invalidateAll(): void {
    this.everything = true;
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
  }

  private silent(lastSeen: number | null, now: number): boolean {
    return lastSeen === null || now - lastSeen > this.silenceMs;
  }
}
