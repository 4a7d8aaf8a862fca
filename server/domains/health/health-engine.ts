import type { RuleSpec } from '../../../shared/domain/alarm-rules.js';
import { DEFAULT_ALARM_RULES } from '../../../shared/domain/alarm-rules.js';
import type { HealthStatus } from '../../../shared/domain/health.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { MetricChanges, MetricStore } from '../metrics/index.js';
import type { TopologyGraph } from '../topology/index.js';
import type { TopologyNodeView } from '../topology/topology-graph.js';
import { AlarmIndex } from './alarm-index.js';
import { HealthAdjacency } from './health-adjacency.js';
import { ScoreTally, codeOf, perfectCode, perfectRecord, sameScore, type HealthRecord } from './health-record.js';
import { ownIsClean, scoreNode, type NodeScoreInputs } from './node-score.js';
import { NodeInputsCache } from './node-inputs.js';

export { sameScore, type HealthRecord } from './health-record.js';

export interface HealthEngineOptions {
  graph: TopologyGraph;
  store: MetricStore;
  ledger: AlarmLedger;
  /**
   * When given, the engine owns the store's quiet bands (one engine per store) and its
   * per-tick crossing feed marks the nodes whose samples may have moved a score; samples that
   * move inside their bands cost the engine nothing. Without it, only graph and alarm changes
   * mark nodes (a reference engine that is ticked after `invalidateAll`).
   */
  changes?: MetricChanges;
  /** The threshold rules the score reads (the alarms domain's current rules); defaults apply. */
  rules?: () => readonly RuleSpec[];
  /** Node recomputations per tick; the rest carries over to the next tick. */
  maxPerTick?: number;
}

export const DEFAULT_MAX_PER_TICK = 50_000;

/**
 * Scores every node and keeps them current incrementally. Inputs mark nodes dirty: the metric
 * store's crossing feed (a node's newest value left, entered or moved outside its quiet band,
 * judged by the store at write time against the bands this engine derives from the rules; see
 * quiet-bands.ts), graph changes (declarations, derived status, edges) and the
 * alarm ledger's change feed. Each tick recomputes the dirty nodes in order of their height
 * (longest dependency path down to a leaf), so a node is computed after everything it depends
 * on; when a node's score changed, the nodes that depend on it (walked against the edges) are
 * queued too. Each node is computed at most once per tick, at most `maxPerTick` in all.
 *
 * The result equals a full recompute of the same state (see the property test): a node's score
 * is a function of its declaration, status, latest metrics, open alarms and its dependencies'
 * results only, and of a latest metric value only through whether and where it reaches a level
 * (or `up` ≤ 0): a value that moves inside its quiet band cannot change it. Dependency cycles (which the platform model does not have) do not hang the
 * engine: the edge closing a cycle is computed against the previous result.
 */
export class HealthEngine {
  private readonly results = new Map<string, HealthRecord>();
  private dirty = new Set<string>();
  /** Nodes whose dependents must be recomputed even if their own score did not move (renames, new pair labels). */
  private readonly forced = new Set<string>();
  private readonly removed = new Set<string>();
  private everything = true;
  private readonly adjacency: HealthAdjacency;
  // Per node index of the adjacency (rebuilt with it): the tick that queued and computed it,
  // and whether its stored score is a perfect 100 at full confidence (what parents check first).
  private ids: readonly string[] = [];
  private height: Int32Array = new Int32Array(0);
  private upStart: Int32Array = new Int32Array(1);
  private upIdx: Int32Array = new Int32Array(0);
  private queuedAt: Int32Array = new Int32Array(0);
  private doneAt: Int32Array = new Int32Array(0);
  /** 0 = not a perfect score; PERFECT_OK / PERFECT_MAINTENANCE = 100 at full confidence with that status. */
  private perfect: Uint8Array = new Uint8Array(0);
  // Per node index, the graph's current node view and this engine's result: a full score reads
  // them for each dependency, and a failure burst scores hundreds of nodes in one tick, where two
  // string-keyed lookups in 20,000-entry maps per dependency cost more than the arithmetic.
  private readonly byIndex: { views: (TopologyNodeView | undefined)[]; records: (HealthRecord | undefined)[] } = { views: [], records: [] };
  private readonly cache: NodeInputsCache;
  private tickNo = 0;
  private readonly buckets: number[][] = [];
  private readonly alarmIndex = new AlarmIndex();
  private readonly scoreInputs: NodeScoreInputs;
  private readonly listeners = new Set<(changed: ReadonlySet<string>) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly tally = new ScoreTally();
  readonly maxPerTick: number;
  /** Moves on every tick that changed a score. */
  revision = 0;
  readonly stats = { lastTickMs: 0, lastRecomputed: 0, recomputedTotal: 0, ticks: 0 };

  constructor(private readonly opts: HealthEngineOptions) {
    this.maxPerTick = opts.maxPerTick ?? DEFAULT_MAX_PER_TICK;
    this.adjacency = new HealthAdjacency(opts.graph);
    // The engine that reads the crossing feed owns the store's quiet bands.
    this.cache = new NodeInputsCache(opts.store, opts.changes !== undefined);
    this.scoreInputs = {
      adjacency: this.adjacency,
      alarms: this.alarmIndex,
      byIndex: this.byIndex,
    };
    this.unsubscribe.push(
      opts.graph.onChange((c) => {
        if (c.entity === 'node') {
          this.viewChanged(c.id);
          if (c.reason === 'remove') {
            this.removed.add(c.id);
            this.dirty.delete(c.id);
            this.forced.delete(c.id);
          } else {
            this.dirty.add(c.id);
            if (c.reason === 'upsert') {
              this.forced.add(c.id);
              this.cache.redeclared(c.id, this.adjacency.indexOf(c.id));
            }
          }
        } else {
          // Node ids cannot hold '>', so the edge id's first part is its source.
          this.dirty.add(opts.graph.edge(c.id)?.source ?? c.id.slice(0, c.id.indexOf('>')));
        }
      }),
      opts.ledger.onChange((change) => {
        for (const node of this.alarmIndex.apply(change)) this.dirty.add(node);
      }),
    );
    if (opts.changes) {
      this.unsubscribe.push(
        opts.changes.onCrossing((nodes) => {
          for (const node of nodes) {
            this.dirty.add(node);
            this.cache.forget(this.adjacency.indexOf(node));
          }
        }),
      );
    }
  }

  get(id: string): HealthRecord | undefined {
    return this.results.get(id);
  }
  records(): IterableIterator<[string, HealthRecord]> {
    return this.results.entries();
  }
  get size(): number {
    return this.results.size;
  }
  /** Nodes waiting for a recompute (over budget last tick, or marked since). */
  get pending(): number {
    return this.dirty.size + (this.everything ? this.opts.graph.nodeCount : 0);
  }
  /** Node ids whose score is below 100 or whose status is not ok (the worst-N candidates). */
  degraded(): ReadonlySet<string> {
    return this.tally.degraded;
  }
  /** Scored nodes per health status, over everything (operations' summary). */
  statusCounts(): ReadonlyMap<string, number> {
    return this.tally.byStatus;
  }
  openAlarmsIndexed(): number {
    return this.alarmIndex.size;
  }

  /** Called after each tick with the node ids whose score changed or was removed. */
  onChange(listener: (changed: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Recompute everything on the next tick (rules reloaded, a test's reference run). */
  invalidateAll(): void {
    this.everything = true;
  }

  /** Runs one recompute pass; returns how many nodes were computed. */
  tick(): number {
    const started = performance.now();
    const { graph } = this.opts;
    if (this.cache.refresh(this.opts.rules?.() ?? DEFAULT_ALARM_RULES)) this.everything = true;
    const changed = new Set<string>();
    for (const id of this.removed) {
      if (graph.hasNode(id)) continue;
      if (this.drop(id)) changed.add(id);
    }
    this.removed.clear();
    let seeds: Iterable<string> = this.dirty;
    if (this.everything) {
      this.everything = false;
      this.alarmIndex.rebuild(this.opts.ledger.open());
      seeds = graph.sortedNodeIds();
    }
    this.dirty = new Set();
    const adj = this.adjacency;
    if (adj.refresh()) this.reindex();
    const tickNo = ++this.tickNo;
    const { queuedAt, doneAt, height, upStart, upIdx, ids } = this;
    const buckets = this.buckets;
    for (const b of buckets) b.length = 0;
    let top = -1;
    const enqueue = (i: number, atLeast: number): void => {
      if (queuedAt[i] === tickNo) {
        if (doneAt[i] === tickNo) this.dirty.add(ids[i]!); // closes a cycle: next tick
        return;
      }
      queuedAt[i] = tickNo;
      const h = height[i]! > atLeast ? height[i]! : atLeast;
      (buckets[h] ??= []).push(i);
      if (h > top) top = h;
    };
    for (const id of seeds) {
      const i = adj.indexOf(id);
      if (i >= 0) enqueue(i, 0);
    }

    let computed = 0;
    for (let h = 0; h <= top; h++) {
      const bucket = buckets[h];
      if (!bucket) continue;
      for (let k = 0; k < bucket.length; k++) {
        const i = bucket[k]!;
        const id = ids[i]!;
        if (computed >= this.maxPerTick) {
          this.dirty.add(id);
          continue;
        }
        doneAt[i] = tickNo;
        computed++;
        const moved = this.recompute(id, i);
        if (moved) changed.add(id);
        const force = this.forced.size > 0 && this.forced.delete(id);
        if (!moved && !force) continue;
        for (let u = upStart[i]!; u < upStart[i + 1]!; u++) enqueue(upIdx[u]!, h);
      }
    }
    const ms = performance.now() - started;
    this.stats.lastTickMs = ms;
    this.stats.lastRecomputed = computed;
    this.stats.recomputedTotal += computed;
    this.stats.ticks++;
    if (changed.size > 0) {
      this.revision++;
      for (const l of this.listeners) l(changed);
    }
    return computed;
  }

  /** A fresh full computation of one node from the current inputs (also what `tick` stores). */
  compute(id: string): HealthRecord | undefined {
    if (this.adjacency.refresh()) this.reindex();
    const node = this.opts.graph.node(id);
    if (!node) return undefined;
    const i = this.adjacency.indexOf(id);
    const perfect = this.perfectStatus(node, i);
    return perfect !== null ? perfectRecord(id, perfect) : scoreNode(node, i, this.cache.of(node, i), this.scoreInputs);
  }

  /**
   * The hot path: when nothing costs the node a point (it reports, is up, no metric reaches a
   * level, no open event alarm, every dependency it reads is at 100 with full confidence), its
   * score is 100 with no factors whatever the values are, so nothing is built. Returns the
   * status of that perfect score, or null when the full computation is needed.
   */
  private perfectStatus(node: TopologyNodeView, i: number): HealthStatus | null {
    // First, so that every scored node's quiet bands are set whatever path it takes.
    const inputs = this.cache.of(node, i);
    if (i < 0) return null;
    // Dependencies before the node's own inputs: in a failure burst it is mostly a dependency
    // that costs a node its perfect score.
    const { depStart, depIdx } = this.adjacency;
    const perfect = this.perfect;
    const views = this.byIndex.views;
    for (let k = depStart[i]!; k < depStart[i + 1]!; k++) {
      const c = depIdx[k]!;
      if (perfect[c]) continue;
      const child = views[c];
      if (!child || child.maintenance || child.status === 'maintenance') continue;
      return null;
    }
    if (!ownIsClean(node, inputs, this.alarmIndex)) return null;
    return node.maintenance || node.status === 'maintenance' ? 'maintenance' : 'ok';
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.listeners.clear();
  }

  /** Returns whether the node's stored result changed. */
  private recompute(id: string, i: number): boolean {
    const node = this.byIndex.views[i];
    if (!node) return this.drop(id);
    const perfect = this.perfectStatus(node, i);
    let next: HealthRecord;
    const prev = this.byIndex.records[i];
    if (perfect !== null) {
      // Unchanged perfect scores (most of a healthy platform) cost no lookup and no allocation.
      if (this.perfect[i] === perfectCode(perfect)) return false;
      next = perfectRecord(id, perfect);
    } else {
      next = scoreNode(node, i, this.cache.of(node, i), this.scoreInputs);
      if (prev && sameScore(prev.score, next.score)) return false;
    }
    if (prev) this.tally.remove(prev);
    this.results.set(id, next);
    this.byIndex.records[i] = next;
    this.tally.add(next);
    this.perfect[i] = codeOf(next);
    return true;
  }

  private drop(id: string): boolean {
    const prev = this.results.get(id);
    if (!prev) return false;
    this.tally.remove(prev);
    this.results.delete(id);
    const i = this.adjacency.indexOf(id);
    if (i >= 0 && this.ids[i] === id) {
      this.perfect[i] = 0;
      this.byIndex.records[i] = undefined;
    }
    return true;
  }

  /** A node's view was replaced or removed: its index (until the next rebuild) reads the graph's current one. */
  private viewChanged(id: string): void {
    const i = this.adjacency.indexOf(id);
    if (i >= 0 && this.ids[i] === id) this.byIndex.views[i] = this.opts.graph.node(id);
  }

  /** After the adjacency was rebuilt: per-index state sized and derived again from the results. */
  private reindex(): void {
    const adj = this.adjacency;
    const n = adj.size;
    this.ids = adj.ids;
    this.height = adj.height;
    this.upStart = adj.upStart;
    this.upIdx = adj.upIdx;
    // Tick numbers start at 1, so fresh zeros never read as "queued this tick".
    this.queuedAt = new Int32Array(n);
    this.doneAt = new Int32Array(n);
    const perfect = new Uint8Array(n);
    // Packed arrays (assigning far indices of `[]` would turn them into dictionaries).
    const views = new Array<TopologyNodeView | undefined>(n).fill(undefined);
    const records = new Array<HealthRecord | undefined>(n).fill(undefined);
    const { graph } = this.opts;
    for (let i = 0; i < n; i++) {
      const id = this.ids[i]!;
      views[i] = graph.node(id);
      const rec = this.results.get(id);
      records[i] = rec;
      if (rec) perfect[i] = codeOf(rec);
    }
    this.perfect = perfect;
    this.byIndex.views = views;
    this.byIndex.records = records;
    this.cache.resize(n);
  }
}
