import { describe, expect, it } from 'vitest';
import type { Edge, NodeStatus } from '../../../shared/domain/topology.js';
import { edgeId } from '../../../shared/domain/topology.js';
import { buildPlatform } from '../../simulator/platform-builder.js';
import { mulberry32 } from '../../simulator/test-support/simulated-graph.js';
import { HealthEngine } from './health-engine.js';
import { explainedLoss, healthFixture } from './test-support/health-fixture.js';

/** A seeded PRNG (the simulator's test one), so a failure replays exactly. */
function prng(seed: number) {
  const next = mulberry32(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const METRICS = ['cpu_util', 'mem_util', 'latency_ms', 'error_rate', 'disk_util', 'packet_loss', 'hit_ratio', 'up'];
const STATUSES: NodeStatus[] = ['ok', 'ok', 'ok', 'warning', 'critical', 'down', 'unknown'];

function valueFor(metric: string, r: ReturnType<typeof prng>): number {
  switch (metric) {
    case 'up':
      return r.next() < 0.8 ? 1 : 0;
    case 'latency_ms':
      return r.next() * 3000;
    case 'error_rate':
    case 'packet_loss':
      return r.next() * 8;
    default:
      return r.next() * 100;
  }
}

describe('incremental recompute equals a full recompute (property)', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`after random metric, alarm and graph changes on the simulated platform (seed ${seed})`, () => {
      const r = prng(seed);
      // A small budget now and then, so work carried across ticks is exercised too.
      const f = healthFixture({ maxPerTick: seed === 2 ? 97 : 50_000 });
      const platform = buildPlatform(seed, 300);
      for (const n of platform.nodes) f.graph.upsertNode(n.decl);
      for (const e of platform.edges) f.graph.upsertEdge(e);
      const ids = platform.nodes.map((n) => n.decl.id);
      for (const id of ids) f.graph.setStatus(id, 'ok');
      const removedEdges: Edge[] = [];
      const removedNodes = new Map<string, { decl: (typeof platform.nodes)[number]['decl']; edges: Edge[] }>();
      f.settle();

      for (let round = 0; round < 25; round++) {
        const ops = 1 + r.int(30);
        for (let k = 0; k < ops; k++) {
          const live = ids.filter((id) => f.graph.hasNode(id));
          const id = r.pick(live);
          const dice = r.next();
          if (dice < 0.45) {
            const m = r.pick(METRICS);
            f.write(id, m, valueFor(m, r));
          } else if (dice < 0.6) {
            f.graph.setStatus(id, r.pick(STATUSES));
          } else if (dice < 0.72) {
            const open = [...f.ledger.open()];
            const roll = r.next();
            if (open.length > 0 && roll < 0.3) f.ledger.clear(r.pick(open).id);
            else if (open.length > 0 && roll < 0.5) f.ledger.acknowledge([r.pick(open).id], 'op');
            else f.ledger.raise(id, r.pick(['critical', 'major', 'minor', 'warning', 'info'] as const), { rule: r.next() < 0.2, ...(r.next() < 0.1 ? { suppressedBy: 's1' } : {}) });
          } else if (dice < 0.8) {
            const n = f.graph.node(id)!;
            const pair: Record<string, string> = r.next() < 0.3 ? { pair: `p${r.int(3)}` } : {};
            f.graph.upsertNode({ ...n, name: `${n.name}′`, maintenance: r.next() < 0.2, labels: { ...n.labels, ...pair } });
          } else if (dice < 0.88) {
            const deps = [...f.graph.dependencies(id)];
            if (deps.length > 0) {
              const e = r.pick(deps);
              f.graph.removeEdge(e.id);
              removedEdges.push({ source: e.source, target: e.target, kind: e.kind });
            }
          } else if (dice < 0.94) {
            const e = removedEdges.splice(r.int(removedEdges.length + 1), 1)[0];
            if (e && f.graph.hasNode(e.source) && f.graph.hasNode(e.target) && !f.graph.edge(edgeId(e))) f.graph.upsertEdge(e);
          } else if (dice < 0.97 && removedNodes.size < 5) {
            const n = f.graph.node(id)!;
            const edges = [...f.graph.dependencies(id), ...f.graph.dependents(id)].map((e) => ({ source: e.source, target: e.target, kind: e.kind }));
            removedNodes.set(id, { decl: n, edges });
            f.graph.removeNode(id);
          } else {
            const back = [...removedNodes.keys()][0];
            if (back) {
              const { decl, edges } = removedNodes.get(back)!;
              removedNodes.delete(back);
              f.graph.upsertNode(decl);
              for (const e of edges) if (f.graph.hasNode(e.source) && f.graph.hasNode(e.target)) f.graph.upsertEdge(e);
            }
          }
        }
        f.settle(1000);
        expect(f.engine.pending).toBe(0);

        const full = new HealthEngine({ graph: f.graph, store: f.store, ledger: f.ledger });
        full.tick();
        const mismatches: string[] = [];
        for (const id of f.graph.sortedNodeIds()) {
          const a = JSON.stringify(f.engine.get(id)?.score);
          const b = JSON.stringify(full.get(id)?.score);
          if (a !== b) mismatches.push(`${id}: incremental ${a} vs full ${b}`);
        }
        expect(f.engine.size).toBe(f.graph.nodeCount);
        expect(mismatches.slice(0, 3)).toEqual([]);
        full.dispose();

        for (const [, rec] of f.engine.records()) {
          expect(explainedLoss(rec.score.factors), rec.score.nodeId).toBe(1000 - rec.tenths);
          expect(rec.score.factors.length).toBeLessThanOrEqual(5);
        }
      }
    });
  }
});
