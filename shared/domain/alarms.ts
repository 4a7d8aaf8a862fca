import { z } from 'zod';

/**
 * Alarm severities, worst first (紧急 / 重要 / 次要 / 警告 / 提示). The wall never shows a
 * severity by colour alone: every place that paints one also prints its label or glyph.
 */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SeveritySchema = z.enum(SEVERITIES);

/** Higher is worse; for sorting, "worst of" and the sound player's threshold. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, major: 3, minor: 2, warning: 1, info: 0 };

export function worseSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** Severities that ring the control-room sound while their incident is unacknowledged. */
export const AUDIBLE_SEVERITIES: readonly Severity[] = ['critical', 'major'];

export function emptySeverityCounts(): Record<Severity, number> {
  return { critical: 0, major: 0, minor: 0, warning: 0, info: 0 };
}

const token = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:\-]+$/, 'letters, digits and . _ : - only');
const nodeId = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:\-]+$/, 'letters, digits and . _ : - only');
export const LabelsSchema = z
  .record(z.string().min(1).max(64), z.string().max(200))
  .refine((l) => Object.keys(l).length <= 32, 'at most 32 labels');

/**
 * One event as a source pushes it (`POST /api/v1/events`, the simulator, rule evaluation).
 * `fingerprint` defaults to `source|resource|type`: events with the same fingerprint are one
 * alarm (dedup). `status: 'resolved'` clears the alarm with that fingerprint, the way
 * Alertmanager's resolved notifications do. `occurredAt` far from source time is clamped to it
 * and the alarm is flagged `clamped`.
 */
export const EventSchema = z.strictObject({
  resource: nodeId,
  type: token,
  severity: SeveritySchema,
  summary: z.string().min(1).max(500),
  source: token,
  fingerprint: z.string().min(1).max(200).optional(),
  labels: LabelsSchema.optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
});
export type AlarmEvent = z.output<typeof EventSchema>;
export type AlarmEventInput = z.input<typeof EventSchema>;

export function defaultFingerprint(e: Pick<AlarmEvent, 'source' | 'resource' | 'type'>): string {
  return `${e.source}|${e.resource}|${e.type}`;
}

/** How an event's `occurredAt` may differ from source time before it is clamped. */
export const MAX_EVENT_SKEW_MS = 5 * 60_000;

/**
 * The alarm lifecycle. Each step records who, when and an optional comment (AlarmStep).
 *
 *   event/rule ──▶ active ──ack──▶ acknowledged
 *                    │                 │
 *                    └──clear──▶ cleared ◀──clear (rule back under its hysteresis,
 *                                               a `resolved` event, or a person)
 *
 * Cleared is final: the same fingerprint firing again raises a new alarm (new id), and the
 * fingerprint's raise history feeds flapping detection.
 */
export type AlarmLifecycle =
  | { state: 'active' }
  | { state: 'acknowledged'; ackedBy: string; ackedAt: string }
  | { state: 'cleared'; clearedBy: string; clearedAt: string; ackedBy: string | null; ackedAt: string | null };
export type AlarmState = AlarmLifecycle['state'];
export const ALARM_STATES = ['active', 'acknowledged', 'cleared'] as const satisfies readonly AlarmState[];

/** Where an alarm came from: a pushed or simulated event, or a threshold rule at a version. */
export type AlarmOrigin = { kind: 'event' } | { kind: 'rule'; ruleId: string; version: number };

export interface AlarmBase {
  id: string;
  fingerprint: string;
  /** The node the alarm is about; visibility follows the node's. */
  resource: string;
  type: string;
  severity: Severity;
  summary: string;
  source: string;
  labels: Record<string, string>;
  origin: AlarmOrigin;
  /** Events folded into this alarm (dedup). */
  count: number;
  /** Source time, UTC ISO. */
  firstSeen: string;
  lastSeen: string;
  /** The incident holding it; every alarm belongs to exactly one once correlation ran. */
  incidentId: string | null;
  assignee: string | null;
  /** Raised and cleared too often within the flapping window (see FLAPPING). */
  flapping: boolean;
  /** The silence or maintenance window that suppresses it; suppressed alarms are still stored. */
  suppressedBy: string | null;
  /** An `occurredAt` was too far from source time and was clamped. */
  clamped: boolean;
}
export type Alarm = AlarmBase & AlarmLifecycle;

/** Flapping: this many raises of one fingerprint within the window. */
export const FLAPPING = { raises: 5, windowMs: 10 * 60_000 } as const;

export const ALARM_STEP_KINDS = ['raised', 'severity', 'acknowledged', 'cleared', 'commented', 'assigned', 'flapping'] as const;
export type AlarmStepKind = (typeof ALARM_STEP_KINDS)[number];

/** One entry of an alarm's history. */
export interface AlarmStep {
  alarmId: string;
  kind: AlarmStepKind;
  /** Username, `system`, `rule:<id>` or `apikey:<id>`. */
  by: string;
  at: string;
  comment: string | null;
  /** E.g. `{from: 'minor', to: 'major'}` for a severity step, `{assignee}` for an assignment. */
  details: Record<string, unknown> | null;
}

/** Is this alarm still asking for attention (not cleared)? */
export function isOpenAlarm(a: Pick<Alarm, 'state'>): boolean {
  return a.state !== 'cleared';
}
