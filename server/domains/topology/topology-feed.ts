import { STATUS_RANK, type Layer, type NodeStatus } from '../../../shared/domain/topology.js';
import {
  parseTopic,
  topologyIds,
  type TopologyEntity,
  type TopologySummaryEntity,
} from '../../../shared/protocol/topics.js';
import { can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors, type AppError } from '../../core/errors.js';
import type { TopicFeed, TopicKind } from '../../stream/topic-feed.js';
import type { TopologyGraph } from './topology-graph.js';
import { SummaryCache } from './topology-summary.js';
import type { VisibilityIndex } from './visibility.js';

/** What the `topology` topic carries: the contract's entity union. */
export type TopologyStreamEntity = TopologyEntity;

/** Snapshots of huge graphs keep this many entities, most severe first; the rest is paged over REST. */
export const TOPOLOGY_SNAPSHOT_LIMIT = 5000;

const LAYER_WEIGHT: Record<Layer, number> = { business: 3, paas: 2, iaas: 1, physical: 0 };

/** Severity dominates; among equals, business systems before the gear under them. */
function nodeRank(status: NodeStatus, layer: Layer): number {
  return STATUS_RANK[status] * 4 + LAYER_WEIGHT[layer];
}

/**
 * The `nodes` topic: visible nodes `n:<id>`, visible edges `e:<edgeId>`, and the audience's
 * `summary`. Entities are the graph's own immutable objects, so unchanged ones keep their
 * reference and the hub's diff skips them.
 */
export class TopologyFeed implements TopicFeed<TopologyStreamEntity> {
  private pending = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly summaries: SummaryCache;

  readonly bound = {
    limit: TOPOLOGY_SNAPSHOT_LIMIT,
    rank: (e: TopologyStreamEntity): number => {
      if (e.type === 'node') return nodeRank(e.status, e.layer);
      if (e.type === 'edge') {
        // An edge ranks just under the lesser of its ends, so kept edges tend to join kept nodes.
        const s = this.graph.node(e.source);
        const t = this.graph.node(e.target);
        if (!s || !t) return -1;
        return Math.min(nodeRank(s.status, s.layer), nodeRank(t.status, t.layer)) - 0.5;
      }
      return Number.MAX_SAFE_INTEGER;
    },
  };

  constructor(
    readonly topic: string,
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
    private readonly sourceClock: Clock,
  ) {
    this.summaries = new SummaryCache(graph, visibility);
    this.unsubscribe = graph.onChange((c) => {
      this.pending.add(c.entity === 'node' ? topologyIds.node(c.id) : topologyIds.edge(c.id));
    });
  }

  select(audience: Audience): Map<string, TopologyStreamEntity> {
    const out = new Map<string, TopologyStreamEntity>();
    const visible = this.visibility.visibleNodes(audience);
    if (visible === 'all') {
      for (const n of this.graph.nodes()) out.set(topologyIds.node(n.id), n);
      for (const e of this.graph.edges()) out.set(topologyIds.edge(e.id), e);
      return out;
    }
    for (const id of visible) {
      const n = this.graph.node(id);
      if (n) out.set(topologyIds.node(id), n);
      for (const e of this.graph.dependencies(id)) {
        if (visible.has(e.target)) out.set(topologyIds.edge(e.id), e);
      }
    }
    return out;
  }

  get(id: string, audience: Audience): TopologyStreamEntity | undefined {
    if (id.startsWith('n:')) {
      const n = this.graph.node(id.slice(2));
      return n && this.visibility.isNodeVisible(n.id, audience) ? n : undefined;
    }
    if (id.startsWith('e:')) {
      const e = this.graph.edge(id.slice(2));
      return e && this.visibility.isEdgeVisible(e, audience) ? e : undefined;
    }
    return undefined;
  }

  drain(): Iterable<string> {
    const out = this.pending;
    this.pending = new Set();
    return out;
  }

  aggregates(audience: Audience): Map<string, TopologyStreamEntity> {
    return new Map([[topologyIds.summary, this.summary(audience)]]);
  }

  visibilityVersion(audience: Audience): number {
    return this.visibility.version(audience);
  }

  at(): number {
    return this.sourceClock.now();
  }

  dispose(): void {
    this.unsubscribe();
    this.summaries.dispose();
  }


  summary(audience: Audience): TopologySummaryEntity {
    return this.summaries.get(audience);
  }
}

export interface TopologyTopicDeps {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  sourceClock: Clock;
}

export function topologyTopicKind(deps: TopologyTopicDeps): TopicKind {
  return {
    name: 'nodes',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'nodes' ? { param: null } : null;
    },
    authorize(principal: Principal): AppError | null {
      return can(principal, 'topology:read') ? null : errors.forbidden();
    },
    create(topic) {
      return new TopologyFeed(topic, deps.graph, deps.visibility, deps.sourceClock);
    },
  };
}
