import type { Layer } from '../../../shared/domain/topology.js';
import type { TopologyGraph } from '../topology/index.js';

/** How deep a layer sits: the root cause is the deepest failed node (business → physical). */
export const LAYER_DEPTH: Record<Layer, number> = { business: 0, paas: 1, iaas: 2, physical: 3 };

/** Node ids held by all cached closures together; past this the least recently used go. */
export const DEPENDENCY_CACHE_BUDGET = 1_000_000;

/**
 * Transitive dependency lookups over the topology graph for correlation: what a node depends on
 * (along the edges, source → target) and what depends on it (against them). Each closure is one
 * BFS with a visited set, so it is bounded by the graph and safe on cycles; closures are cached
 * per node (least recently used first out, bounded by the number of ids held) and dropped when the
 * graph's structure version moves. Alarms mostly repeat on the same nodes, so storms hit the cache.
 */
export class DependencyIndex {
  private readonly cache = new Map<string, ReadonlySet<string>>();
  private structure = -1;
  private held = 0;
  /** BFS runs (cache misses), for /metrics. */
  computed = 0;

  constructor(
    private readonly graph: TopologyGraph,
    private readonly budget = DEPENDENCY_CACHE_BUDGET,
  ) {}

  /** Cached closures and the node ids they hold. */
  get size(): { entries: number; ids: number } {
    return { entries: this.cache.size, ids: this.held };
  }

  /** Every node `id` depends on, transitively (not `id` itself). */
  dependenciesOf(id: string): ReadonlySet<string> {
    return this.closure(id, 'down');
  }

  /** Every node that depends on `id`, transitively (not `id` itself). */
  dependentsOf(id: string): ReadonlySet<string> {
    return this.closure(id, 'up');
  }

  /** Does `a` depend on `b` (transitively)? False for a === b. */
  dependsOn(a: string, b: string): boolean {
    return a !== b && this.dependenciesOf(a).has(b);
  }

  depth(id: string): number {
    const n = this.graph.node(id);
    return n ? LAYER_DEPTH[n.layer] : -1;
  }

  private closure(id: string, direction: 'down' | 'up'): ReadonlySet<string> {
    if (this.structure !== this.graph.structureVersion) {
      this.cache.clear();
      this.held = 0;
      this.structure = this.graph.structureVersion;
    }
    const key = direction === 'down' ? `d\u0000${id}` : `u\u0000${id}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Least recently used: re-insert moves it to the end of the map's order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    this.computed++;
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length > 0) {
      const at = stack.pop()!;
      const edges = direction === 'down' ? this.graph.dependencies(at) : this.graph.dependents(at);
      for (const e of edges) {
        const next = direction === 'down' ? e.target : e.source;
        if (next === id || seen.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    this.cache.set(key, seen);
    this.held += seen.size;
    while (this.held > this.budget && this.cache.size > 1) {
      const [oldest, set] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.held -= set.size;
    }
    return seen;
  }
}
