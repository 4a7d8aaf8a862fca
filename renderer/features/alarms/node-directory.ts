import type { Edge, TopologyNode } from '../../../shared/domain/topology';

/**
 * What the board needs to know of an alarm's resource that the alarm itself does not carry:
 * its name, data center and the business systems it serves (the contract's Alarm has only the
 * node id). Built once from `GET /api/v1/topology` (the viewer's visible graph) and kept out of
 * Vue's reactivity (a plain object, replaced as a whole when reloaded).
 */
export interface NodeInfo {
  name: string;
  dc: string;
  layer: TopologyNode['layer'];
}

/** Business systems reached from one node, at most; a shared array can serve dozens. */
export const MAX_SYSTEMS_PER_NODE = 50;

export class NodeDirectory {
  private readonly nodes = new Map<string, NodeInfo>();
  /** target → the nodes that depend on it (impact runs against the arrows). */
  private readonly dependents = new Map<string, string[]>();
  private readonly systemsMemo = new Map<string, readonly string[]>();

  constructor(nodes: readonly Pick<TopologyNode, 'id' | 'name' | 'dc' | 'layer'>[] = [], edges: readonly Pick<Edge, 'source' | 'target' | 'kind'>[] = []) {
    for (const n of nodes) this.nodes.set(n.id, { name: n.name, dc: n.dc, layer: n.layer });
    for (const e of edges) {
      // A replica is not a dependant: a failing primary does not hit what runs on its standby.
      if (e.kind === 'replicates') continue;
      const list = this.dependents.get(e.target);
      if (list) list.push(e.source);
      else this.dependents.set(e.target, [e.source]);
    }
  }

  get size(): number {
    return this.nodes.size;
  }

  info(id: string): NodeInfo | undefined {
    return this.nodes.get(id);
  }

  name(id: string): string {
    return this.nodes.get(id)?.name ?? id;
  }

  dc(id: string): string | null {
    return this.nodes.get(id)?.dc ?? null;
  }

  /** The business systems a node serves (itself when it is one), sorted by name; memoised. */
  systemsOf(id: string): readonly string[] {
    const memo = this.systemsMemo.get(id);
    if (memo) return memo;
    const found: string[] = [];
    const seen = new Set<string>([id]);
    const queue = [id];
    for (let i = 0; i < queue.length && found.length < MAX_SYSTEMS_PER_NODE; i++) {
      const cur = queue[i]!;
      if (this.nodes.get(cur)?.layer === 'business') {
        found.push(cur);
        continue; // systems above a system are its consumers, not this node's
      }
      for (const up of this.dependents.get(cur) ?? []) {
        if (seen.has(up)) continue;
        seen.add(up);
        queue.push(up);
      }
    }
    found.sort((a, b) => this.name(a).localeCompare(this.name(b)));
    this.systemsMemo.set(id, found);
    return found;
  }
}

export const EMPTY_DIRECTORY = new NodeDirectory();
