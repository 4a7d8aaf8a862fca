import { z } from 'zod';
import type { Severity } from './alarms.js';
import { TIERS, type Tier } from './roles.js';
import { UsernameSchema } from './identity.js';

/**
 * Incidents: alarms folded along dependency edges. The deepest failed node is the root cause;
 * alarms of what depends on it within the correlation window are its symptoms. Every alarm
 * belongs to exactly one incident.
 *
 *   open ──ack──▶ acknowledged ──every member cleared──▶ resolved
 *    │                 │
 *    │                 └──a deeper root arrived──▶ merged (members moved to that incident)
 *    ├──every member cleared──▶ resolved
 *    └──a deeper root arrived──▶ merged
 *
 * Acknowledging an incident acknowledges all its members. Escalation moves `tier` 1 → 4 on the
 * policy's timers while the incident stays unacknowledged (or by hand).
 */
export type IncidentLifecycle =
  | { state: 'open' }
  | { state: 'acknowledged'; ackedBy: string; ackedAt: string }
  | { state: 'resolved'; resolvedAt: string }
  | { state: 'merged'; mergedInto: string; mergedAt: string };
export type IncidentState = IncidentLifecycle['state'];
export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved', 'merged'] as const satisfies readonly IncidentState[];

/** Default correlation window (issue #6: e.g. 5 minutes). */
export const CORRELATION_WINDOW_MS = 5 * 60_000;

export interface IncidentBase {
  id: string;
  /** The root-cause alarm and its node. */
  rootAlarmId: string;
  rootResource: string;
  /** The root alarm's summary, for lists. */
  title: string;
  /** Worst severity among members that are not cleared (the root's when all are). */
  severity: Severity;
  /** Members, and how many of them are not cleared. */
  alarmCount: number;
  openCount: number;
  /** Source time, UTC ISO. */
  openedAt: string;
  updatedAt: string;
  tier: Tier;
  assignee: string | null;
  /** The escalation policy that applies, and when the next automatic step is due (source time). */
  policyId: string | null;
  nextEscalationAt: string | null;
  /** Every member is suppressed by a silence or maintenance window. */
  suppressed: boolean;
}
export type Incident = IncidentBase & IncidentLifecycle;

export function isOpenIncident(i: Pick<Incident, 'state'>): boolean {
  return i.state === 'open' || i.state === 'acknowledged';
}

export const TIMELINE_KINDS = [
  'opened',
  'alarm-joined',
  're-rooted',
  'merged',
  'acknowledged',
  'assigned',
  'escalated',
  'commented',
  'notified',
  'resolved',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One entry of an incident's timeline; `messageKey` + `params` render in the reader's locale. */
export interface TimelineEntry {
  id: string;
  incidentId: string;
  kind: TimelineKind;
  /** Username, `system`, `escalation`. */
  by: string;
  /** Source time, UTC ISO. */
  at: string;
  comment: string | null;
  details: Record<string, unknown> | null;
}

export const TierSchema = z.union(TIERS.map((t) => z.literal(t)));

/**
 * An escalation policy: which incidents it covers (a tenant's, one business system's, or the
 * default with both null) and after how many minutes unacknowledged each tier is reached.
 */
export const EscalationPolicySpecSchema = z.strictObject({
  name: z.string().min(1).max(200),
  tenant: z.string().min(2).max(64).nullable().default(null),
  /** A business-system node id; incidents whose root or members reach it match. */
  service: z.string().min(1).max(200).nullable().default(null),
  steps: z
    .array(z.strictObject({ tier: TierSchema, afterMinutes: z.number().int().min(0).max(7 * 24 * 60) }))
    .min(1)
    .max(4)
    .refine((s) => s.every((x, i) => i === 0 || (x.tier > s[i - 1]!.tier && x.afterMinutes > s[i - 1]!.afterMinutes)), 'tiers and times must rise'),
  /** Notification channel ids told at each step. */
  channels: z.array(z.string().min(1).max(64)).max(10).default([]),
  /** Only incidents at or above this severity page anyone. */
  minSeverity: z.enum(['critical', 'major', 'minor', 'warning', 'info']).default('major'),
});
export type EscalationPolicySpec = z.output<typeof EscalationPolicySpecSchema>;
export type EscalationPolicy = EscalationPolicySpec & { id: string; updatedBy: string; updatedAt: string };

/** Who is on duty: the SRE duty manager (值班经理) and each tier's people. */
export const OnCallScheduleSchema = z.strictObject({
  dutyManager: UsernameSchema.nullable(),
  tiers: z.strictObject({
    1: z.array(UsernameSchema).max(50),
    2: z.array(UsernameSchema).max(50),
    3: z.array(UsernameSchema).max(50),
    4: z.array(UsernameSchema).max(50),
  }),
});
export type OnCallSchedule = z.output<typeof OnCallScheduleSchema>;

/** The default policy a fresh store starts with: tier 2 after 10 min, 3 after 30, 4 after 60. */
export const DEFAULT_ESCALATION_STEPS: EscalationPolicySpec['steps'] = [
  { tier: 1, afterMinutes: 0 },
  { tier: 2, afterMinutes: 10 },
  { tier: 3, afterMinutes: 30 },
  { tier: 4, afterMinutes: 60 },
];
