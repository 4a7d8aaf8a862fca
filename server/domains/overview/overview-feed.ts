import type { OverviewTotalsEntity } from '../../../shared/protocol/topics.js';
import { overviewIds, parseTopic } from '../../../shared/protocol/topics.js';
import { can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors, type AppError } from '../../core/errors.js';
import { AggregateFeed } from '../../stream/aggregate-feed.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { MetricChanges, MetricStore } from '../metrics/index.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';

/**
 * `overview`: the wall's live platform totals over the business systems this audience sees
 * (TPS summed; latency and error rate weighted by TPS, so a quiet system does not swing them).
 * Computed on the server per audience, never by summing per-node topics in the console: a wall
 * would otherwise hold one subscription per business system.
 */
export class OverviewFeed extends AggregateFeed<OverviewTotalsEntity> {
  private businessRev = -1;
  private business: readonly string[] = [];

  constructor(
    topic: string,
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
    private readonly store: MetricStore,
    changes: MetricChanges,
    sourceClock: Clock,
  ) {
    super(topic, overviewIds.totals, visibility, sourceClock);
    this.onDispose(
      changes.onAny((changed) => {
        if (this.changed) return;
        for (const id of this.businessNodes()) {
          if (changed.has(id)) {
            this.changed = true;
            return;
          }
        }
      }),
    );
  }

  /** A new or removed business system moves the totals too. */
  protected override beforeDrain(): void {
    this.businessNodes();
  }

  aggregates(audience: Audience): Map<string, OverviewTotalsEntity> {
    return new Map([[overviewIds.totals, this.totals(audience)]]);
  }

  totals(audience: Audience): OverviewTotalsEntity {
    let systems = 0;
    let reporting = 0;
    let tps = 0;
    let latencyWeighted = 0;
    let errorWeighted = 0;
    let sessions = 0;
    for (const id of this.businessNodes()) {
      if (!this.visibility.visible(id, audience)) continue;
      systems++;
      const t = this.store.latest(id, 'tps')?.v;
      if (t === undefined) continue;
      reporting++;
      tps += t;
      latencyWeighted += t * (this.store.latest(id, 'latency_ms')?.v ?? 0);
      errorWeighted += t * (this.store.latest(id, 'error_rate')?.v ?? 0);
      sessions += this.store.latest(id, 'sessions')?.v ?? 0;
    }
    const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
    return {
      type: 'totals',
      businessSystems: systems,
      reporting,
      tps: round(tps, 1),
      latencyMs: tps > 0 ? round(latencyWeighted / tps, 1) : null,
      errorRate: tps > 0 ? round(errorWeighted / tps, 3) : null,
      sessions: Math.round(sessions),
    };
  }

  private businessNodes(): readonly string[] {
    if (this.businessRev !== this.graph.revision) {
      this.businessRev = this.graph.revision;
      const ids: string[] = [];
      for (const n of this.graph.nodes()) if (n.layer === 'business') ids.push(n.id);
      this.business = ids;
      this.changed = true;
    }
    return this.business;
  }
}

export interface OverviewTopicDeps {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  store: MetricStore;
  changes: MetricChanges;
  sourceClock: Clock;
}

export function overviewTopicKind(deps: OverviewTopicDeps): TopicKind {
  return {
    name: 'overview',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'overview' ? { param: null } : null;
    },
    authorize(principal: Principal): AppError | null {
      return can(principal, 'metrics:read') ? null : errors.forbidden();
    },
    create(topic) {
      return new OverviewFeed(topic, deps.graph, deps.visibility, deps.store, deps.changes, deps.sourceClock);
    },
  };
}
