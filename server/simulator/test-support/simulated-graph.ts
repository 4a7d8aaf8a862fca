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

/** A small seeded PRNG (mulberry32) for property tests and bench workloads: same seed, same run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
