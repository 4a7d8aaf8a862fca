import type { TopologyNode } from '../../../shared/domain/topology';
import { queryString, type ApiClient } from '../../services/api';

export type NodeOption = Pick<TopologyNode, 'id' | 'name' | 'layer' | 'kind'>;

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<ApiClient, { at: number; nodes: Promise<NodeOption[]> }>();

/**
 * The nodes this credential sees (the server filters: a tenant gets its systems and the shared
 * nodes on their paths), business systems first, for pickers. Cached per API client for a few
 * minutes: new nodes appear rarely.
 */
export function visibleNodes(api: ApiClient): Promise<NodeOption[]> {
  const hit = cache.get(api);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.nodes;
  const order = { business: 0, paas: 1, iaas: 2, physical: 3 } as const;
  const nodes = api.request<{ nodes: TopologyNode[] }>('GET', '/api/v1/topology').then((doc) =>
    doc.nodes
      .map((n) => ({ id: n.id, name: n.name, layer: n.layer, kind: n.kind }))
      .sort((a, b) => order[a.layer] - order[b.layer] || a.name.localeCompare(b.name)),
  );
  nodes.catch(() => cache.delete(api));
  cache.set(api, { at: Date.now(), nodes });
  return nodes;
}

/** The metric names a node reports (`GET /api/v1/metrics/series`). */
export async function metricsOf(api: ApiClient, node: string): Promise<string[]> {
  const r = await api.request<{ series: Array<{ metric: string }> }>('GET', `/api/v1/metrics/series${queryString({ node })}`);
  return r.series.map((s) => s.metric).sort();
}
