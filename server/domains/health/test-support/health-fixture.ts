import type { Edge, NodeDeclaration, NodeStatus } from '../../../../shared/domain/topology.js';
import type { HealthFactor } from '../../../../shared/domain/health.js';
import { MetricChanges, MetricStore } from '../../metrics/index.js';
import { TopologyGraph } from '../../topology/index.js';
import { HealthEngine, type HealthEngineOptions } from '../health-engine.js';
import { FakeLedger } from './fake-ledger.js';

export const T0 = Date.UTC(2026, 0, 1);

/** Graph, metric store, change feed and a fake ledger wired to a HealthEngine, without clocks. */
export function healthFixture(opts: Partial<HealthEngineOptions> = {}) {
  const graph = new TopologyGraph();
  const store = new MetricStore();
  const changes = new MetricChanges(store);
  const ledger = new FakeLedger();
  const engine = new HealthEngine({ graph, store, ledger, changes, ...opts });
  let t = T0;
  return {
    graph,
    store,
    changes,
    ledger,
    engine,
    node(id: string, extra: Partial<NodeDeclaration> = {}, status: NodeStatus = 'ok'): void {
      graph.upsertNode({ id, name: `${id}-name`, kind: 'AC', layer: 'paas', domain: null, dc: 'DC-A', tenant: null, maintenance: false, labels: {}, ...extra });
      graph.setStatus(id, status);
    },
    edge(source: string, target: string, kind: Edge['kind'] = 'uses'): void {
      graph.upsertEdge({ source, target, kind });
    },
    write(node: string, metric: string, v: number): void {
      store.write(node, metric, (t += 1000), v);
    },
    /** Flushes the metric feed and ticks until nothing is pending. */
    settle(maxTicks = 100): number {
      changes.flush();
      let ticks = 0;
      do {
        engine.tick();
        ticks++;
      } while (engine.pending > 0 && ticks < maxTicks);
      return ticks;
    },
    score(id: string) {
      return engine.get(id)?.score;
    },
  };
}

/** Tenths lost as the factors explain it. */
export function explainedLoss(factors: readonly HealthFactor[]): number {
  return Math.round(factors.reduce((s, f) => s + f.impact, 0) * 10);
}
