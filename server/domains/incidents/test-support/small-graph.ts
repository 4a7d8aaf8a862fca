import type { Layer } from '../../../../shared/domain/topology.js';
import { TopologyGraph } from '../../topology/index.js';

/**
 * A small hand-drawn platform for correlation tests (an arrow = depends on):
 *
 *   biz-1 ─▶ app-1 ─▶ vm-1 ─▶ srv-1          biz-3 ─▶ app-3 ─▶ vm-3 ─▶ srv-3
 *                      └──▶ array-1 ◀── vm-2 ◀── app-2 ◀── biz-2
 *
 * biz-1 belongs to tenant `billing`, biz-2 to `channel`, biz-3 to `billing`; the rest is shared.
 */
export function smallGraph(): TopologyGraph {
  const g = new TopologyGraph();
  const node = (id: string, layer: Layer, tenant: string | null = null) =>
    g.upsertNode({ id, name: id, kind: layer === 'business' ? 'business-system' : id.split('-')[0]!, layer, domain: null, dc: 'DC-A', tenant, maintenance: false, labels: {} });
  node('biz-1', 'business', 'billing');
  node('biz-2', 'business', 'channel');
  node('biz-3', 'business', 'billing');
  for (const id of ['app-1', 'app-2', 'app-3']) node(id, 'paas');
  for (const id of ['vm-1', 'vm-2', 'vm-3']) node(id, 'iaas');
  for (const id of ['srv-1', 'srv-3', 'array-1']) node(id, 'physical');
  const edge = (source: string, target: string) => g.upsertEdge({ source, target, kind: 'runs-on' });
  edge('biz-1', 'app-1');
  edge('app-1', 'vm-1');
  edge('vm-1', 'srv-1');
  edge('vm-1', 'array-1');
  edge('biz-2', 'app-2');
  edge('app-2', 'vm-2');
  edge('vm-2', 'array-1');
  edge('biz-3', 'app-3');
  edge('app-3', 'vm-3');
  edge('vm-3', 'srv-3');
  return g;
}
