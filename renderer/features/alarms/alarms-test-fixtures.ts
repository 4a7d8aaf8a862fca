// Contract-shaped alarms, incidents and summaries, and a fake stream client, for the alarms
// tests (used only by *.test.ts).
import { emptySeverityCounts, type Alarm, type Severity } from '../../../shared/domain/alarms';
import type { Incident } from '../../../shared/domain/incidents';
import { alarmEntityOf, type AlarmEntity, type AlarmSummaryEntity, type IncidentEntity, type IncidentSummaryEntity } from '../../../shared/protocol/alarms';
import type { StreamClient, TopicEvent, TopicListener, TopicState } from '../../services/socket';

export function alarm(id: string, over: Partial<Alarm> = {}): AlarmEntity {
  return alarmEntityOf({
    type: 'array-failure',
    id,
    fingerprint: `sim|${id}|down`,
    resource: `node-${id}`,
    severity: 'major',
    summary: `alarm ${id}`,
    source: 'sim',
    labels: {},
    origin: { kind: 'event' },
    count: 1,
    firstSeen: '2025-01-01T00:00:00.000Z',
    lastSeen: '2025-01-01T00:01:00.000Z',
    incidentId: null,
    assignee: null,
    flapping: false,
    suppressedBy: null,
    clamped: false,
    state: 'active',
    ...over,
  } as Alarm);
}

export function incident(id: string, over: Partial<Incident> = {}): IncidentEntity {
  return {
    type: 'incident',
    id,
    rootAlarmId: `${id}-root`,
    rootResource: `node-${id}-root`,
    title: `incident ${id}`,
    severity: 'critical',
    alarmCount: 1,
    openCount: 1,
    openedAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:01:00.000Z',
    tier: 1,
    assignee: null,
    policyId: null,
    nextEscalationAt: null,
    suppressed: false,
    state: 'open',
    ...over,
  } as IncidentEntity;
}

export function counts(over: Partial<Record<Severity, number>> = {}): Record<Severity, number> {
  return { ...emptySeverityCounts(), ...over };
}

export function alarmSummary(over: Partial<AlarmSummaryEntity> = {}): AlarmSummaryEntity {
  return { type: 'alarm-summary', bySeverity: counts(), unacknowledged: counts(), suppressed: 0, flapping: 0, byNode: {}, byCluster: {}, ...over };
}

export function incidentSummary(over: Partial<IncidentSummaryEntity> = {}): IncidentSummaryEntity {
  return { type: 'incident-summary', bySeverity: counts(), unacknowledged: counts(), byTier: { 1: 0, 2: 0, 3: 0, 4: 0 }, ...over };
}

/** Plays snapshots and deltas to subscribers the way services/socket.ts does. */
export class FakeStream {
  readonly listeners = new Map<string, Set<TopicListener<unknown>>>();
  private readonly states = new Map<string, TopicState>();

  subscribe<E>(topic: string, listener: TopicListener<E>): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    set.add(listener as TopicListener<unknown>);
    return () => {
      set.delete(listener as TopicListener<unknown>);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  get topics(): string[] {
    return [...this.listeners.keys()].sort();
  }

  snapshot(topic: string, entities: Record<string, unknown>, opts: { complete?: boolean; total?: number } = {}): void {
    const state: TopicState = {
      topic,
      entities: { ...entities },
      epoch: 'e1',
      seq: 1,
      complete: opts.complete ?? true,
      total: opts.total ?? Object.keys(entities).length,
      at: '2025-01-01T00:00:00.000Z',
    };
    this.states.set(topic, state);
    this.emit(topic, { kind: 'snapshot', state });
  }

  delta(topic: string, upserts: Record<string, unknown>, removes: string[] = []): void {
    const state = this.states.get(topic);
    if (!state) throw new Error(`no snapshot for ${topic}`);
    const previous: Record<string, unknown> = {};
    for (const k of [...Object.keys(upserts), ...removes]) previous[k] = state.entities[k];
    for (const k of removes) delete state.entities[k];
    Object.assign(state.entities, upserts);
    state.seq++;
    this.emit(topic, { kind: 'delta', state, delta: { topic, epoch: state.epoch, seq: state.seq, at: state.at, changes: { upserts, removes } }, previous });
  }

  asClient(): StreamClient {
    return this as unknown as StreamClient;
  }

  private emit(topic: string, ev: TopicEvent<unknown>): void {
    for (const l of this.listeners.get(topic) ?? []) l(ev);
  }
}
