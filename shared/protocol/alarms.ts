import { z } from 'zod';
import { MAX_BATCH } from './api.js';
import { ALARM_STATES, EventSchema, SEVERITIES, type Alarm, type AlarmStep, type Severity } from '../domain/alarms.js';
import { INCIDENT_STATES, TierSchema, type Incident, type TimelineEntry } from '../domain/incidents.js';
import { UsernameSchema } from '../domain/identity.js';

/**
 * REST and stream shapes of alarms and incidents, shared by the aggregator and the console.
 * Domain types live in `shared/domain/alarms.ts` and `incidents.ts`.
 */

// ── events ──────────────────────────────────────────────────────────────────────────────────
/** `POST /api/v1/events`: one event or an array of at most 1,000. */
export const EventsRequestSchema = z.union([EventSchema, z.array(EventSchema).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} events per batch`)]);

export const EventsResponseSchema = z.object({
  /** Events queued for processing (202). */
  accepted: z.number().int(),
  /** Events whose resource is unknown or not writable by this credential. */
  rejected: z.number().int(),
  /** Events whose `occurredAt` was clamped to source time. */
  clamped: z.number().int(),
  errors: z.array(z.object({ index: z.number().int(), reason: z.enum(['unknown_node']) })),
});
export type EventsResponse = z.infer<typeof EventsResponseSchema>;

// ── alarms ──────────────────────────────────────────────────────────────────────────────────
const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

export const AlarmListQuerySchema = z.strictObject({
  /** Comma-separated; default every state but cleared. */
  state: csv(ALARM_STATES).optional(),
  severity: csv(SEVERITIES).optional(),
  resource: z.string().min(1).max(200).optional(),
  incident: z.string().min(1).max(64).optional(),
  /** Source-time range on lastSeen, UTC ISO. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Include alarms a silence or maintenance window suppresses (default true: they are shown, marked). */
  suppressed: z.enum(['include', 'exclude', 'only']).default('include'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
export type AlarmListQuery = z.output<typeof AlarmListQuerySchema>;

/** Comments are optional on ack and clear, required on comment. */
export const AlarmActionSchema = z.strictObject({ comment: z.string().min(1).max(2000).optional() });
export const CommentSchema = z.strictObject({ comment: z.string().min(1).max(2000) });
export const AssignSchema = z.strictObject({ assignee: UsernameSchema.nullable(), comment: z.string().min(1).max(2000).optional() });
export const EscalateSchema = z.strictObject({
  /** Default: the next tier. Setting a lower tier needs `incidents:dispatch`. */
  tier: TierSchema.optional(),
  comment: z.string().min(1).max(2000).optional(),
});

export const IdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

// ── incidents ───────────────────────────────────────────────────────────────────────────────
export const IncidentListQuerySchema = z.strictObject({
  /** Comma-separated; default open and acknowledged. */
  state: csv(INCIDENT_STATES).optional(),
  severity: csv(SEVERITIES).optional(),
  /** A node id: incidents rooted at it or holding an alarm on it. */
  resource: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
export type IncidentListQuery = z.output<typeof IncidentListQuerySchema>;

export interface AlarmDetail {
  alarm: Alarm;
  history: AlarmStep[];
}

export interface IncidentDetail {
  incident: Incident;
  /** Root first, then by severity; bounded, the rest paged at `/alarms?incident=`. */
  alarms: Alarm[];
  timeline: TimelineEntry[];
}

// ── the `alarms` and `incidents` topics ───────────────────────────────────────────────────
/**
 * Both topics snapshot in bounded form: the audience's counts plus the most severe N open
 * items; the board pages the rest over REST. Ids: `a:<alarmId>`, `i:<incidentId>`, `summary`.
 */
export const ALARM_TOPIC_LIMIT = 500;
export const INCIDENT_TOPIC_LIMIT = 200;

export const alarmTopicIds = {
  alarm: (id: string) => `a:${id}`,
  incident: (id: string) => `i:${id}`,
  summary: 'summary',
} as const;

/**
 * An alarm in the topic. `type` is the entity discriminator shared by every topic, so the
 * alarm's own `type` (the event type, e.g. `array-failure`) travels as `eventType`; use
 * `alarmOfEntity` to get the Alarm back.
 */
export type AlarmEntity = DistributiveOmit<Alarm, 'type'> & { type: 'alarm'; eventType: string };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function alarmEntityOf(a: Alarm): AlarmEntity {
  return { ...a, type: 'alarm', eventType: a.type };
}

export function alarmOfEntity(e: AlarmEntity): Alarm {
  const { eventType, ...rest } = e;
  return { ...rest, type: eventType } as Alarm;
}
export interface AlarmSummaryEntity {
  type: 'alarm-summary';
  /** Not cleared, by severity (suppressed ones counted apart). */
  bySeverity: Record<Severity, number>;
  /** Of those, not yet acknowledged. */
  unacknowledged: Record<Severity, number>;
  suppressed: number;
  flapping: number;
  /** Worst open severity per node, for badges (only nodes with an open alarm; bounded). */
  byNode: Record<string, { severity: Severity; count: number }>;
  /**
   * Worst open (unsuppressed) severity and count of open alarms per topology cluster, keyed by
   * the `topology` topic's cluster ids (kind × data center; business systems by domain), over
   * every node the audience sees (not only the badged ones): bounded by the number of clusters.
   */
  byCluster: Record<string, { severity: Severity; count: number }>;
}
export type AlarmsTopicEntity = AlarmEntity | AlarmSummaryEntity;

export type IncidentEntity = { type: 'incident' } & Incident;
export interface IncidentSummaryEntity {
  type: 'incident-summary';
  /** Open or acknowledged, by severity. */
  bySeverity: Record<Severity, number>;
  /** Open and not acknowledged (not suppressed), by severity: drives the control-room sound. */
  unacknowledged: Record<Severity, number>;
  byTier: Record<'1' | '2' | '3' | '4', number>;
}
export type IncidentsTopicEntity = IncidentEntity | IncidentSummaryEntity;

/** Badges per node are capped so the summary stays small in a storm (worst first). */
export const BADGE_NODE_LIMIT = 2000;
