import { STATUSES, worseStatus, type NodeStatus } from '../../../../shared/domain/topology.js';
import {
  LAYOUT_CELL,
  topologyLayoutIds as ids,
  type TopologyClusterEntity,
  type TopologyPlacedNodeEntity,
  type TopologyWallEntity,
} from '../../../../shared/protocol/topology-layout.js';
import type { Audience } from '../../../core/auth/principal.js';
import type { TopologyGraph } from '../topology-graph.js';
import { zeroCounts } from '../topology-summary.js';
import type { VisibilityIndex } from '../visibility.js';
import type { TopologyLayout } from './topology-layout.js';
import type { WallStructure } from './wall-structure.js';

function worstOfCounts(counts: Record<NodeStatus, number>): NodeStatus {
  let worst: NodeStatus = 'ok';
  for (const s of STATUSES) if (counts[s] > 0) worst = worseStatus(worst, s);
  return worst;
}

export interface WallStateDeps {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  layout: TopologyLayout;
  placed(id: string): TopologyPlacedNodeEntity | undefined;
}

/**
 * One audience's `topology` entities, kept current by counting: each cluster holds counts per
 * status of its members, each link counts per status of its edges' worse ends, and a node's
 * status change moves one count in its cluster and one per edge. Recolouring after a delta
 * therefore costs what changed, not the size of the platform.
 */
export class WallState {
  readonly entities = new Map<string, TopologyWallEntity>();
  /** How far into the wall's change log these entities are. */
  logSeq = 0;
  private readonly nodeStatus = new Map<string, NodeStatus>();
  private readonly clusterCounts = new Map<string, Record<NodeStatus, number>>();
  private readonly edgeWorst = new Map<string, NodeStatus>();
  private readonly edgeLink = new Map<string, string>();
  private readonly linkCounts = new Map<string, Record<NodeStatus, number>>();

  constructor(
    readonly structure: WallStructure,
    private readonly audience: Audience,
    private readonly deps: WallStateDeps,
  ) {
    const { graph } = deps;
    for (const [clusterId, members] of structure.members) {
      const counts = zeroCounts();
      for (const id of members) {
        const status = graph.node(id)?.status ?? 'unknown';
        this.nodeStatus.set(id, status);
        counts[status]++;
      }
      this.clusterCounts.set(clusterId, counts);
      this.setCluster(clusterId);
      if (!structure.expanded.has(clusterId)) continue;
      for (const id of members) {
        const e = deps.placed(id);
        if (e) this.entities.set(ids.node(id), e);
      }
    }
    for (const [key, l] of structure.links) {
      const counts = zeroCounts();
      for (const edgeId of l.edges) {
        const worst = this.edgeWorstNow(edgeId);
        this.edgeWorst.set(edgeId, worst);
        this.edgeLink.set(edgeId, key);
        counts[worst]++;
      }
      this.linkCounts.set(key, counts);
      this.setLink(key);
    }
  }

  /** Fold these changed nodes in (status or declaration; order and repeats do not matter). */
  apply(changed: Iterable<string>): void {
    const { graph, visibility, layout } = this.deps;
    const clusters = new Set<string>();
    const links = new Set<string>();
    const seen = new Set<string>();
    for (const id of changed) {
      if (seen.has(id)) continue;
      seen.add(id);
      const before = this.nodeStatus.get(id);
      const node = graph.node(id);
      if (before === undefined || !node || !visibility.isNodeVisible(id, this.audience)) continue;
      const cluster = layout.clusterOf(id);
      if (!cluster) continue;
      if (this.structure.expanded.has(cluster.id)) {
        const e = this.deps.placed(id);
        if (e) this.entities.set(ids.node(id), e);
      }
      if (node.status === before) continue;
      this.nodeStatus.set(id, node.status);
      const counts = this.clusterCounts.get(cluster.id);
      if (counts) {
        counts[before]--;
        counts[node.status]++;
        clusters.add(cluster.id);
      }
      for (const edges of [graph.dependencies(id), graph.dependents(id)]) {
        for (const e of edges) {
          const key = this.edgeLink.get(e.id);
          if (!key) continue;
          const old = this.edgeWorst.get(e.id)!;
          const now = this.edgeWorstNow(e.id);
          if (old === now) continue;
          this.edgeWorst.set(e.id, now);
          const lc = this.linkCounts.get(key)!;
          lc[old]--;
          lc[now]++;
          links.add(key);
        }
      }
    }
    for (const id of clusters) this.setCluster(id);
    for (const key of links) this.setLink(key);
  }

  private setCluster(clusterId: string): void {
    const c = this.deps.layout.cluster(clusterId)!;
    const counts = this.clusterCounts.get(clusterId)!;
    const members = this.structure.members.get(clusterId)!.length;
    const rows = Math.ceil(c.slots.length / c.cols);
    const entity: TopologyClusterEntity = {
      type: 'cluster',
      id: c.id,
      layer: c.layer,
      dc: c.dc,
      group: c.group,
      x: c.x,
      y: c.y,
      w: c.w,
      // A cluster that outgrew its reserved rows reports its real height (it grows downwards).
      h: rows > c.rows ? c.h + (rows - c.rows) * LAYOUT_CELL : c.h,
      members,
      byStatus: { ...counts },
      worst: worstOfCounts(counts),
      expanded: this.structure.expanded.has(clusterId),
    };
    this.entities.set(ids.cluster(clusterId), entity);
  }

  private setLink(key: string): void {
    const l = this.structure.links.get(key)!;
    const counts = this.linkCounts.get(key)!;
    this.entities.set(ids.link(l.source.id, l.target.id), { type: 'link', source: l.source, target: l.target, count: l.edges.length, worst: worstOfCounts(counts) });
  }

  private edgeWorstNow(edgeId: string): NodeStatus {
    const e = this.deps.graph.edge(edgeId);
    if (!e) return 'unknown';
    return worseStatus(this.deps.graph.node(e.source)?.status ?? 'unknown', this.deps.graph.node(e.target)?.status ?? 'unknown');
  }
}
