/**
 * bench:topology, server side: the full layout and the first wall build at 10k and 20k nodes
 * (in Node, on the real stack), and `GET /api/v1/topology` from the built aggregator.
 */
import { startAggregator } from '../../e2e/aggregator.js';
import { buildStack, type Stack } from '../../server/domains/topology/test-support/domain-stack.js';
import { createSimulatedCloud } from '../../server/simulator/index.js';
import { f1, int, log } from './report-format.js';
import { OPS } from './workload.js';

export interface LayoutRow {
  scale: number;
  nodes: number;
  edges: number;
  clusters: number;
  declareMs: number;
  firstSyncMs: number;
  relayoutMs: number[];
  firstWallMs: number;
  wallEntities: number;
}

function cloudStack(scale: number): { s: Stack; declareMs: number } {
  const s = buildStack();
  const t0 = performance.now();
  createSimulatedCloud({ ingest: s.ingest.port, seed: 7, scale }).declare();
  return { s, declareMs: performance.now() - t0 };
}

export function layoutAt(scale: number, repeats: number): { row: LayoutRow; s: Stack } {
  const { s, declareMs } = cloudStack(scale);
  const wall = s.topology.wall;
  let t0 = performance.now();
  wall.syncLayout();
  const firstSyncMs = performance.now() - t0;
  const relayoutMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    t0 = performance.now();
    wall.layout.relayout();
    relayoutMs.push(performance.now() - t0);
  }
  t0 = performance.now();
  const entities = wall.wall(OPS);
  const firstWallMs = performance.now() - t0;
  const row: LayoutRow = {
    scale,
    nodes: s.topology.graph.nodeCount,
    edges: s.topology.graph.edgeCount,
    clusters: [...wall.layout.allClusters()].length,
    declareMs,
    firstSyncMs,
    relayoutMs,
    firstWallMs,
    wallEntities: entities.size,
  };
  log(`  ${int(scale)}: ${int(row.nodes)} nodes, ${int(row.edges)} edges, ${row.clusters} clusters; first sync ${f1(firstSyncMs)} ms, relayout ${relayoutMs.map(f1).join(', ')} ms, first wall ${f1(firstWallMs)} ms`);
  return { row, s };
}

export interface GetResult {
  ms: number[];
  coldMs: number;
  bytes: number;
  nodes: number;
  edges: number;
}

export async function getTopology(scale: number, samples: number): Promise<GetResult> {
  const agg = await startAggregator({ args: ['--scale', String(scale)] });
  try {
    const token = await agg.login('admin');
    const once = async () => {
      const t0 = performance.now();
      const res = await fetch(new URL('/api/v1/topology', agg.url), { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`GET /api/v1/topology: ${res.status} ${text.slice(0, 200)}`);
      return { ms, text };
    };
    // The simulator declares its inventory once serving: wait until the document holds it all.
    let cold = await once();
    const deadline = Date.now() + 120_000;
    while ((JSON.parse(cold.text) as { nodes: unknown[] }).nodes.length < scale) {
      if (Date.now() > deadline) throw new Error(`GET /api/v1/topology still short of ${scale} nodes after 2 min`);
      await new Promise((r) => setTimeout(r, 500));
      cold = await once();
    }
    const ms: number[] = [];
    for (let i = 0; i < samples; i++) ms.push((await once()).ms);
    const doc = JSON.parse(cold.text) as { nodes: unknown[]; edges: unknown[] };
    log(`  GET /api/v1/topology: first ${f1(cold.ms)} ms, then ${ms.map(f1).join(', ')} ms`);
    return { ms, coldMs: cold.ms, bytes: Buffer.byteLength(cold.text), nodes: doc.nodes.length, edges: doc.edges.length };
  } finally {
    await agg.stop();
  }
}
