import { STATUS_RANK, worseStatus, type NodeStatus } from '../../../../shared/domain/topology.js';
import {
  topologyLayoutIds as ids,
  type TopologyClusterTopicEntity,
  type TopologyLinkEntity,
  type TopologyPlacedNodeEntity,
  type TopologyWallEntity,
} from '../../../../shared/protocol/topology-layout.js';
import { audienceKey, type Audience } from '../../../core/auth/principal.js';
import type { TopologyGraph, TopologyNodeView } from '../topology-graph.js';
import { SummaryCache } from '../topology-summary.js';
import type { VisibilityIndex } from '../visibility.js';
import { TopologyLayout } from './topology-layout.js';
import { WallState } from './wall-state.js';
import { endpointOf, linkKey, wallStructure, type Endpoint, type WallStructure } from './wall-structure.js';

const CACHE_MAX = 256;
const LOG_MAX = 50_000;


/** A small LRU-ish map: audiences come and go (walls with their own scopes), the cache must not. */
class Bounded<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > CACHE_MAX) this.delete(this.keys().next().value!);
    return this;
  }
}

/**
 * The topology wall's model: the server-side layout kept in step with the graph, and per
 * audience what the wall draws (`topology`) and what an expanded cluster holds
 * (`topology:<clusterId>`). Structure (which clusters, expansions, links) is cached until the
 * graph's structure, the layout or the audience's visible set moves; statuses are folded in
 * per revision. Entities are reused when unchanged so deltas carry only what moved.
 */
export class TopologyWall {
  readonly layout: TopologyLayout;
  private layoutDirty = true;
  private readonly structures = new Bounded<{ key: string; s: WallStructure }>();
  private readonly walls = new Bounded<WallState>();
  /** Nodes whose status or declaration changed, in order; each audience's wall replays its part. */
  private log: string[] = [];
  private logBase = 0;
  private readonly placedCache = new Map<string, { node: TopologyNodeView; x: number; y: number; entity: TopologyPlacedNodeEntity }>();
  private readonly summaries: SummaryCache;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
  ) {
    this.layout = new TopologyLayout(graph);
    this.summaries = new SummaryCache(graph, visibility);
    this.unsubscribe = graph.onChange((c) => {
      if (c.entity !== 'node') return;
      if (c.reason !== 'status') this.layoutDirty = true;
      this.log.push(c.id);
      // Bounded: a wall that fell this far behind is rebuilt rather than replayed.
      if (this.log.length > LOG_MAX) {
        const drop = this.log.length >> 1;
        this.log = this.log.slice(drop);
        this.logBase += drop;
      }
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.summaries.dispose();
    this.structures.clear();
    this.walls.clear();
    this.placedCache.clear();
  }

  /** Places new nodes (or lays out the first time); cheap when nothing structural moved. */
  syncLayout(): void {
    if (!this.layoutDirty) return;
    this.layoutDirty = false;
    this.layout.sync();
    // Drop cached entities of nodes that are gone, so the cache stays the size of the graph.
    for (const id of this.placedCache.keys()) if (!this.graph.hasNode(id)) this.placedCache.delete(id);
  }

  structure(audience: Audience): WallStructure {
    this.syncLayout();
    const key = `${this.layout.version}:${this.graph.structureVersion}:${this.visibility.version(audience)}`;
    const ak = audienceKey(audience);
    const cached = this.structures.get(ak);
    if (cached?.key === key) return cached.s;
    const s = wallStructure(this.graph, this.visibility, this.layout, audience);
    this.structures.set(ak, { key, s });
    return s;
  }

  /** Everything the `topology` topic holds for this audience, brought up to date incrementally. */
  wall(audience: Audience): Map<string, TopologyWallEntity> {
    const s = this.structure(audience);
    const ak = audienceKey(audience);
    const end = this.logBase + this.log.length;
    let c = this.walls.get(ak);
    if (!c || c.structure !== s || c.logSeq < this.logBase) {
      c = new WallState(s, audience, { graph: this.graph, visibility: this.visibility, layout: this.layout, placed: (id) => this.placed(id) });
      c.entities.set(ids.frame, { type: 'frame', ...this.layout.frame() });
      this.walls.set(ak, c);
    } else if (c.logSeq < end) {
      c.apply(this.log.slice(c.logSeq - this.logBase));
    }
    c.logSeq = end;
    c.entities.set(ids.summary, this.summaries.get(audience));
    return c.entities;
  }

  /** Whether this audience sees any member of the cluster (404 otherwise, as if it did not exist). */
  hasCluster(clusterId: string, audience: Audience): boolean {
    return this.structure(audience).members.has(clusterId);
  }

  /** Everything `topology:<clusterId>` holds for this audience: members, their edges, links out. */
  cluster(clusterId: string, audience: Audience): Map<string, TopologyClusterTopicEntity> {
    const s = this.structure(audience);
    const out = new Map<string, TopologyClusterTopicEntity>();
    const members = s.members.get(clusterId);
    if (!members) return out;
    const inside = new Set(members);
    const outward = new Map<string, { source: Endpoint; target: Endpoint; edges: string[] }>();
    const fold = (source: Endpoint, target: Endpoint, edgeId: string) => {
      const key = linkKey(source, target);
      const l = outward.get(key);
      if (l) l.edges.push(edgeId);
      else outward.set(key, { source, target, edges: [edgeId] });
    };
    for (const id of members) {
      const e = this.placed(id);
      if (e) out.set(ids.node(id), e);
      for (const edge of this.graph.dependencies(id)) {
        if (!this.visibility.isEdgeVisible(edge, audience)) continue;
        if (inside.has(edge.target)) {
          out.set(ids.edge(edge.id), { type: 'edge', id: edge.id, source: edge.source, target: edge.target, worst: this.worstOf(edge.source, edge.target) });
        } else {
          const t = endpointOf(this.layout, s.expanded, edge.target);
          if (t) fold({ kind: 'node', id }, t, edge.id);
        }
      }
      for (const edge of this.graph.dependents(id)) {
        if (inside.has(edge.source) || !this.visibility.isEdgeVisible(edge, audience)) continue;
        const src = endpointOf(this.layout, s.expanded, edge.source);
        if (src) fold(src, { kind: 'node', id }, edge.id);
      }
    }
    for (const l of outward.values()) {
      const entity = this.linkEntity(l.source, l.target, l.edges);
      if (entity) out.set(ids.link(l.source.id, l.target.id), entity);
    }
    return out;
  }

  private placed(id: string): TopologyPlacedNodeEntity | undefined {
    const node = this.graph.node(id);
    const pos = this.layout.position(id);
    const c = this.layout.clusterOf(id);
    if (!node || !pos || !c) return undefined;
    const hit = this.placedCache.get(id);
    if (hit && hit.node === node && hit.x === pos.x && hit.y === pos.y) return hit.entity;
    const entity: TopologyPlacedNodeEntity = Object.freeze({ ...node, type: 'node', cluster: c.id, x: pos.x, y: pos.y });
    this.placedCache.set(id, { node, x: pos.x, y: pos.y, entity });
    return entity;
  }

  private linkEntity(source: Endpoint, target: Endpoint, edgeIds: readonly string[]): TopologyLinkEntity | null {
    let worst: NodeStatus = 'ok';
    let count = 0;
    for (const id of edgeIds) {
      const e = this.graph.edge(id);
      if (!e) continue;
      count++;
      const w = this.worstOf(e.source, e.target);
      if (STATUS_RANK[w] > STATUS_RANK[worst]) worst = w;
    }
    return count === 0 ? null : { type: 'link', source, target, count, worst };
  }

  private worstOf(a: string, b: string): NodeStatus {
    return worseStatus(this.graph.node(a)?.status ?? 'unknown', this.graph.node(b)?.status ?? 'unknown');
  }
}
