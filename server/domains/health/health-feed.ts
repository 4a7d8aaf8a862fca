import { STATUSES, type NodeStatus } from '../../../shared/domain/topology.js';
import { HEALTH_TOPIC_COMPONENTS, healthIds, type HealthSummaryEntity, type HealthTopicEntity } from '../../../shared/protocol/health.js';
import { parseTopic } from '../../../shared/protocol/topics.js';
import { can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors, type AppError } from '../../core/errors.js';
import { AggregateFeed } from '../../stream/aggregate-feed.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import type { HealthEngine } from './health-engine.js';
import type { HealthViews } from './health-views.js';

/**
 * `health`: per audience and bounded: the B/O/M domain scores, every business system it sees,
 * the worst HEALTH_TOPIC_COMPONENTS components below 100 and a summary. Everything is computed
 * per audience (a tenant's domain scores cover only its own systems; factors naming another
 * tenant's node are redacted), so the whole topic lives in the hub's per-audience aggregates.
 * Node entities are cached per score record, so the hub's diff skips the unchanged ones.
 */
export class HealthFeed extends AggregateFeed<HealthTopicEntity> {
  constructor(
    topic: string,
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
    private readonly engine: HealthEngine,
    private readonly views: HealthViews,
    sourceClock: Clock,
    private readonly components = HEALTH_TOPIC_COMPONENTS,
  ) {
    super(topic, healthIds.summary, visibility, sourceClock);
    this.onDispose(
      engine.onChange(() => {
        this.changed = true;
      }),
    );
  }

  aggregates(audience: Audience): Map<string, HealthTopicEntity> {
    const out = new Map<string, HealthTopicEntity>();
    for (const d of this.views.domains(audience)) out.set(healthIds.domain(d.domain), d);
    for (const id of this.views.business.list()) {
      const e = this.views.score(id, audience);
      if (e) out.set(healthIds.node(id), e);
    }
    const worst: { id: string; tenths: number }[] = [];
    for (const id of this.engine.degraded()) {
      const n = this.graph.node(id);
      const rec = this.engine.get(id);
      if (!n || !rec || n.layer === 'business' || !this.visibility.isNodeVisible(id, audience)) continue;
      worst.push({ id, tenths: rec.tenths });
    }
    worst.sort((a, b) => a.tenths - b.tenths || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const w of worst.slice(0, this.components)) out.set(healthIds.node(w.id), this.views.score(w.id, audience)!);
    out.set(healthIds.summary, this.summary(audience));
    return out;
  }

  summary(audience: Audience): HealthSummaryEntity {
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>;
    let nodes = 0;
    let degraded = 0;
    const visible = this.visibility.visibleNodes(audience);
    if (visible === 'all') {
      for (const [s, n] of this.engine.statusCounts()) byStatus[s as NodeStatus] += n;
      nodes = this.engine.size;
      degraded = this.engine.degraded().size;
    } else {
      for (const id of visible) {
        const rec = this.engine.get(id);
        if (!rec) continue;
        nodes++;
        byStatus[rec.score.status]++;
        if (rec.tenths < 1000 || rec.score.status !== 'ok') degraded++;
      }
    }
    return { type: 'health-summary', byStatus, nodes, degraded };
  }
}

export interface HealthTopicDeps {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  engine: HealthEngine;
  views: HealthViews;
  sourceClock: Clock;
}

export function healthTopicKind(deps: HealthTopicDeps): TopicKind {
  return {
    name: 'health',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'health' ? { param: null } : null;
    },
    authorize(principal: Principal): AppError | null {
      return can(principal, 'topology:read') ? null : errors.forbidden();
    },
    create(topic) {
      return new HealthFeed(topic, deps.graph, deps.visibility, deps.engine, deps.views, deps.sourceClock);
    },
  };
}
