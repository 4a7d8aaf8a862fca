import { EDGE_WEIGHTS } from '../../../shared/domain/health.js';
import type { EdgeKind } from '../../../shared/domain/topology.js';
import type { TopologyGraph } from '../topology/index.js';

/** A dependency edge that carries health (weight > 0), as the score reads it. */
export interface HealthDep {
  readonly target: string;
  readonly kind: EdgeKind;
  readonly weight: number;
}

/**
 * The dependency graph as flat integer arrays, rebuilt only when the graph's structure version
 * moves (nodes or edges added or removed): the engine's hot path walks index ranges instead of
 * the graph's generators and string-keyed maps per node. Only edges that carry health
 * (EDGE_WEIGHTS > 0) are kept, one per (source, target) pair, the first in the graph's own edge
 * order, which is what the score reads; a `replicates` edge neither orders nor propagates.
 *
 *   node i's dependencies   depIdx[depStart[i] .. depStart[i+1])   (+ depKind, depWeight)
 *   node i's dependents     upIdx[upStart[i] .. upStart[i+1])
 *
 * Heights (longest health-carrying path down to a leaf) order a tick's recomputes; an edge that
 * closes a cycle (the platform model has none) is skipped for the height.
 */
export class HealthAdjacency {
  ids: readonly string[] = [];
  height: Int32Array = new Int32Array(0);
  depStart: Int32Array = new Int32Array(1);
  depIdx: Int32Array = new Int32Array(0);
  depKind: EdgeKind[] = [];
  depWeight: Float64Array = new Float64Array(0);
  upStart: Int32Array = new Int32Array(1);
  upIdx: Int32Array = new Int32Array(0);
  private index = new Map<string, number>();
  private at = -1;
  /** Times the arrays were rebuilt. */
  rebuilds = 0;

  constructor(private readonly graph: TopologyGraph) {}

  /** Rebuilds if the graph's structure moved since the last call; returns whether it did. */
  refresh(): boolean {
    if (this.graph.structureVersion === this.at) return false;
    this.rebuild();
    return true;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The node's index, -1 if it is not in the graph (as of the last refresh). */
  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** Health-carrying dependencies of a node, as the score reads them. */
  depsOf(id: string): HealthDep[] {
    const i = this.indexOf(id);
    const out: HealthDep[] = [];
    if (i < 0) return out;
    for (let k = this.depStart[i]!; k < this.depStart[i + 1]!; k++) out.push({ target: this.ids[this.depIdx[k]!]!, kind: this.depKind[k]!, weight: this.depWeight[k]! });
    return out;
  }

  private rebuild(): void {
    const { graph } = this;
    const ids = graph.sortedNodeIds();
    const n = ids.length;
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) index.set(ids[i]!, i);
    const depStart = new Int32Array(n + 1);
    const targets: number[] = [];
    const kinds: EdgeKind[] = [];
    const weights: number[] = [];
    const upCount = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      depStart[i] = targets.length;
      for (const e of graph.dependencies(ids[i]!)) {
        const weight = EDGE_WEIGHTS[e.kind];
        const t = index.get(e.target);
        if (weight <= 0 || t === undefined) continue;
        let dup = false;
        for (let k = depStart[i]!; k < targets.length; k++) if (targets[k] === t) dup = true;
        if (dup) continue;
        targets.push(t);
        kinds.push(e.kind);
        weights.push(weight);
        upCount[t]!++;
      }
    }
    depStart[n] = targets.length;
    const upStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) upStart[i + 1] = upStart[i]! + upCount[i]!;
    const upIdx = new Int32Array(targets.length);
    const fill = upStart.slice(0, n);
    for (let i = 0; i < n; i++) for (let k = depStart[i]!; k < depStart[i + 1]!; k++) upIdx[fill[targets[k]!]!++] = i;
    this.ids = ids;
    this.index = index;
    this.depStart = depStart;
    this.depIdx = Int32Array.from(targets);
    this.depKind = kinds;
    this.depWeight = Float64Array.from(weights);
    this.upStart = upStart;
    this.upIdx = upIdx;
    this.height = heightsOf(n, depStart, this.depIdx);
    this.at = graph.structureVersion;
    this.rebuilds++;
  }
}

/** Longest path down to a leaf per node, iteratively (no recursion limit at 20,000 nodes). */
function heightsOf(n: number, depStart: Int32Array, depIdx: Int32Array): Int32Array {
  const height = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stackId = new Int32Array(n);
  const stackAt = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (height[root]! >= 0) continue;
    let top = 0;
    stackId[0] = root;
    stackAt[0] = depStart[root]!;
    onStack[root] = 1;
    while (top >= 0) {
      const i = stackId[top]!;
      const k = stackAt[top]!;
      if (k < depStart[i + 1]!) {
        stackAt[top] = k + 1;
        const t = depIdx[k]!;
        if (height[t]! < 0 && !onStack[t]) {
          onStack[t] = 1;
          top++;
          stackId[top] = t;
          stackAt[top] = depStart[t]!;
        }
        continue;
      }
      let h = 0;
      for (let d = depStart[i]!; d < depStart[i + 1]!; d++) {
        const ch = height[depIdx[d]!]!;
        if (ch >= 0 && ch + 1 > h) h = ch + 1;
      }
      height[i] = h;
      onStack[i] = 0;
      top--;
    }
  }
  return height;
}
