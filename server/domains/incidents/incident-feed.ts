import { SEVERITY_RANK, emptySeverityCounts } from '../../../shared/domain/alarms.js';
import { parseTopic } from '../../../shared/protocol/topics.js';
import {
  INCIDENT_TOPIC_LIMIT,
  alarmTopicIds,
  type IncidentEntity,
  type IncidentSummaryEntity,
  type IncidentsTopicEntity,
} from '../../../shared/protocol/alarms.js';
import { audienceKey, can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors, type AppError } from '../../core/errors.js';
import type { TopicFeed, TopicKind } from '../../stream/topic-feed.js';
import type { VisibilityIndex } from '../topology/index.js';
import type { IncidentBook } from './incident-book.js';
import type { IncidentViews } from './incident-views.js';

/**
 * The `incidents` topic: the open incidents an audience sees (`i:<id>`, projected per audience,
 * bounded to the INCIDENT_TOPIC_LIMIT most severe, unacknowledged first) and its `summary`
 * (by severity, unacknowledged by severity — what rings the control-room sound — and by tier).
 * Entities keep their reference while the incident does not change, so the hub's diff skips them.
 */
export class IncidentsFeed implements TopicFeed<IncidentsTopicEntity> {
  private pending = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly entities = new WeakMap<object, IncidentEntity>();
  private readonly summaries = new Map<string, { rev: number; visibility: number; entity: IncidentSummaryEntity }>();
  private rev = 0;

  readonly bound = {
    limit: INCIDENT_TOPIC_LIMIT,
    rank: (e: IncidentsTopicEntity): number =>
      e.type === 'incident' ? SEVERITY_RANK[e.severity] * 4 + (e.state === 'open' && !e.suppressed ? 2 : 0) + e.tier / 10 : Number.MAX_SAFE_INTEGER,
  };

  constructor(
    readonly topic: string,
    private readonly book: IncidentBook,
    private readonly views: IncidentViews,
    private readonly visibility: VisibilityIndex,
    private readonly sourceClock: Clock,
  ) {
    this.unsubscribe = book.onChange((id) => {
      this.pending.add(alarmTopicIds.incident(id));
      this.rev++;
    });
  }

  select(audience: Audience): Map<string, IncidentsTopicEntity> {
    const out = new Map<string, IncidentsTopicEntity>();
    for (const rec of this.book.openIncidents()) {
      const e = this.entity(rec.id, audience);
      if (e) out.set(alarmTopicIds.incident(rec.id), e);
    }
    return out;
  }

  get(id: string, audience: Audience): IncidentsTopicEntity | undefined {
    return id.startsWith('i:') ? this.entity(id.slice(2), audience) : undefined;
  }

  drain(): Iterable<string> {
    const out = this.pending;
    this.pending = new Set();
    return out;
  }

  aggregates(audience: Audience): Map<string, IncidentsTopicEntity> {
    return new Map([[alarmTopicIds.summary, this.summary(audience)]]);
  }

  summary(audience: Audience): IncidentSummaryEntity {
    const key = audienceKey(audience);
    const visibility = this.visibility.version(audience);
    const hit = this.summaries.get(key);
    if (hit && hit.rev === this.rev && hit.visibility === visibility) return hit.entity;
    const entity: IncidentSummaryEntity = {
      type: 'incident-summary',
      bySeverity: emptySeverityCounts(),
      unacknowledged: emptySeverityCounts(),
      byTier: { '1': 0, '2': 0, '3': 0, '4': 0 },
    };
    for (const rec of this.book.openIncidents()) {
      const v = this.views.view(rec, audience);
      if (!v) continue;
      entity.bySeverity[v.severity]++;
      if (v.state === 'open' && !v.suppressed) entity.unacknowledged[v.severity]++;
      entity.byTier[String(v.tier) as '1']++;
    }
    this.summaries.set(key, { rev: this.rev, visibility, entity });
    if (this.summaries.size > 256) this.summaries.delete(this.summaries.keys().next().value!);
    return entity;
  }

  visibilityVersion(audience: Audience): number {
    return this.visibility.version(audience);
  }

  at(): number {
    return this.sourceClock.now();
  }

  dispose(): void {
    this.unsubscribe();
  }

  private entity(id: string, audience: Audience): IncidentEntity | undefined {
    const rec = this.book.get(id);
    if (!rec?.isOpen) return undefined;
    const view = this.views.view(rec, audience);
    if (!view) return undefined;
    let e = this.entities.get(view);
    if (!e) {
      e = Object.freeze({ type: 'incident' as const, ...view });
      this.entities.set(view, e);
    }
    return e;
  }
}

export interface IncidentsTopicDeps {
  book: IncidentBook;
  views: IncidentViews;
  visibility: VisibilityIndex;
  sourceClock: Clock;
}

export function incidentsTopicKind(deps: IncidentsTopicDeps): TopicKind {
  return {
    name: 'incidents',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'incidents' && p.param === null ? { param: null } : null;
    },
    authorize(principal: Principal): AppError | null {
      return can(principal, 'alarms:read') ? null : errors.forbidden();
    },
    create(topic) {
      return new IncidentsFeed(topic, deps.book, deps.views, deps.visibility, deps.sourceClock);
    },
  };
}
