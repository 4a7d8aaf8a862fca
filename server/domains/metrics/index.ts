import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../../core/clock.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import { MetricChanges } from './metric-changes.js';
import { MetricStore } from './metric-store.js';
import { metricsTopicKind } from './metrics-feed.js';
import { metricsRoutes } from './metrics-routes.js';
import type { NodeAccess } from './node-access.js';

export { MetricStore, RAW_WINDOW_MS, BYTES_PER_SERIES } from './metric-store.js';
export type { ChangedSeries, LatestSample, QueryResult, QueryPoint, WriteResult } from './metric-store.js';
export { MetricChanges } from './metric-changes.js';
export type { NodeAccess } from './node-access.js';

export interface MetricsOptions {
  registry?: Registry;
  /** Source time for stream `at` and default query ranges; createTopology binds it if omitted. */
  sourceClock?: Clock;
  /** Series cap (default 200,000). */
  maxSeries?: number;
}

export interface Metrics {
  store: MetricStore;
  /** The store's one change-feed reader; the status deriver flushes it once per tick. */
  changes: MetricChanges;
  routes: AnyRoute[];
  /** `metrics:<nodeId>`. */
  topicKind: TopicKind;
  /**
   * Who may see which node. Metrics cannot depend on topology (topology depends on metrics for
   * status), so topology binds its visibility here; until then every node is invisible.
   */
  bind(access: NodeAccess, sourceClock?: Clock): void;
}

const NO_ACCESS: NodeAccess = { visible: () => false, version: () => 0 };

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const store = new MetricStore({
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.maxSeries !== undefined ? { maxSeries: opts.maxSeries } : {}),
  });
  const changes = new MetricChanges(store);
  let access = NO_ACCESS;
  let clock: Clock = opts.sourceClock ?? systemClock;
  const boundAccess: NodeAccess = {
    visible: (node, audience) => access.visible(node, audience),
    version: (audience) => access.version(audience),
  };
  const boundClock: Clock = { now: () => clock.now() };
  return {
    store,
    changes,
    routes: metricsRoutes({ store, access: boundAccess, sourceClock: boundClock }),
    topicKind: metricsTopicKind({ store, changes, access: boundAccess, sourceClock: boundClock }),
    bind(a, sourceClock) {
      access = a;
      if (sourceClock) clock = sourceClock;
    },
  };
}
