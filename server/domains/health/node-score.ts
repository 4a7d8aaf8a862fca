import type { Alarm } from '../../../shared/domain/alarms.js';
import type { NodeStatus } from '../../../shared/domain/topology.js';
import { REDUNDANCY, healthStatusOf, rollupRuleOf, type HealthFactor, type HealthScore } from '../../../shared/domain/health.js';
import type { TopologyNodeView } from '../topology/topology-graph.js';
import type { AlarmIndex } from './alarm-index.js';
import type { HealthAdjacency } from './health-adjacency.js';
import { NO_CAUSES, type HealthRecord } from './health-record.js';
import { latestOf, valueOf, type NodeInputs } from './node-inputs.js';
import { leafCauses } from './explain.js';
import { CLEAN_OWN, FULL, childPartOf, combine, ownScore, perfectGroup, scoreGroup, type Group, type GroupResult, type OwnInputs, type ScoredRule } from './score-model.js';

/** What one node's full score reads: the engine's inputs and its dependencies' current results. */
export interface NodeScoreInputs {
  adjacency: HealthAdjacency;
  alarms: AlarmIndex;
  /** Per adjacency index: the graph's node view and the engine's current result. */
  byIndex: { views: readonly (TopologyNodeView | undefined)[]; records: readonly (HealthRecord | undefined)[] };
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
    private readonly inputs: NodeInputs,
    x: NodeScoreInputs,
  ) {
    this.id = node.id;
    this.name = node.name;
    this.kind = node.kind;
    this.status = node.status;
    // The kind's rules narrowed to the node's series: a metric it does not report costs no lookup.
    this.rules = inputs.rules;
    this.alarms = x.alarms.of(node.id);
  }
  latest(metric: string): number | undefined {
    return latestOf(this.inputs, metric);
  }
}

type ScoredGroup = GroupResult & { weight: number };
/** A pair or runs-on set being filled: its place in the node's groups and what it is keyed by. */
type SharedGroup = Group & { at: number; isPair: boolean };

/**
 * The full computation of one node's score (the engine's slow path, for a node that loses
 * points): its own score from metrics, alarms and availability, then its dependency groups
 * (MIN-n over pairs and runs-on sets, ignore-in-maintenance) combined by its roll-up rule.
 * `i` is the node's adjacency index (-1: not in it, no dependencies read); `inputs` its current
 * entry of the engine's NodeInputsCache.
 */
export function scoreNode(node: TopologyNodeView, i: number, inputs: NodeInputs, x: NodeScoreInputs): HealthRecord {
  const id = node.id;
  const own = ownIsClean(node, inputs, x.alarms) ? CLEAN_OWN : ownScore(new OwnOf(node, inputs, x));
  // Groups keep the order of their first member. A plain dependency is a group of its own,
  // scored on the spot (no member list); pairs and runs-on sets are found by label / kind in a
  // short list (a node has a few at most), hold their place in `scored` and are scored once all
  // members are in.
  const scored: (ScoredGroup | null)[] = [];
  let shared: SharedGroup[] | null = null;
  if (i >= 0) {
    const { depStart, depIdx, depKind, depWeight } = x.adjacency;
    const { views, records } = x.byIndex;
    for (let k = depStart[i]!; k < depStart[i + 1]!; k++) {
      const c = depIdx[k]!;
      const child = views[c];
      // Ignore-in-maintenance: a dependency under planned work neither helps nor hurts.
      if (!child || child.maintenance || child.status === 'maintenance') continue;
      const rec = records[c];
      const tenths = rec ? rec.tenths : FULL;
      const confidence = rec ? rec.score.confidence : 0;
      const causes = rec ? rec.causes : NO_CAUSES;
      const pair = child.labels[PAIR_LABEL];
      const kind = depKind[k]!;
      const weight = depWeight[k]!;
      if (!pair && kind !== 'runs-on') {
        // At 100 with full confidence: a shared constant in its place, nothing built.
        if (tenths === FULL && confidence === 1) {
          scored.push(perfectGroup(weight));
          continue;
        }
        scored.push({ score: tenths, confidence, part: childPartOf(child.id, child.name, tenths, causes), weight });
        continue;
      }
      // An empty label is no label (as `!pair` above reads it).
      const isPair = !!pair;
      const label = pair || child.kind;
      let g: SharedGroup | undefined;
      if (shared) for (const s of shared) if (s.isPair === isPair && s.label === label) g = s;
      if (!g) {
        g = { isPair, label, need: isPair ? REDUNDANCY.pairNeed : REDUNDANCY.runsOnNeed, weight, members: [], at: scored.length };
        (shared ??= []).push(g);
        scored.push(null);
      }
      if (weight > g.weight) g.weight = weight;
      g.members.push({ id: child.id, name: child.name, score: tenths, confidence, causes });
    }
  }
  if (shared) {
    for (const g of shared) {
      const r = scoreGroup(g, REDUNDANCY.failedBelow, REDUNDANCY.loss);
      scored[g.at] = r.score === FULL && r.confidence === 1 ? perfectGroup(g.weight) : { score: r.score, confidence: r.confidence, part: r.part, weight: g.weight };
    }
  }
  const c = combine(rollupRuleOf(node.kind, node.layer), own, scored as ScoredGroup[]);
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

const PAIR_LABEL = REDUNDANCY.pairLabel;

/**
 * Whether the component itself costs nothing (then ownScore would return CLEAN_OWN): it reports,
 * is not down, has no open alarm and no metric at a level. The engine's perfect-score check and
 * the full score both ask, so a node that loses only through a dependency skips ownScore.
 */
export function ownIsClean(node: TopologyNodeView, inputs: NodeInputs, alarms: AlarmIndex): boolean {
  if (node.status === 'down' || node.status === 'unknown' || alarms.has(node.id)) return false;
  const up = valueOf(inputs.up);
  if (up !== undefined && up <= 0) return false;
  const { rules, samples } = inputs;
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k]!;
    const v = valueOf(samples[k]);
    if (v !== undefined && r.dir * v >= r.trigger) return false;
  }
  return true;
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
