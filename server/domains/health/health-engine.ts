import type { RuleSpec } from '../../../shared/domain/alarm-rules.js';
import { DEFAULT_ALARM_RULES } from '../../../shared/domain/alarm-rules.js';
import {
  REDUNDANCY,
  healthStatusOf,
  rollupRuleOf,
  type HealthCause,
  type HealthFactor,
  type HealthScore,
  type HealthStatus,
} from '../../../shared/domain/health.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { MetricChanges, MetricStore } from '../metrics/index.js';
import type { TopologyGraph } from '../topology/index.js';
import type { TopologyNodeView } from '../topology/topology-graph.js';
import { AlarmIndex } from './alarm-index.js';
import { HealthAdjacency } from './health-adjacency.js';
import { FULL, combine, leafCauses, ownScore, scoreGroup, scoredRulesFor, type ChildInput, type Group, type GroupResult, type ScoredRule } from './score-model.js';

/** One node's score as the engine keeps it: the public (frozen) score plus what parents read. */
export interface HealthRecord {
  readonly score: HealthScore;
  /** Score in tenths of a point. */
  readonly tenths: number;
  readonly causes: readonly HealthCause[];
}

const NO_CAUSES: readonly HealthCause[] = Object.freeze([]);

/** Same score, status, confidence and factors (factors compared by value, no JSON per node). */
export function sameScore(a: HealthScore, b: HealthScore): boolean {
  if (a.score !== b.score || a.status !== b.status || a.confidence !== b.confidence || a.factors.length !== b.factors.length) return false;
  for (let i = 0; i < a.factors.length; i++) if (!sameFactor(a.factors[i]!, b.factors[i]!)) return false;
  return true;
}

function sameFactor(a: HealthFactor, b: HealthFactor): boolean {
  if (a.kind !== b.kind || a.messageKey !== b.messageKey || a.impact !== b.impact || a.node !== b.node || !sameParams(a.params, b.params)) return false;
  const ca = a.causes;
  const cb = b.causes;
  if (ca === cb) return true;
  if (!ca || !cb || ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (!sameFactor(ca[i]!, cb[i]!)) return false;
  return true;
}

function sameParams(a: Readonly<Record<string, string | number>>, b: Readonly<Record<string, string | number>>): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _k in b) n--;
  return n === 0;
}

export interface HealthEngineOptions {
  graph: TopologyGraph;
  store: MetricStore;
  ledger: AlarmLedger;
  /** When given, its per-tick fan-out marks the nodes whose series moved. */
  changes?: MetricChanges;
  /** The threshold rules the score reads (the alarms domain's current rules); defaults apply. */
  rules?: () => readonly RuleSpec[];
  /** Node recomputations per tick; the rest carries over to the next tick. */
  maxPerTick?: number;
}

export const DEFAULT_MAX_PER_TICK = 50_000;

/**
 * Scores every node and keeps them current incrementally. Inputs mark nodes dirty: the metric
 * change feed (series that moved), graph changes (declarations, derived status, edges) and the
 * alarm ledger's change feed. Each tick recomputes the dirty nodes in order of their height
 * (longest dependency path down to a leaf), so a node is computed after everything it depends
 * on; when a node's score changed, the nodes that depend on it (walked against the edges) are
 * queued too. Each node is computed at most once per tick, at most `maxPerTick` in all.
 *
 * The result equals a full recompute of the same state (see the property test): a node's score
 * is a function of its declaration, status, latest metrics, open alarms and its dependencies'
 * results only. Dependency cycles (which the platform model does not have) do not hang the
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
  /**
   * Per node index: its kind's scored rules narrowed to the series it actually has, and whether
   * it reports `up`. Series are only ever added (a removed node moves the structure), so the
   * cache stays exact while the store's series count stands still; it is dropped when that count
   * moves, when the rules change, and per node when its declaration is upserted (kind change).
   */
  private inputs: (NodeInputs | undefined)[] = [];
  private seriesSeen = -1;
  private tickNo = 0;
  private readonly buckets: number[][] = [];
  private readonly alarmIndex = new AlarmIndex();
  private rulesRef: readonly RuleSpec[] | null = null;
  private readonly kindRules = new Map<string, ScoredRule[]>();
  private readonly listeners = new Set<(changed: ReadonlySet<string>) => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly byStatus = new Map<string, number>();
  private readonly degradedIds = new Set<string>();
  readonly maxPerTick: number;
  /** Moves on every tick that changed a score. */
  revision = 0;
  readonly stats = { lastTickMs: 0, lastRecomputed: 0, recomputedTotal: 0, ticks: 0 };

  constructor(private readonly opts: HealthEngineOptions) {
    this.maxPerTick = opts.maxPerTick ?? DEFAULT_MAX_PER_TICK;
    this.adjacency = new HealthAdjacency(opts.graph);
    this.unsubscribe.push(
      opts.graph.onChange((c) => {
        if (c.entity === 'node') {
          if (c.reason === 'remove') {
            this.removed.add(c.id);
            this.dirty.delete(c.id);
            this.forced.delete(c.id);
          } else {
            this.dirty.add(c.id);
            if (c.reason === 'upsert') {
              this.forced.add(c.id);
              const i = this.adjacency.indexOf(c.id);
              if (i >= 0) this.inputs[i] = undefined;
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
        opts.changes.onAny((changed) => {
          for (const node of changed.keys()) this.dirty.add(node);
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
    return this.degradedIds;
  }
  /** Scored nodes per health status, over everything (operations' summary). */
  statusCounts(): ReadonlyMap<string, number> {
    return this.byStatus;
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
    const rules = this.opts.rules?.() ?? DEFAULT_ALARM_RULES;
    if (rules !== this.rulesRef) {
      this.rulesRef = rules;
      this.kindRules.clear();
      this.inputs = this.freshInputs();
      this.everything = true;
    }
    const series = this.opts.store.stats().series;
    if (series !== this.seriesSeen) {
      this.seriesSeen = series;
      this.inputs = this.freshInputs();
    }
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
    const perfect = this.perfectStatus(node, this.adjacency.indexOf(id));
    return perfect !== null ? perfectRecord(id, perfect) : this.computeSlow(node);
  }

  /**
   * The hot path: when nothing costs the node a point (it reports, is up, no metric reaches a
   * level, no open event alarm, every dependency it reads is at 100 with full confidence), its
   * score is 100 with no factors whatever the values are, so nothing is built. Returns the
   * status of that perfect score, or null when the full computation is needed.
   */
  private perfectStatus(node: TopologyNodeView, i: number): HealthStatus | null {
    const { graph, store } = this.opts;
    const id = node.id;
    if (node.status === 'down' || node.status === 'unknown') return null;
    if (this.alarmIndex.has(id)) return null;
    let inputs = i >= 0 ? this.inputs[i] : undefined;
    if (!inputs) {
      inputs = this.inputsOf(node);
      if (i >= 0) this.inputs[i] = inputs;
    }
    if (inputs.up) {
      const up = store.latest(id, 'up');
      if (up !== undefined && up.v <= 0) return null;
    }
    const rules = inputs.rules;
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k]!;
      const v = store.latest(id, r.rule.metric)?.v;
      if (v !== undefined && r.dir * v >= r.trigger) return null;
    }
    if (i < 0) return null;
    const { depStart, depIdx } = this.adjacency;
    const ids = this.ids;
    const perfect = this.perfect;
    for (let k = depStart[i]!; k < depStart[i + 1]!; k++) {
      const c = depIdx[k]!;
      if (perfect[c]) continue;
      const child = graph.node(ids[c]!);
      if (!child || child.maintenance || child.status === 'maintenance') continue;
      return null;
    }
    return node.maintenance || node.status === 'maintenance' ? 'maintenance' : 'ok';
  }

  private inputsOf(node: TopologyNodeView): NodeInputs {
    const { store } = this.opts;
    return { up: store.has(node.id, 'up'), rules: this.rulesFor(node.kind).filter((r) => store.has(node.id, r.rule.metric)) };
  }

  private computeSlow(node: TopologyNodeView): HealthRecord {
    const { graph, store } = this.opts;
    const id = node.id;
    const own = ownScore({
      id,
      name: node.name,
      kind: node.kind,
      status: node.status,
      latest: (m) => store.latest(id, m)?.v,
      rules: this.rulesFor(node.kind),
      alarms: this.alarmIndex.of(id),
    });
    // Allocated only for nodes that have dependencies (leaves are most of the platform).
    let groups: Map<string, Group> | null = null;
    for (const e of this.adjacency.depsOf(id)) {
      const child = graph.node(e.target);
      // Ignore-in-maintenance: a dependency under planned work neither helps nor hurts.
      if (!child || child.maintenance || child.status === 'maintenance') continue;
      groups ??= new Map();
      const rec = this.results.get(e.target);
      const input: ChildInput = { id: child.id, name: child.name, score: rec?.tenths ?? FULL, confidence: rec?.score.confidence ?? 0, causes: rec?.causes ?? [] };
      const pair = child.labels[REDUNDANCY.pairLabel];
      const key = pair ? `pair:${pair}` : e.kind === 'runs-on' ? `runs-on:${child.kind}` : `one:${child.id}`;
      let g = groups.get(key);
      if (!g) {
        const need = pair ? REDUNDANCY.pairNeed : e.kind === 'runs-on' ? REDUNDANCY.runsOnNeed : 1;
        groups.set(key, (g = { key, label: pair ?? child.kind, need, weight: e.weight, members: [] }));
      }
      g.weight = Math.max(g.weight, e.weight);
      g.members.push(input);
    }
    const scored: (GroupResult & { weight: number })[] = [];
    if (groups) for (const g of groups.values()) scored.push({ ...scoreGroup(g, REDUNDANCY.failedBelow, REDUNDANCY.loss), weight: g.weight });
    const c = combine(rollupRuleOf(node.kind, node.layer), own, scored);
    const score: HealthScore = {
      nodeId: id,
      score: c.score / 10,
      status: healthStatusOf(c.score / 10, c.confidence, node.maintenance || node.status === 'maintenance'),
      confidence: c.confidence,
      factors: c.factors,
    };
    const causes = c.factors.length === 0 ? NO_CAUSES : deepFreeze(leafCauses(c.factors));
    return { score: deepFreeze(score), tenths: c.score, causes };
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.listeners.clear();
  }

  /** Returns whether the node's stored result changed. */
  private recompute(id: string, i: number): boolean {
    const node = this.opts.graph.node(id);
    if (!node) return this.drop(id);
    const perfect = this.perfectStatus(node, i);
    let next: HealthRecord;
    const prev = this.results.get(id);
    if (perfect !== null) {
      // Unchanged perfect scores (most of a healthy platform) cost no lookup and no allocation.
      if (this.perfect[i] === perfectCode(perfect)) return false;
      next = perfectRecord(id, perfect);
    } else {
      next = this.computeSlow(node);
      if (prev && sameScore(prev.score, next.score)) return false;
    }
    if (prev) this.count(prev, -1);
    this.results.set(id, next);
    this.count(next, 1);
    this.perfect[i] = codeOf(next);
    return true;
  }

  private drop(id: string): boolean {
    const prev = this.results.get(id);
    if (!prev) return false;
    this.count(prev, -1);
    this.results.delete(id);
    const i = this.adjacency.indexOf(id);
    if (i >= 0 && this.ids[i] === id) this.perfect[i] = 0;
    return true;
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
    for (let i = 0; i < n; i++) {
      const rec = this.results.get(this.ids[i]!);
      if (rec) perfect[i] = codeOf(rec);
    }
    this.perfect = perfect;
    this.inputs = this.freshInputs();
  }

  /** A packed array (assigning far indices of `[]` would turn it into a dictionary). */
  private freshInputs(): (NodeInputs | undefined)[] {
    return new Array<NodeInputs | undefined>(this.ids.length).fill(undefined);
  }

  private count(r: HealthRecord, d: 1 | -1): void {
    const s = r.score.status;
    this.byStatus.set(s, (this.byStatus.get(s) ?? 0) + d);
    if (d > 0 && (r.tenths < FULL || s !== 'ok')) this.degradedIds.add(r.score.nodeId);
    else if (d < 0) this.degradedIds.delete(r.score.nodeId);
  }

  private rulesFor(kind: string): ScoredRule[] {
    let r = this.kindRules.get(kind);
    if (!r) this.kindRules.set(kind, (r = scoredRulesFor(kind, this.rulesRef ?? DEFAULT_ALARM_RULES)));
    return r;
  }
}

const NO_FACTORS: HealthFactor[] = Object.freeze([]) as unknown as HealthFactor[];

interface NodeInputs {
  up: boolean;
  rules: ScoredRule[];
}

const PERFECT_OK = 1;
const PERFECT_MAINTENANCE = 2;

function perfectCode(status: HealthStatus): number {
  return status === 'maintenance' ? PERFECT_MAINTENANCE : PERFECT_OK;
}

/** What a parent reads as "costs nothing": 100 at full confidence (then no factors, status ok or maintenance). */
function codeOf(r: HealthRecord): number {
  return r.tenths === FULL && r.score.confidence === 1 ? perfectCode(r.score.status) : 0;
}

function perfectRecord(id: string, status: HealthStatus): HealthRecord {
  const score: HealthScore = Object.freeze({ nodeId: id, score: 100, status, confidence: 1, factors: NO_FACTORS });
  return { score, tenths: FULL, causes: NO_CAUSES };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
