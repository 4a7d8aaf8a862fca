import { TopologyGraph } from '../../domains/topology/topology-graph.js';
import { buildPlatform } from '../platform-builder.js';

/** The simulated platform's nodes and edges in a bare topology graph (no metrics, no clocks). */
export function simulatedGraph(seed: number, scale: number): TopologyGraph {
  const platform = buildPlatform(seed, scale);
  const g = new TopologyGraph();
  for (const n of platform.nodes) g.upsertNode(n.decl);
  for (const e of platform.edges) g.upsertEdge(e);
  return g;
}

/** The seeded PRNG of property tests and bench workloads (shared/test-support: renderer tests use it too). */
export { mulberry32 } from '../../../shared/test-support/seeded-random.js';
