import { LAYERS, type Edge, type EdgeKind, type NodeDeclaration } from '../../shared/domain/topology.js';
import type { KindSpec } from './kind-registry.js';

/** Edge kinds as numbers for the per-slot passes. */
export const EdgeCode = { uses: 0, 'runs-on': 1, 'stores-on': 2, connects: 3, replicates: 4 } as const satisfies Record<EdgeKind, number>;

/** One simulated component: its declaration plus what the simulator needs to animate it. */
export interface SimNode {
  decl: NodeDeclaration;
  spec: KindSpec;
  /** Share of the platform's traffic passing through (scales traffic metrics; set by Platform). */
  weight: number;
  /** Per-node spread of utilisation and latency around the kind's base (0.85–1.15). */
  jitter: number;
  /** Business systems: the business metric they report (recharges_per_min, …). */
  bizMetric: string | null;
  /** The DC-B copy that takes over on DR or DNS switchover, or -1. */
  partner: number;
  /** On a DC-B copy: the primary it stands by for, else -1. */
  standbyFor: number;
  /** Instances (containers) an app tier starts with; 1 elsewhere. */
  instances: number;
}

/**
 * The generated platform in the form the per-slot passes want: dependency edges as compressed
 * arrays, and an order in which every node comes before what it depends on, business layer
 * first (so a business system can redirect its load to a DC-B copy before that copy is visited).
 */
export class Platform {
  readonly byId = new Map<string, number>();
  /** Every node index, dependents before dependencies. */
  readonly order: Int32Array;
  /** Out-edges of node i (i depends on target): outTarget[outStart[i] .. outStart[i + 1]). */
  readonly outStart: Int32Array;
  readonly outTarget: Int32Array;
  readonly outKind: Uint8Array;
  readonly businessIndexes: readonly number[];
  private inStart: Int32Array | null = null;
  private inSource: Int32Array | null = null;

  constructor(
    readonly nodes: readonly SimNode[],
    readonly edges: readonly Edge[],
  ) {
    nodes.forEach((n, i) => this.byId.set(n.decl.id, i));
    const n = nodes.length;
    this.outStart = new Int32Array(n + 1);
    for (const e of edges) this.outStart[this.index(e.source) + 1]! += 1;
    for (let i = 0; i < n; i++) this.outStart[i + 1]! += this.outStart[i]!;
    this.outTarget = new Int32Array(edges.length);
    this.outKind = new Uint8Array(edges.length);
    const fill = this.outStart.slice(0, n);
    for (const e of edges) {
      const at = fill[this.index(e.source)]!++;
      this.outTarget[at] = this.index(e.target);
      this.outKind[at] = EdgeCode[e.kind];
    }
    this.order = this.layeredOrder();
    this.businessIndexes = nodes.flatMap((node, i) => (node.decl.layer === 'business' ? [i] : []));
    this.assignWeights();
  }

  index(id: string): number {
    const i = this.byId.get(id);
    if (i === undefined) throw new Error(`unknown node ${id}`);
    return i;
  }

  find(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** What node i depends on, optionally through edges of one kind. */
  targetsOf(i: number, kind?: EdgeKind): number[] {
    const out: number[] = [];
    for (let e = this.outStart[i]!; e < this.outStart[i + 1]!; e++) {
      if (kind === undefined || this.outKind[e] === EdgeCode[kind]) out.push(this.outTarget[e]!);
    }
    return out;
  }

  /** What depends on node i directly. */
  dependentsOf(i: number): number[] {
    if (!this.inStart || !this.inSource) {
      const n = this.nodes.length;
      const start = new Int32Array(n + 1);
      for (let e = 0; e < this.outTarget.length; e++) start[this.outTarget[e]! + 1]! += 1;
      for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
      const src = new Int32Array(this.outTarget.length);
      const fill = start.slice(0, n);
      for (let s = 0; s < n; s++) for (let e = this.outStart[s]!; e < this.outStart[s + 1]!; e++) src[fill[this.outTarget[e]!]!++] = s;
      this.inStart = start;
      this.inSource = src;
    }
    return Array.from(this.inSource.subarray(this.inStart[i]!, this.inStart[i + 1]!));
  }

  /**
   * Kahn's algorithm inside each layer, layers top to bottom; throws on a dependency cycle.
   * `replicates` edges carry no load and are left out; DC-B standbys go last among what is
   * ready, so anything whose load a switchover may redirect to them is visited first.
   */
  private layeredOrder(): Int32Array {
    const n = this.nodes.length;
    const order = new Int32Array(n);
    let k = 0;
    for (const layer of LAYERS) {
      const members = this.nodes.flatMap((node, i) => (node.decl.layer === layer ? [i] : []));
      const indeg = new Map<number, number>(members.map((i) => [i, 0]));
      const loadTargets = (s: number) => this.targetsOf(s).filter((t, idx) => this.outKind[this.outStart[s]! + idx] !== EdgeCode.replicates);
      for (const s of members) for (const t of loadTargets(s)) if (indeg.has(t)) indeg.set(t, indeg.get(t)! + 1);
      const ready: number[] = [];
      const standbys: number[] = [];
      const enqueue = (i: number) => (this.nodes[i]!.standbyFor >= 0 ? standbys : ready).push(i);
      members.filter((i) => indeg.get(i) === 0).forEach(enqueue);
      let visited = 0;
      let head = 0;
      let standbyHead = 0;
      while (head < ready.length || standbyHead < standbys.length) {
        const s = head < ready.length ? ready[head++]! : standbys[standbyHead++]!;
        order[k++] = s;
        visited++;
        for (const t of loadTargets(s)) {
          if (!indeg.has(t)) continue;
          const d = indeg.get(t)! - 1;
          indeg.set(t, d);
          if (d === 0) enqueue(t);
        }
      }
      if (visited !== members.length) throw new Error(`dependency cycle in the ${layer} layer`);
    }
    return order;
  }

  /**
   * Traffic weights flow down the edges: a service sees all the traffic of the systems using
   * it, a VM its share of the instance it runs, a redundant pair half each. DC-B copies carry
   * their primary's weight, since they take over all of it on switchover.
   */
  private assignWeights(): void {
    const { nodes } = this;
    for (const i of this.order) {
      const node = nodes[i]!;
      if (node.standbyFor >= 0) node.weight = Math.max(node.weight, nodes[node.standbyFor]!.weight);
      if (node.decl.layer !== 'business' && node.weight === 0) node.weight = 0.05;
      const counts = [0, 0, 0, 0, 0];
      for (let e = this.outStart[i]!; e < this.outStart[i + 1]!; e++) counts[this.outKind[e]!]! += 1;
      for (let e = this.outStart[i]!; e < this.outStart[i + 1]!; e++) {
        const kind = this.outKind[e]!;
        if (kind === EdgeCode.replicates) continue;
        const share = kind === EdgeCode.uses ? 1 : 1 / counts[kind]!;
        nodes[this.outTarget[e]!]!.weight += node.weight * share;
      }
    }
  }
}
