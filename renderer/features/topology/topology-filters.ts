import type { BusinessDomain, NodeStatus } from '../../../shared/domain/topology';
import type { TopologyClusterEntity, TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';

/**
 * What the operator narrowed the wall to. Domain narrows only the business layer (platform
 * layers serve every domain); data center and status narrow everything. `search` never hides:
 * it rings the matching drawn nodes.
 */
export interface TopologyFilters {
  domain: BusinessDomain | null;
  dc: string | null;
  status: NodeStatus | null;
  search: string;
}

export const NO_FILTERS: Readonly<TopologyFilters> = Object.freeze({ domain: null, dc: null, status: null, search: '' });

export function isFiltering(f: TopologyFilters): boolean {
  return f.domain !== null || f.dc !== null || f.status !== null;
}

export function clusterPasses(c: TopologyClusterEntity, f: TopologyFilters): boolean {
  if (f.dc !== null && c.dc !== f.dc) return false;
  if (f.domain !== null && c.layer === 'business' && c.group !== f.domain) return false;
  // A cluster stays while it holds at least one member in the status asked for.
  if (f.status !== null && !(c.byStatus[f.status] > 0)) return false;
  return true;
}

export function nodePasses(n: TopologyPlacedNodeEntity, f: TopologyFilters): boolean {
  if (f.dc !== null && n.dc !== f.dc) return false;
  if (f.domain !== null && n.layer === 'business' && n.domain !== f.domain) return false;
  if (f.status !== null && n.status !== f.status) return false;
  return true;
}

/** Case-insensitive substring of name or id; an empty needle matches nothing (search rings, it does not select all). */
export function searchMatches(n: Pick<TopologyPlacedNodeEntity, 'id' | 'name'>, needle: string): boolean {
  const q = needle.trim().toLowerCase();
  if (!q) return false;
  return n.name.toLowerCase().includes(q) || n.id.toLowerCase().includes(q);
}
