import type { Alarm } from '../../../shared/domain/alarms.js';
import { ALARM_TOPIC_LIMIT, alarmEntityOf, alarmTopicIds, type AlarmEntity, type AlarmsTopicEntity } from '../../../shared/protocol/alarms.js';
import { parseTopic } from '../../../shared/protocol/topics.js';
import { can, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors, type AppError } from '../../core/errors.js';
import type { TopicFeed, TopicKind } from '../../stream/topic-feed.js';
import { clusterIdOf } from '../topology/layout/topology-layout.js';
import type { TopologyGraph, TopologyNodeView } from '../topology/topology-graph.js';
import type { VisibilityIndex } from '../topology/visibility.js';
import type { AlarmBook } from './alarm-book.js';
import { compareAlarms, topK } from './alarm-query.js';

/** Unsuppressed alarms first (they ask for attention), then the list order. */
function topicOrder(a: Alarm, b: Alarm): number {
  const sa = a.suppressedBy === null ? 0 : 1;
  const sb = b.suppressedBy === null ? 0 : 1;
  return sa - sb || compareAlarms(a, b);
}

/**
 * The `alarms` topic: per audience, the ALARM_TOPIC_LIMIT most severe open alarms it sees
 * (`a:<id>`) and its `summary` (counts per severity, unacknowledged, suppressed, flapping, badges
 * per node and per topology cluster). The feed ranks on its own instead of the hub's `bound`, which would hand the hub
 * every open alarm of a storm to sort each tick: one pass with a bounded buffer per audience,
 * only on ticks where an alarm changed. Summaries come from incremental counts (AlarmTally), so
 * they never walk the alarms. Entities are cached per alarm object, so an unchanged alarm keeps
 * its reference and the hub's diff skips it.
 */
export class AlarmsFeed implements TopicFeed<AlarmsTopicEntity> {
  private changed = true;
  private readonly entities = new WeakMap<Alarm, AlarmEntity>();
  /** Cluster id per node, kept while the node's layer, data center, kind and domain stay put. */
  private readonly clusters = new Map<string, { node: TopologyNodeView; id: string }>();
  private readonly unsubscribe: () => void;
  private readonly clusterOf = (nodeId: string): string | undefined => {
    const n = this.graph?.node(nodeId);
    if (!n) return undefined;
    const hit = this.clusters.get(nodeId);
    if (hit && (hit.node === n || (hit.node.layer === n.layer && hit.node.dc === n.dc && hit.node.kind === n.kind && hit.node.domain === n.domain))) return hit.id;
    // Bounded by the graph: entries of removed nodes go when the cache outgrows it.
    if (this.clusters.size > 2 * this.graph!.nodeCount + 64) this.clusters.clear();
    const id = clusterIdOf(n);
    this.clusters.set(nodeId, { node: n, id });
    return id;
  };

  constructor(
    readonly topic: string,
    private readonly book: AlarmBook,
    private readonly visibility: VisibilityIndex,
    private readonly sourceClock: Clock,
    /** Names each node's topology cluster for the per-cluster badges (none: no cluster badges). */
    private readonly graph?: TopologyGraph,
  ) {
    this.unsubscribe = book.onChange(() => {
      this.changed = true;
    });
  }

  select(audience: Audience): Map<string, AlarmsTopicEntity> {
    const visible = this.visibility.visibleNodes(audience);
    const book = this.book;
    const candidates = function* () {
      for (const a of book.open()) if (visible === 'all' || visible.has(a.resource)) yield a;
    };
    const out = new Map<string, AlarmsTopicEntity>();
    for (const a of topK(candidates(), ALARM_TOPIC_LIMIT, topicOrder)) out.set(alarmTopicIds.alarm(a.id), this.entity(a));
    return out;
  }

  get(id: string, audience: Audience): AlarmsTopicEntity | undefined {
    const a = id.startsWith('a:') ? this.book.get(id.slice(2)) : undefined;
    if (!a || a.state === 'cleared' || !this.visibility.isNodeVisible(a.resource, audience)) return undefined;
    return this.entity(a);
  }

  /** 'all': the top N can move as a whole when one alarm enters it, so every audience re-selects. */
  drain(): Iterable<string> | 'all' {
    if (!this.changed) return [];
    this.changed = false;
    return 'all';
  }

  aggregates(audience: Audience): Map<string, AlarmsTopicEntity> {
    return new Map([[alarmTopicIds.summary, this.book.tally.summary(this.visibility.visibleNodes(audience), this.graph ? this.clusterOf : undefined)]]);
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

  private entity(a: Alarm): AlarmEntity {
    let e = this.entities.get(a);
    if (!e) this.entities.set(a, (e = Object.freeze(alarmEntityOf(a))));
    return e;
  }
}

export function alarmsTopicKind(deps: { book: AlarmBook; visibility: VisibilityIndex; sourceClock: Clock; graph?: TopologyGraph }): TopicKind {
  return {
    name: 'alarms',
    match(topic) {
      const p = parseTopic(topic);
      return p && p.kind === 'alarms' && p.param === null ? { param: null } : null;
    },
    authorize(principal: Principal): AppError | null {
      return can(principal, 'alarms:read') ? null : errors.forbidden();
    },
    create(topic) {
      return new AlarmsFeed(topic, deps.book, deps.visibility, deps.sourceClock, deps.graph);
    },
  };
}
