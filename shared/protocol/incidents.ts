import { z } from 'zod';
import { SEVERITIES } from '../domain/alarms.js';
import {
  EscalationPolicySpecSchema,
  OnCallScheduleSchema,
  TIMELINE_KINDS,
  TierSchema,
  type EscalationPolicySpec,
  type Incident,
} from '../domain/incidents.js';
import type { Tier } from '../domain/roles.js';

/**
 * Response shapes of the incident routes (they document `openapi.json`; requests are validated
 * with the schemas in `alarms.ts` and `../domain/incidents.ts`). The domain types are the
 * interfaces in `../domain/incidents.ts`; these schemas describe the same JSON.
 */
const severity = z.enum(SEVERITIES);

const IncidentBaseSchema = z.object({
  id: z.string(),
  rootAlarmId: z.string(),
  rootResource: z.string(),
  title: z.string(),
  severity,
  alarmCount: z.number().int(),
  openCount: z.number().int(),
  openedAt: z.string(),
  updatedAt: z.string(),
  tier: TierSchema,
  assignee: z.string().nullable(),
  policyId: z.string().nullable(),
  nextEscalationAt: z.string().nullable(),
  suppressed: z.boolean(),
});

export const IncidentSchema = z.discriminatedUnion('state', [
  IncidentBaseSchema.extend({ state: z.literal('open') }),
  IncidentBaseSchema.extend({ state: z.literal('acknowledged'), ackedBy: z.string(), ackedAt: z.string() }),
  IncidentBaseSchema.extend({ state: z.literal('resolved'), resolvedAt: z.string() }),
  IncidentBaseSchema.extend({ state: z.literal('merged'), mergedInto: z.string(), mergedAt: z.string() }),
]);

export const TimelineEntrySchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  by: z.string(),
  at: z.string(),
  comment: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

/** Alarms are documented by the alarms routes; here they are the contract's `Alarm` objects. */
export const IncidentDetailSchema = z.object({
  incident: IncidentSchema,
  alarms: z.array(z.record(z.string(), z.unknown())),
  timeline: z.array(TimelineEntrySchema),
});

/** Bounds of `GET /api/v1/incidents/:id`: members (root first) and the latest timeline entries. */
export const INCIDENT_DETAIL_ALARMS = 200;
export const INCIDENT_DETAIL_TIMELINE = 500;

export const EscalationPolicySchema = EscalationPolicySpecSchema.extend({
  id: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const OnCallResponseSchema = OnCallScheduleSchema.extend({
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** The id of the policy a fresh store starts with (DEFAULT_ESCALATION_STEPS); it cannot be deleted. */
export const DEFAULT_POLICY_ID = 'default';

/** What a notification channel is told at each escalation step (the webhook's JSON body). */
export interface NotificationPayload {
  incident: Incident;
  tier: Tier;
  /** The policy step that fired, or null for an escalation by hand. */
  step: EscalationPolicySpec['steps'][number] | null;
  /** The tier's people from the on-call schedule, and the duty manager. */
  people: string[];
  dutyManager: string | null;
  by: string;
}
