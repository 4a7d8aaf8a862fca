import type { Alarm } from '../../../shared/domain/alarms.js';
import type { NodeStatus } from '../../../shared/domain/topology.js';
import { REDUNDANCY, healthStatusOf, rollupRuleOf, type HealthFactor, type HealthScore } from '../../../shared/domain/health.js';
import type { MetricStore } from '../metrics/index.js';
import type { TopologyGraph } from '../topology/index.js';
import type { TopologyNodeView } from '../topology/topology-graph.js';
import type { AlarmIndex } from './alarm-index.js';
import type { HealthAdjacency } from './health-adjacency.js';
import { NO_CAUSES, type HealthRecord } from './health-record.js';
import { FULL, combine, leafCauses, ownScore, scoreGroup, type ChildInput, type Group, type GroupResult, type OwnInputs, type ScoredRule } from './score-model.js';

/** What one node's full score reads: the engine's inputs and its dependencies' current results. */
export interface NodeScoreInputs {
  graph: TopologyGraph;
  store: MetricStore;
  adjacency: HealthAdjacency;
  alarms: AlarmIndex;
  results: ReadonlyMap<string, HealthRecord>;
  rulesFor(kind: string): readonly ScoredRule[];
}

/** ownScore's inputs for one node, its newest values read without an object or a closure per read. */
class OwnOf implements OwnInputs {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly status: NodeStatus;
  readonly rules: readonly ScoredRule[];
  readonly alarms: Iterable<Alarm>;
  constructor(
    node: TopologyNodeView,
    x: NodeScoreInputs,
    private readonly store: MetricStore,
  ) {
    this.id = node.id;
    this.name = node.name;
    this.kind = node.kind;
    this.status = node.status;
    this.rules = x.rulesFor(node.kind);
    this.alarms = x.alarms.of(node.id);
  }
  latest(metric: string): number | undefined {
    return this.store.latestValue(this.id, metric);
  }
}

/**
 * The full computation of one node's score (the engine's slow path, for a node that loses
 * points): its own score from metrics, alarms and availability, then its dependency groups
 * (MIN-n over pairs and runs-on sets, ignore-in-maintenance) combined by its roll-up rule.
 */
export function scoreNode(node: TopologyNodeView, x: NodeScoreInputs): HealthRecord {
  const { graph, adjacency } = x;
  const id = node.id;
  const own = ownScore(new OwnOf(node, x, x.store));
  // Allocated only for nodes that have dependencies (leaves are most of the platform). Groups
  // keep the order of their first member; a plain dependency is a group of its own (no key
  // string, no map), pairs and runs-on sets are found by label / kind.
  let groups: Group[] | null = null;
  let shared: Map<string, Group> | null = null;
  const i = adjacency.indexOf(id);
  if (i >= 0) {
    const { depStart, depIdx, depKind, depWeight, ids } = adjacency;
    for (let k = depStart[i]!; k < depStart[i + 1]!; k++) {
      const child = graph.node(ids[depIdx[k]!]!);
      // Ignore-in-maintenance: a dependency under planned work neither helps nor hurts.
      if (!child || child.maintenance || child.status === 'maintenance') continue;
      groups ??= [];
      const rec = x.results.get(child.id);
      const input: ChildInput = { id: child.id, name: child.name, score: rec?.tenths ?? FULL, confidence: rec?.score.confidence ?? 0, causes: rec?.causes ?? NO_CAUSES };
      const pair = child.labels[REDUNDANCY.pairLabel];
      const kind = depKind[k]!;
      const weight = depWeight[k]!;
      if (!pair && kind !== 'runs-on') {
        groups.push({ key: child.id, label: child.kind, need: 1, weight, members: [input] });
        continue;
      }
      const key = pair ? `pair:${pair}` : `runs-on:${child.kind}`;
      shared ??= new Map();
      let g = shared.get(key);
      if (!g) {
        g = { key, label: pair ?? child.kind, need: pair ? REDUNDANCY.pairNeed : REDUNDANCY.runsOnNeed, weight, members: [] };
        shared.set(key, g);
        groups.push(g);
      }
      if (weight > g.weight) g.weight = weight;
      g.members.push(input);
    }
  }
  const scored: (GroupResult & { weight: number })[] = [];
  if (groups) {
    for (const g of groups) {
      const r = scoreGroup(g, REDUNDANCY.failedBelow, REDUNDANCY.loss);
      scored.push({ score: r.score, confidence: r.confidence, part: r.part, weight: g.weight });
    }
  }
  const c = combine(rollupRuleOf(node.kind, node.layer), own, scored);
  const score: HealthScore = {
    nodeId: id,
    score: c.score / 10,
    status: healthStatusOf(c.score / 10, c.confidence, node.maintenance || node.status === 'maintenance'),
    confidence: c.confidence,
    factors: c.factors,
  };
  freezeFactors(c.factors);
  const causes = c.factors.length === 0 ? NO_CAUSES : freezeCauses(leafCauses(c.factors));
  return { score: Object.freeze(score), tenths: c.score, causes };
}

/**
 * Freezes what a score shares with views and parents. Only what this computation built needs it:
 * a child's causes arrive frozen already, so the walk stops at anything frozen.
 */
function freezeFactors(factors: HealthFactor[]): void {
  for (const f of factors) {
    Object.freeze(f.params);
    if (f.causes && !Object.isFrozen(f.causes)) freezeCauses(f.causes);
    Object.freeze(f);
  }
  Object.freeze(factors);
}

function freezeCauses<T extends readonly { params: object }[]>(causes: T): T {
  for (const c of causes) {
    if (Object.isFrozen(c)) continue;
    Object.freeze(c.params);
    Object.freeze(c);
  }
  return Object.freeze(causes);
}
