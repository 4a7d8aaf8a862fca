import type { RuleSpec } from '../../../shared/domain/alarm-rules.js';
import type { Edge, NodeDeclaration, NodeStatus } from '../../../shared/domain/topology.js';
import type { AlarmLedger } from '../alarms/index.js';
import { MetricChanges, MetricStore } from '../metrics/index.js';
import { TopologyGraph } from '../topology/index.js';
import { HealthEngine } from './health-engine.js';

/**
 * The engine's failure path, rehearsed once per process on a private miniature platform before
 * the real one is scored.
 *
 * Why: V8 compiles a function to fast code only after it has run hot. On a healthy platform every
 * node takes the engine's perfect-score shortcut, so the full score (own metrics, dependency
 * groups, MIN-n, explanation) never runs, and the first real failure after a start used to be
 * scored by the interpreter: bench:health measured that first burst (about 540 nodes) at 25–30 ms
 * per tick against about 6 ms for the same burst once compiled. A control room meets that case
 * whenever the aggregator is restarted during an incident.
 *
 * What: the real HealthEngine, TopologyGraph, MetricStore and crossing feed, on the shapes a
 * failure produces (a server down under a runs-on set, a redundant pair losing one member, a
 * metric over its levels, a silent VM), failed and recovered `rounds` times. The same objects
 * as production's, so what V8 learns about their shapes holds there. It also checks itself: a
 * rehearsal whose failure does not cost the business system points, or whose recovery does not
 * bring it back to 100, is reported as not ok.
 *
 *   biz ─▶ app-1 ─runs-on─▶ vm-1, vm-2 ─runs-on─▶ srv-1, srv-2
 *     └──▶ app-2 ─uses─▶ db ─runs-on─▶ vm-3 ─runs-on─▶ srv-2
 *                          └─uses─▶ sw-a, sw-b (pair "san")
 */
export interface RehearsalResult {
  rounds: number;
  /** Node scores computed in all (each tick's recomputations). */
  scored: number;
  /** Of those, scores below 100: the full path, with factors. */
  degraded: number;
  ms: number;
  /**
   * Every round, the failure cost the business system points, every score below 100 had factors
   * whose impacts add up to its loss, and the recovery brought everything back to 100.
   */
  ok: boolean;
}

export const REHEARSAL_ROUNDS = 200;

let done: RehearsalResult | null = null;

/** Rehearses once per process (the compiled code is per process); later calls return the first result. */
export function rehearseOnce(rules?: () => readonly RuleSpec[]): RehearsalResult {
  done ??= rehearse(REHEARSAL_ROUNDS, rules);
  return done;
}

export function rehearse(rounds: number, rules?: () => readonly RuleSpec[]): RehearsalResult {
  const started = performance.now();
  const graph = new TopologyGraph();
  const store = new MetricStore({ maxSeries: 64 });
  const changes = new MetricChanges(store);
  const engine = new HealthEngine({ graph, store, changes, ledger: NO_ALARMS, ...(rules ? { rules } : {}) });
  for (const n of NODES) graph.upsertNode(n);
  for (const e of EDGES) graph.upsertEdge(e);
  let t = 0;
  const step = (failing: boolean, round: number): void => {
    t += 5_000;
    for (const n of NODES) {
      const fault = failing ? FAULTS[n.id] : undefined;
      if (fault?.status !== 'unknown') {
        store.write(n.id, 'up', t, fault?.status === 'down' ? 0 : 1);
        // Over the levels by a different fraction each round: scores, impacts and confidences
        // take fractional values, as production's do (V8 learns them as doubles, not integers).
        store.write(n.id, 'cpu_util', t, fault?.cpu ? fault.cpu + (round % 13) * 0.37 : 40 + (round % 7));
      }
      graph.setStatus(n.id, fault?.status ?? 'ok');
    }
    changes.flush();
    scored += engine.tick();
  };
  let scored = 0;
  let degraded = 0;
  let ok = true;
  step(false, 0);
  for (let r = 0; r < rounds; r++) {
    step(true, r);
    if ((engine.get('biz')?.score.score ?? 100) >= 100) ok = false;
    for (const id of engine.degraded()) {
      const s = engine.get(id)!.score;
      degraded++;
      const explained = s.factors.reduce((sum, f) => sum + f.impact, 0);
      if (Math.abs(explained - (100 - s.score)) > 0.05) ok = false;
    }
    step(false, r);
    if (engine.degraded().size > 0) ok = false;
  }
  engine.dispose();
  return { rounds, scored, degraded, ms: performance.now() - started, ok };
}

const node = (id: string, kind: string, layer: NodeDeclaration['layer'], labels: Record<string, string> = {}): NodeDeclaration => ({
  id,
  name: id,
  kind,
  layer,
  domain: layer === 'business' ? 'B' : null,
  dc: 'DC-A',
  tenant: null,
  maintenance: false,
  labels,
});

const NODES: NodeDeclaration[] = [
  node('biz', 'business-system', 'business'),
  node('app-1', 'AC', 'paas'),
  node('app-2', 'AC', 'paas'),
  node('db', 'RD', 'paas'),
  node('vm-1', 'VCS', 'iaas'),
  node('vm-2', 'VCS', 'iaas'),
  node('vm-3', 'VCS', 'iaas'),
  node('sw-a', 'switch', 'physical', { pair: 'san' }),
  node('sw-b', 'switch', 'physical', { pair: 'san' }),
  node('srv-1', 'server', 'physical'),
  node('srv-2', 'server', 'physical'),
];

const EDGES: Edge[] = [
  { source: 'biz', target: 'app-1', kind: 'uses' },
  { source: 'biz', target: 'app-2', kind: 'uses' },
  { source: 'app-1', target: 'vm-1', kind: 'runs-on' },
  { source: 'app-1', target: 'vm-2', kind: 'runs-on' },
  { source: 'app-2', target: 'db', kind: 'uses' },
  { source: 'db', target: 'vm-3', kind: 'runs-on' },
  { source: 'db', target: 'sw-a', kind: 'uses' },
  { source: 'db', target: 'sw-b', kind: 'uses' },
  { source: 'vm-1', target: 'srv-1', kind: 'runs-on' },
  { source: 'vm-2', target: 'srv-2', kind: 'runs-on' },
  { source: 'vm-3', target: 'srv-2', kind: 'runs-on' },
];

/** What a failure round does to a node: its status, and its CPU when over the levels. */
const FAULTS: Record<string, { status: NodeStatus; cpu?: number }> = {
  'srv-1': { status: 'down' },
  'sw-a': { status: 'down' },
  'vm-3': { status: 'unknown' },
  'app-1': { status: 'warning', cpu: 86 },
  'app-2': { status: 'critical', cpu: 95.5 },
};

/** The rehearsal raises no alarms: the alarm book is not part of the platform it builds. */
const NO_ALARMS: AlarmLedger = {
  get: () => undefined,
  open: () => [],
  onChange: () => () => {},
  setIncident: () => {},
  acknowledge: () => 0,
  assign: () => 0,
};
