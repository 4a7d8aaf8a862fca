import { SEVERITY_RANK, type Alarm } from '../../../shared/domain/alarms';
import type { Incident } from '../../../shared/domain/incidents';
import type {
  AlarmSummaryEntity,
  AlarmsTopicEntity,
  IncidentSummaryEntity,
  IncidentsTopicEntity,
} from '../../../shared/protocol/alarms';
import { ALARM_TOPIC_LIMIT, INCIDENT_TOPIC_LIMIT, alarmOfEntity } from '../../../shared/protocol/alarms';

/**
 * Pure folding of the `alarms` and `incidents` topics into what the board draws. The topics are
 * bounded by the server (counts plus the most severe N); the console caps them again, so a
 * misbehaving server can never grow a wall's memory.
 */

/** Alarms paged over REST beyond the topic's bounded set, at most. */
export const MAX_PAGED_ALARMS = 5_000;

const stateRank = (s: Alarm['state'] | Incident['state']) => (s === 'active' || s === 'open' ? 2 : s === 'acknowledged' ? 1 : 0);

/** Worst first: severity, then unacknowledged before acknowledged, then most recent, then id (stable). */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    stateRank(b.state) - stateRank(a.state) ||
    (b.lastSeen < a.lastSeen ? -1 : b.lastSeen > a.lastSeen ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function compareIncidents(a: Incident, b: Incident): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    stateRank(b.state) - stateRank(a.state) ||
    (b.openedAt < a.openedAt ? -1 : b.openedAt > a.openedAt ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export interface AlarmTopicFold {
  summary: AlarmSummaryEntity | null;
  alarms: Alarm[];
}

export interface IncidentTopicFold {
  summary: IncidentSummaryEntity | null;
  incidents: Incident[];
}

/** The `alarms` topic's entities as a summary and a worst-first list of at most `cap` alarms. */
export function foldAlarmTopic(entities: Record<string, AlarmsTopicEntity>, cap = ALARM_TOPIC_LIMIT): AlarmTopicFold {
  let summary: AlarmSummaryEntity | null = null;
  const alarms: Alarm[] = [];
  for (const e of Object.values(entities)) {
    if (e.type === 'alarm-summary') summary = e;
    // The entity's `type` is the topic discriminator; the alarm's own type travels as `eventType`.
    else if (e.type === 'alarm') alarms.push(alarmOfEntity(e));
  }
  alarms.sort(compareAlarms);
  if (alarms.length > cap) alarms.length = cap;
  return { summary, alarms };
}

export function foldIncidentTopic(entities: Record<string, IncidentsTopicEntity>, cap = INCIDENT_TOPIC_LIMIT): IncidentTopicFold {
  let summary: IncidentSummaryEntity | null = null;
  const incidents: Incident[] = [];
  for (const e of Object.values(entities)) {
    if (e.type === 'incident-summary') summary = e;
    else if (e.type === 'incident') incidents.push(e);
  }
  incidents.sort(compareIncidents);
  if (incidents.length > cap) incidents.length = cap;
  return { summary, incidents };
}

/** Did a delta touch entities of this prefix (`a:` or `i:`)? When not, the list need not be rebuilt. */
export function touches(changes: { upserts: Record<string, unknown>; removes: string[] }, prefix: string): boolean {
  for (const k in changes.upserts) if (k.startsWith(prefix)) return true;
  return changes.removes.some((k) => k.startsWith(prefix));
}

/**
 * The live (bounded) alarms plus those paged over REST: the live copy wins for an id both hold,
 * cleared alarms drop out, and the result is worst first and capped.
 */
export function mergeAlarms(live: readonly Alarm[], paged: readonly Alarm[], cap = ALARM_TOPIC_LIMIT + MAX_PAGED_ALARMS): Alarm[] {
  if (paged.length === 0) return live.slice(0, cap);
  const byId = new Map<string, Alarm>();
  for (const a of paged) if (a.state !== 'cleared') byId.set(a.id, a);
  for (const a of live) byId.set(a.id, a);
  const out = [...byId.values()].sort(compareAlarms);
  if (out.length > cap) out.length = cap;
  return out;
}

/** Appends a REST page to what was paged before, without duplicates, capped. */
export function appendPage(paged: readonly Alarm[], page: readonly Alarm[], cap = MAX_PAGED_ALARMS): Alarm[] {
  const seen = new Set(paged.map((a) => a.id));
  const out = paged.slice();
  for (const a of page) {
    if (out.length >= cap) break;
    if (!seen.has(a.id)) {
      seen.add(a.id);
      out.push(a);
    }
  }
  return out;
}
