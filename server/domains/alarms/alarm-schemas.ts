import { z } from 'zod';
import { ALARM_STATES, ALARM_STEP_KINDS, SEVERITIES } from '../../../shared/domain/alarms.js';
import { RuleIdSchema } from '../../../shared/domain/alarm-rules.js';
import { pageOf } from '../../../shared/protocol/api.js';

/**
 * Response shapes of the alarms routes, for the OpenAPI document (requests are validated with
 * the contract's schemas in shared/). They describe the domain types of shared/domain/alarms.ts.
 */
export const AlarmSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  resource: z.string(),
  type: z.string(),
  severity: z.enum(SEVERITIES),
  summary: z.string(),
  source: z.string(),
  labels: z.record(z.string(), z.string()),
  origin: z.union([z.object({ kind: z.literal('event') }), z.object({ kind: z.literal('rule'), ruleId: z.string(), version: z.number().int() })]),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  incidentId: z.string().nullable(),
  assignee: z.string().nullable(),
  flapping: z.boolean(),
  suppressedBy: z.string().nullable(),
  clamped: z.boolean(),
  state: z.enum(ALARM_STATES),
  ackedBy: z.string().nullable().optional(),
  ackedAt: z.string().nullable().optional(),
  clearedBy: z.string().optional(),
  clearedAt: z.string().optional(),
});

export const AlarmStepSchema = z.object({
  alarmId: z.string(),
  kind: z.enum(ALARM_STEP_KINDS),
  by: z.string(),
  at: z.string(),
  comment: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const AlarmDetailSchema = z.object({ alarm: AlarmSchema, history: z.array(AlarmStepSchema) });
export const AlarmPageSchema = pageOf(AlarmSchema);

// ── rules ───────────────────────────────────────────────────────────────────────────────────
/** A stored rule: its spec plus id, version, who and when (wall time). */
export const AlarmRuleSchema = z.looseObject({
  id: z.string(),
  version: z.number().int(),
  kind: z.enum(['threshold', 'absence']),
  name: z.string(),
  enabled: z.boolean(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export const AlarmRulePageSchema = pageOf(AlarmRuleSchema);
export const AlarmRuleVersionsSchema = pageOf(AlarmRuleSchema);

export const RuleParamsSchema = z.strictObject({ id: RuleIdSchema });
export const RuleListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(200).optional(),
});

// ── silences ────────────────────────────────────────────────────────────────────────────────
export const SilenceSchema = z.object({
  id: z.string(),
  kind: z.enum(['silence', 'maintenance']),
  labels: z.record(z.string(), z.string()).nullable(),
  nodes: z.array(z.string()).nullable(),
  tenant: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  state: z.enum(['pending', 'active', 'expired']),
});
export const SilencePageSchema = pageOf(SilenceSchema);
export const SilenceListQuerySchema = z.strictObject({
  /** Comma-separated; default every state. */
  state: z
    .string()
    .max(100)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(['pending', 'active', 'expired'])).min(1))
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).max(200).optional(),
});

export const NoQuerySchema = z.strictObject({});
