import { LAYERS, STATUSES, type Layer, type NodeStatus } from '../../../shared/domain/topology.js';
import type { TopologySummaryEntity } from '../../../shared/protocol/topics.js';
import { audienceKey, type Audience } from '../../core/auth/principal.js';
import type { TopologyGraph, TopologyNodeView } from './topology-graph.js';
import type { VisibilityIndex } from './visibility.js';

const SUMMARY_CACHE_MAX = 1024;

export const zeroCounts = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>;

const LOG_MAX = 50_000;

interface Cached {
  key: string;
  seq: number;
  entity: TopologySummaryEntity;
}

/**
 * Counts over what an audience sees, never over everything (product.md). Built once per
 * audience and structure, then kept current from a log of status transitions, so a tick that
 * changes a few statuses costs a few counter moves instead of a walk over 20,000 nodes. The
 * `nodes` and `topology` topics both carry this one summary.
 */
export class SummaryCache {
  private readonly cache = new Map<string, Cached>();
  /** Each node's status as of the last logged transition. */
  private readonly last = new Map<string, NodeStatus>();
  private log: Array<{ id: string; from: NodeStatus; to: NodeStatus }> = [];
  private logBase = 0;
  /** Bumps when a re-declaration may have moved a node's layer or data center. */
  private epoch = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
  ) {
    for (const n of graph.nodes()) this.last.set(n.id, n.status);
    this.unsubscribe = graph.onChange((c) => {
      if (c.entity !== 'node') return;
      const n = graph.node(c.id);
      if (c.reason !== 'status') {
        this.epoch++;
        if (n) this.last.set(c.id, n.status);
        else this.last.delete(c.id);
        return;
      }
      const from = this.last.get(c.id);
      if (!n || from === undefined || from === n.status) return;
      this.last.set(c.id, n.status);
      this.log.push({ id: c.id, from, to: n.status });
      if (this.log.length > LOG_MAX) {
        const drop = this.log.length >> 1;
        this.log = this.log.slice(drop);
        this.logBase += drop;
      }
    });
  }

  get(audience: Audience): TopologySummaryEntity {
    const ak = audienceKey(audience);
    const key = `${this.graph.structureVersion}:${this.visibility.version(audience)}:${this.epoch}`;
    const end = this.logBase + this.log.length;
    const cached = this.cache.get(ak);
    if (cached && cached.key === key && cached.seq >= this.logBase) {
      if (cached.seq < end) {
        cached.entity = this.replay(cached.entity, cached.seq - this.logBase, audience);
        cached.seq = end;
      }
      return cached.entity;
    }
    const entity = this.count(audience);
    this.cache.set(ak, { key, seq: end, entity });
    if (this.cache.size > SUMMARY_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    return entity;
  }

  dispose(): void {
    this.unsubscribe();
    this.cache.clear();
  }

  /** A new entity (entities are never mutated) with the logged transitions this audience sees. */
  private replay(prev: TopologySummaryEntity, from: number, audience: Audience): TopologySummaryEntity {
    let next: TopologySummaryEntity | null = null;
    for (let i = from; i < this.log.length; i++) {
      const t = this.log[i]!;
      const n = this.graph.node(t.id);
      if (!n || !this.visibility.isNodeVisible(t.id, audience)) continue;
      next ??= structuredClone(prev);
      next.byStatus[t.from]--;
      next.byStatus[t.to]++;
      next.byLayerStatus[n.layer][t.from]--;
      next.byLayerStatus[n.layer][t.to]++;
      const dc = (next.byDcStatus[n.dc] ??= zeroCounts());
      dc[t.from]--;
      dc[t.to]++;
    }
    return next ?? prev;
  }

  private count(audience: Audience): TopologySummaryEntity {
    const byStatus = zeroCounts();
    const byLayer = Object.fromEntries(LAYERS.map((l) => [l, 0])) as Record<Layer, number>;
    const byLayerStatus = Object.fromEntries(LAYERS.map((l) => [l, zeroCounts()])) as Record<Layer, Record<NodeStatus, number>>;
    const byDcStatus: Record<string, Record<NodeStatus, number>> = {};
    let nodes = 0;
    let edges = 0;
    const visible = this.visibility.visibleNodes(audience);
    const count = (n: TopologyNodeView) => {
      nodes++;
      byStatus[n.status]++;
      byLayer[n.layer]++;
      byLayerStatus[n.layer][n.status]++;
      (byDcStatus[n.dc] ??= zeroCounts())[n.status]++;
    };
    if (visible === 'all') {
      for (const n of this.graph.nodes()) count(n);
      edges = this.graph.edgeCount;
    } else {
      for (const id of visible) {
        const n = this.graph.node(id);
        if (!n) continue;
        count(n);
        for (const e of this.graph.dependencies(id)) if (visible.has(e.target)) edges++;
      }
    }
    return { type: 'summary', nodes, edges, byStatus, byLayer, byLayerStatus, byDcStatus };
  }
}
