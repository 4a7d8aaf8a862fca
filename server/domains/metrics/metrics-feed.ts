import type { MetricValueEntity } from '../../../shared/protocol/topics.js';
import { parseTopic } from '../../../shared/protocol/topics.js';
import { audienceOf, can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors, type AppError } from '../../core/errors.js';
import type { TopicFeed, TopicKind } from '../../stream/topic-feed.js';
import type { MetricChanges } from './metric-changes.js';
import type { MetricStore } from './metric-store.js';
import type { NodeAccess } from './node-access.js';

interface Cached {
  t: number;
  v: number;
  entity: MetricValueEntity;
}

/**
 * `metrics:<nodeId>`: the latest value of each of the node's series, keyed by metric name.
 * Entities are cached and only replaced when the value moved, so the hub's by-reference diff
 * sees exactly the series that changed.
 */
export class MetricsFeed implements TopicFeed<MetricValueEntity> {
  private pending = new Set<string>();
  private readonly cache = new Map<string, Cached>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly topic: string,
    private readonly node: string,
    private readonly store: MetricStore,
    changes: MetricChanges,
    private readonly access: NodeAccess,
    private readonly sourceClock: Clock,
  ) {
    this.unsubscribe = changes.onNode(node, (metrics) => {
      for (const m of metrics) this.pending.add(m);
    });
  }

  select(audience: Audience): Map<string, MetricValueEntity> {
    const out = new Map<string, MetricValueEntity>();
    if (!this.access.visible(this.node, audience)) return out;
    for (const m of this.store.metricsOf(this.node)) {
      const e = this.entity(m);
      if (e) out.set(m, e);
    }
    return out;
  }

  get(id: string, audience: Audience): MetricValueEntity | undefined {
    if (!this.access.visible(this.node, audience)) return undefined;
    return this.entity(id);
  }

  drain(): Iterable<string> {
    const out = this.pending;
    this.pending = new Set();
    return out;
  }

  /** The node turning visible or invisible to a tenant moves the whole topic for that audience. */
  visibilityVersion(audience: Audience): number {
    return this.access.version(audience);
  }

  at(): number {
    return this.sourceClock.now();
  }

  dispose(): void {
    this.unsubscribe();
    this.cache.clear();
  }

  private entity(metric: string): MetricValueEntity | undefined {
    const latest = this.store.latest(this.node, metric);
    if (!latest) {
      this.cache.delete(metric);
      return undefined;
    }
    const c = this.cache.get(metric);
    if (c && c.t === latest.t && Object.is(c.v, latest.v)) return c.entity;
    const entity: MetricValueEntity = Object.freeze({
      type: 'metric',
      metric,
      t: new Date(latest.t).toISOString(),
      v: latest.v,
    });
    this.cache.set(metric, { t: latest.t, v: latest.v, entity });
    return entity;
  }
}

export interface MetricsTopicDeps {
  store: MetricStore;
  changes: MetricChanges;
  access: NodeAccess;
  sourceClock: Clock;
}

/**
 * Subscribing needs 'metrics:read' (403) and a node this audience can see (404 otherwise, the
 * same answer as for a node that does not exist, so another tenant's ids do not leak).
 */
export function metricsTopicKind(deps: MetricsTopicDeps): TopicKind {
  return {
    name: 'metrics',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'metrics' ? { param: p.param } : null;
    },
    authorize(principal: Principal, param: string | null): AppError | null {
      if (!can(principal, 'metrics:read')) return errors.forbidden();
      if (param === null || !deps.access.visible(param, audienceOf(principal))) return errors.notFound('node');
      return null;
    },
    create(topic, param) {
      if (param === null) throw new Error(`topic ${topic} needs a node id`);
      return new MetricsFeed(topic, param, deps.store, deps.changes, deps.access, deps.sourceClock);
    },
  };
}
