import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { Metrics } from '../metrics/index.js';
import type { ThresholdTable } from './default-thresholds.js';
import { StatusDeriver } from './status-deriver.js';
import { topologyTopicKind } from './topology-feed.js';
import { pathRoutes } from './path-routes.js';
import { TopologyGraph } from './topology-graph.js';
import { TopologyWall } from './layout/topology-wall.js';
import { topologyWallTopicKind } from './layout/topology-wall-feed.js';
import { topologyRoutes } from './topology-routes.js';
import { VisibilityIndex } from './visibility.js';

export { TopologyGraph, type TopologyNodeView, type GraphChange } from './topology-graph.js';
export { VisibilityIndex } from './visibility.js';
export { StatusDeriver, DEFAULT_SILENCE_MS } from './status-deriver.js';
export { DEFAULT_THRESHOLDS, type Threshold, type ThresholdTable } from './default-thresholds.js';
export { TopologyFeed, type TopologyStreamEntity } from './topology-feed.js';
export { TopologyWall } from './layout/topology-wall.js';
export { TopologyLayout, clusterIdOf } from './layout/topology-layout.js';

export interface TopologyOptions {
  sourceClock: Clock;
  metrics: Metrics;
  registry?: Registry;
  silenceMs?: number;
  thresholds?: ThresholdTable;
}

export interface Topology {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  /** Run every engine tick with source time, after sources pumped and before the stream hub. */
  statusDeriver: StatusDeriver;
  routes: AnyRoute[];
  /** `nodes`: every visible node and edge, bounded, worst first. */
  topicKind: TopicKind;
  /** `topology` and `topology:<clusterId>`: the laid-out, level-of-detail wall. */
  wallTopicKind: TopicKind;
  wall: TopologyWall;
  /** The engine's middle step: `statusDeriver.run(now)`. */
  tick(now: number): void;
}

/**
 * Builds the topology domain and binds its visibility into metrics. Per-tick order (every
 * 250 ms, one reading of source time `now`):
 *
 *   source.pump(now)             samples written through the IngestPort
 *   topology.tick(now)           = statusDeriver.run(now): flushes metric changes once (fan-out to
 *                                  metrics:<node> feeds and listeners), then derives statuses
 *   hub.tick()                   the stream drains the feeds and sends one batch per audience
 */
export function createTopology(opts: TopologyOptions): Topology {
  const graph = new TopologyGraph();
  const visibility = new VisibilityIndex(graph);
  opts.metrics.bind(visibility, opts.sourceClock);
  const statusDeriver = new StatusDeriver({
    graph,
    store: opts.metrics.store,
    changes: opts.metrics.changes,
    ...(opts.silenceMs !== undefined ? { silenceMs: opts.silenceMs } : {}),
    ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
  });
  if (opts.registry) {
    new Gauge({
      name: 'skyfort_topology_nodes',
      help: 'Nodes in the topology graph',
      registers: [opts.registry],
      collect() {
        this.set(graph.nodeCount);
      },
    });
    new Gauge({
      name: 'skyfort_topology_edges',
      help: 'Edges in the topology graph',
      registers: [opts.registry],
      collect() {
        this.set(graph.edgeCount);
      },
    });
  }
  const wall = new TopologyWall(graph, visibility);
  if (opts.registry) {
    new Gauge({
      name: 'skyfort_topology_layout_ms',
      help: 'Time the last full server-side topology layout took',
      registers: [opts.registry],
      collect() {
        this.set(wall.layout.lastLayoutMs);
      },
    });
  }
  return {
    graph,
    visibility,
    statusDeriver,
    wall,
    wallTopicKind: topologyWallTopicKind({ wall, graph, visibility, sourceClock: opts.sourceClock }),
    routes: [...topologyRoutes({ graph, visibility, store: opts.metrics.store, sourceClock: opts.sourceClock }), ...pathRoutes({ graph, visibility })],
    topicKind: topologyTopicKind({ graph, visibility, sourceClock: opts.sourceClock }),
    tick: (now) => {
      statusDeriver.run(now);
    },
  };
}
