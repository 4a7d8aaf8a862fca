import { parseTopic } from '../../../../shared/protocol/topics.js';
import { topologyLayoutIds, type TopologyClusterTopicEntity, type TopologyWallEntity } from '../../../../shared/protocol/topology-layout.js';
import { audienceOf, can, type Audience, type Principal } from '../../../core/auth/principal.js';
import type { Clock } from '../../../core/clock.js';
import { errors, type AppError } from '../../../core/errors.js';
import { AggregateFeed } from '../../../stream/aggregate-feed.js';
import type { TopicKind } from '../../../stream/topic-feed.js';
import type { TopologyGraph } from '../topology-graph.js';
import type { VisibilityIndex } from '../visibility.js';
import type { TopologyWall } from './topology-wall.js';

/**
 * `topology` and `topology:<clusterId>`. Everything they carry is computed per audience (cluster
 * counts, which members are drawn, links), so all of it travels as the hub's per-audience
 * aggregates: the hub diffs them by value each tick something moved and sends only what changed.
 */
abstract class WallFeedBase<E extends object> extends AggregateFeed<E> {
  constructor(
    topic: string,
    protected readonly wall: TopologyWall,
    graph: TopologyGraph,
    visibility: VisibilityIndex,
    sourceClock: Clock,
  ) {
    super(topic, topologyLayoutIds.frame, visibility, sourceClock);
    this.onDispose(graph.onChange(() => (this.changed = true)));
  }
}

export class TopologyWallFeed extends WallFeedBase<TopologyWallEntity> {
  aggregates(audience: Audience): Map<string, TopologyWallEntity> {
    return this.wall.wall(audience);
  }
}

export class TopologyClusterFeed extends WallFeedBase<TopologyClusterTopicEntity> {
  constructor(
    topic: string,
    private readonly clusterId: string,
    wall: TopologyWall,
    graph: TopologyGraph,
    visibility: VisibilityIndex,
    sourceClock: Clock,
  ) {
    super(topic, wall, graph, visibility, sourceClock);
  }

  aggregates(audience: Audience): Map<string, TopologyClusterTopicEntity> {
    return this.wall.cluster(this.clusterId, audience);
  }
}

export interface TopologyWallTopicDeps {
  wall: TopologyWall;
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  sourceClock: Clock;
}

/** `topology` (the level-of-detail wall) and `topology:<clusterId>` (one cluster expanded). */
export function topologyWallTopicKind(deps: TopologyWallTopicDeps): TopicKind {
  return {
    name: 'topology',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'topology' ? { param: p.param } : null;
    },
    authorize(principal: Principal, param: string | null): AppError | null {
      if (!can(principal, 'topology:read')) return errors.forbidden();
      // Another tenant's cluster answers as if it did not exist.
      if (param !== null && !deps.wall.hasCluster(param, audienceOf(principal))) return errors.notFound('cluster');
      return null;
    },
    create(topic, param) {
      return param === null
        ? new TopologyWallFeed(topic, deps.wall, deps.graph, deps.visibility, deps.sourceClock)
        : new TopologyClusterFeed(topic, param, deps.wall, deps.graph, deps.visibility, deps.sourceClock);
    },
  };
}
