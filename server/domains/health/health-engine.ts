import type { RuleSpec } from '../../../shared/domain/alarm-rules.js';
import { DEFAULT_ALARM_RULES } from '../../../shared/domain/alarm-rules.js';
import {
  EDGE_WEIGHTS,
  REDUNDANCY,
  healthStatusOf,
  rollupRuleOf,
  type HealthCause,
  type HealthScore,
} from '../../../shared/domain/health.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { MetricChanges, MetricStore } from '../metrics/index.js';
import type { TopologyGraph } from '../topology/index.js';
import { AlarmIndex } from './alarm-index.js';
import { FULL, combine, leafCauses, ownScore, scoreGroup, scoredRulesFor, type ChildInput, type Group, type GroupResult, type ScoredRule } from './score-model.js';

/** One node's score as the engine keeps it: the public (frozen) score plus what parents read. */
export interface HealthRecord {
  readonly score: HealthScore;
  /** Score in tenths of a point. */
  readonly tenths: number;
  readonly causes: readonly HealthCause[];
}

const NO_CAUSES: readonly HealthCause[] = Object.freeze([]);

/** Same score, status, confidence and factors (factors compared by value only when there are any). */
export function sameScore(a: HealthScore, b: HealthScore): boolean {
  if (a.score !== b.score || a.status !== b.status || a.confidence !== b.confidence || a.factors.length !== b.factors.length) return false;
  return a.factors.length === 0 || JSON.stringify(a.factors) === JSON.stringify(b.factors);
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
  private heights = new Map<string, number>();
  private heightsAt = -1;
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
    this.unsubscribe.push(
      opts.graph.onChange((c) => {
        if (c.entity === 'node') {
          if (c.reason === 'remove') {
            this.removed.add(c.id);
            this.dirty.delete(c.id);
            this.forced.delete(c.id);
          } else {
            this.dirty.add(c.id);
            if (c.reason === 'upsert') this.forced.add(c.id);
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
      this.everything = true;
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
    if (graph.structureVersion !== this.heightsAt) this.computeHeights();

    const buckets: string[][] = [];
    const state = new Map<string, 1 | 2>(); // 1 queued, 2 done this tick
    const enqueue = (id: string, atLeast: number) => {
      if (state.has(id)) {
        if (state.get(id) === 2) this.dirty.add(id); // closes a cycle: next tick
        return;
      }
      state.set(id, 1);
      const h = Math.max(this.heights.get(id) ?? 0, atLeast);
      (buckets[h] ??= []).push(id);
    };
    for (const id of seeds) if (graph.hasNode(id)) enqueue(id, 0);

    let computed = 0;
    for (let h = 0; h < buckets.length; h++) {
      const bucket = buckets[h];
      if (!bucket) continue;
      for (let i = 0; i < bucket.length; i++) {
        const id = bucket[i]!;
        if (computed >= this.maxPerTick) {
          this.dirty.add(id);
          continue;
        }
        state.set(id, 2);
        computed++;
        const moved = this.recompute(id);
        if (moved) changed.add(id);
        const force = this.forced.delete(id);
        if (!moved && !force) continue;
        for (const e of graph.dependents(id)) enqueue(e.source, h);
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
    const { graph, store } = this.opts;
    const node = graph.node(id);
    if (!node) return undefined;
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
    const seen = new Set<string>();
    for (const e of graph.dependencies(id)) {
      const weight = EDGE_WEIGHTS[e.kind];
      if (weight <= 0 || seen.has(e.target)) continue;
      const child = graph.node(e.target);
      // Ignore-in-maintenance: a dependency under planned work neither helps nor hurts.
      if (!child || child.maintenance || child.status === 'maintenance') continue;
      seen.add(e.target);
      groups ??= new Map();
      const rec = this.results.get(e.target);
      const input: ChildInput = { id: child.id, name: child.name, score: rec?.tenths ?? FULL, confidence: rec?.score.confidence ?? 0, causes: rec?.causes ?? [] };
      const pair = child.labels[REDUNDANCY.pairLabel];
      const key = pair ? `pair:${pair}` : e.kind === 'runs-on' ? `runs-on:${child.kind}` : `one:${child.id}`;
      let g = groups.get(key);
      if (!g) {
        const need = pair ? REDUNDANCY.pairNeed : e.kind === 'runs-on' ? REDUNDANCY.runsOnNeed : 1;
        groups.set(key, (g = { key, label: pair ?? child.kind, need, weight, members: [] }));
      }
      g.weight = Math.max(g.weight, weight);
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
  private recompute(id: string): boolean {
    const next = this.compute(id);
    if (!next) return this.drop(id);
    const prev = this.results.get(id);
    if (prev && sameScore(prev.score, next.score)) return false;
    if (prev) this.count(prev, -1);
    this.results.set(id, next);
    this.count(next, 1);
    return true;
  }

  private drop(id: string): boolean {
    const prev = this.results.get(id);
    if (!prev) return false;
    this.count(prev, -1);
    this.results.delete(id);
    return true;
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

  /** Longest dependency path down to a leaf, per node (edges closing a cycle are skipped). */
  private computeHeights(): void {
    const { graph } = this.opts;
    const heights = new Map<string, number>();
    const onStack = new Set<string>();
    for (const root of graph.sortedNodeIds()) {
      if (heights.has(root)) continue;
      const stack: { id: string; it: Iterator<{ target: string }> }[] = [{ id: root, it: graph.dependencies(root) }];
      onStack.add(root);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const next = top.it.next();
        if (!next.done) {
          const t = next.value.target;
          if (!heights.has(t) && !onStack.has(t)) {
            onStack.add(t);
            stack.push({ id: t, it: graph.dependencies(t) });
          }
          continue;
        }
        let h = 0;
        for (const e of graph.dependencies(top.id)) {
          const ch = heights.get(e.target);
          if (ch !== undefined && ch + 1 > h) h = ch + 1;
        }
        heights.set(top.id, h);
        onStack.delete(top.id);
        stack.pop();
      }
    }
    this.heights = heights;
    this.heightsAt = graph.structureVersion;
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
