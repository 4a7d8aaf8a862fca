import { audienceKey, type Audience } from '../../core/auth/principal.js';
import type { NodeAccess } from '../metrics/node-access.js';
import type { TopologyGraph } from './topology-graph.js';

interface VisibleSet {
  structure: number;
  nodes: ReadonlySet<string>;
}

interface AudienceEntry extends VisibleSet {
  version: number;
}

/** Cached audiences and tenants; past this the oldest is forgotten and recomputed on demand. */
const MAX_CACHED = 1024;

/**
 * Who sees which nodes (product.md "Who may do what"): operations see everything; a tenant sees
 * its own nodes plus everything they depend on (edges point from dependant to dependency), but
 * never a node owned by another tenant and never anything reached only through one. Visibility
 * is a set computed from the graph, not a column: a shared platform node belongs to no tenant
 * and is visible to every tenant whose systems depend on it.
 *
 * Sets are recomputed lazily when the graph's structure version moved. Each audience's version
 * moves only when its own set really changed, so the stream hub re-diffs only that audience.
 */
export class VisibilityIndex implements NodeAccess {
  private readonly perTenant = new Map<string, VisibleSet>();
  private readonly perAudience = new Map<string, AudienceEntry>();
  /** One counter for all audiences: a forgotten and recomputed audience never reuses a version. */
  private versions = 0;

  constructor(private readonly graph: TopologyGraph) {}

  /** 'all' for operations (no copy of 20,000 ids), else the visible node ids. */
  visibleNodes(audience: Audience): ReadonlySet<string> | 'all' {
    switch (audience.kind) {
      case 'operations':
        return 'all';
      case 'nobody':
        return EMPTY;
      case 'tenants':
        return this.entry(audience).nodes;
    }
  }

  isNodeVisible(id: string, audience: Audience): boolean {
    if (!this.graph.hasNode(id)) return false;
    const v = this.visibleNodes(audience);
    return v === 'all' || v.has(id);
  }

  /** An edge is visible when both its ends are. */
  isEdgeVisible(edge: { source: string; target: string }, audience: Audience): boolean {
    const v = this.visibleNodes(audience);
    if (v === 'all') return true;
    return v.has(edge.source) && v.has(edge.target);
  }

  /** NodeAccess: exists and visible. */
  visible(node: string, audience: Audience): boolean {
    return this.isNodeVisible(node, audience);
  }

  /**
   * Operations and nobody never change sets by visibility rules (every add and remove reaches
   * them as a drained id), so they stay at 0.
   */
  version(audience: Audience): number {
    return audience.kind === 'tenants' ? this.entry(audience).version : 0;
  }

  private entry(audience: { tenants: readonly string[] }): AudienceEntry {
    const key = audienceKey({ kind: 'tenants', tenants: audience.tenants });
    const structure = this.graph.structureVersion;
    const cached = this.perAudience.get(key);
    if (cached && cached.structure === structure) return cached;
    let nodes: ReadonlySet<string>;
    if (audience.tenants.length === 1) {
      nodes = this.tenantSet(audience.tenants[0]!);
    } else {
      const union = new Set<string>();
      for (const t of audience.tenants) for (const id of this.tenantSet(t)) union.add(id);
      nodes = union;
    }
    if (cached) {
      cached.structure = structure;
      if (!sameSet(cached.nodes, nodes)) cached.version = ++this.versions;
      cached.nodes = nodes;
      return cached;
    }
    const entry: AudienceEntry = { structure, nodes, version: ++this.versions };
    remember(this.perAudience, key, entry);
    return entry;
  }

  private tenantSet(tenant: string): ReadonlySet<string> {
    const structure = this.graph.structureVersion;
    const cached = this.perTenant.get(tenant);
    if (cached && cached.structure === structure) return cached.nodes;
    const seen = new Set<string>(this.graph.ownedBy(tenant));
    const stack = [...seen];
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const e of this.graph.dependencies(id)) {
        if (seen.has(e.target)) continue;
        const target = this.graph.node(e.target);
        // Another tenant's node is neither shown nor walked through.
        if (!target || (target.tenant !== null && target.tenant !== tenant)) continue;
        seen.add(e.target);
        stack.push(e.target);
      }
    }
    remember(this.perTenant, tenant, { structure, nodes: seen });
    return seen;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  if (map.size > MAX_CACHED) map.delete(map.keys().next().value!);
}
