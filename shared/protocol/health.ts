import { z } from 'zod';
import { MAX_PAGE } from './api.js';
import { FACTOR_KINDS, HEALTH_MESSAGES, SLA_PERIODS, type HealthScore, type HealthStatus } from '../domain/health.js';
import { DOMAINS, LAYERS, STATUSES, type BusinessDomain, type Layer } from '../domain/topology.js';

/**
 * REST and stream shapes of the health score (issue #7). Domain rules and message templates live
 * in `shared/domain/health.ts`.
 */

/**
 * `scope` of `GET /api/v1/health/scores`:
 * - `domains`: the B/O/M domain scores (weighted mean of the audience's business systems);
 * - `business`: business systems; `components`: every platform component (not business);
 * - `paas` | `iaas` | `physical`: one layer.
 * Items come worst first (score, then id); the cursor continues after the last item.
 */
export const HEALTH_SCOPES = ['domains', 'business', 'components', 'paas', 'iaas', 'physical'] as const;
export type HealthScope = (typeof HEALTH_SCOPES)[number];

export const HealthScoresQuerySchema = z.strictObject({
  scope: z.enum(HEALTH_SCOPES).default('business').describe('domains | business | components | paas | iaas | physical'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  cursor: z.string().min(1).max(300).optional(),
});
export type HealthScoresQuery = z.output<typeof HealthScoresQuerySchema>;

export const HealthNodeParamsSchema = z.strictObject({ nodeId: z.string().min(1).max(200) });

const messageKeys = Object.keys(HEALTH_MESSAGES) as [keyof typeof HEALTH_MESSAGES, ...(keyof typeof HEALTH_MESSAGES)[]];
export const HealthCauseSchema = z.object({
  kind: z.enum(FACTOR_KINDS),
  messageKey: z.enum(messageKeys),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Points of the loss this factor explains (a cause: in its own node's terms). */
  impact: z.number(),
  node: z.string().optional(),
});
export const HealthFactorSchema = HealthCauseSchema.extend({ causes: z.array(HealthCauseSchema).optional() });

export const HealthScoreSchema = z.object({
  /** A node id, or `domain:B` | `domain:O` | `domain:M`. */
  nodeId: z.string(),
  score: z.number(),
  status: z.enum(STATUSES),
  confidence: z.number(),
  factors: z.array(HealthFactorSchema),
  name: z.string().optional(),
  kind: z.string().optional(),
  layer: z.enum(LAYERS).optional(),
  domain: z.enum(DOMAINS).nullable().optional(),
});
export const HealthScoresResponseSchema = z.object({ items: z.array(HealthScoreSchema), nextCursor: z.string().nullable() });

export const SlaQuerySchema = z.strictObject({
  /** A business system; omitted = every business system the caller sees. */
  node: z.string().min(1).max(200).optional(),
  period: z.enum(Object.keys(SLA_PERIODS) as ['day', 'week', 'month']).default('day').describe('day = last 24 h, week = last 7 days, month = last 30 days'),
});

export const SlaFigureSchema = z.object({
  node: z.string(),
  name: z.string(),
  /** Target availability, percent. */
  target: z.number(),
  /** Percent, three decimals; null while no minute of the period was observed. */
  availability: z.number().nullable(),
  observedMinutes: z.number().int(),
  downMinutes: z.number().int(),
  /** Down minutes the target allows over the observed minutes, and what is left of them. */
  allowedDownMinutes: z.number(),
  budgetLeftMinutes: z.number(),
  met: z.boolean().nullable(),
});
export type SlaFigure = z.infer<typeof SlaFigureSchema>;
export const SlaResponseSchema = z.object({
  period: z.enum(['day', 'week', 'month']),
  /** The rolling window, UTC ISO, whole minutes of source time. */
  from: z.string(),
  to: z.string(),
  items: z.array(SlaFigureSchema),
});

// ── the `health` topic ─────────────────────────────────────────────────────────────────────
/**
 * Per audience and bounded: the B/O/M domain scores `d:<B|O|M>`, every visible business system
 * and the worst HEALTH_TOPIC_COMPONENTS components below 100 as `n:<nodeId>`, and `summary`.
 * The board pages the rest over REST.
 */
export const HEALTH_TOPIC_COMPONENTS = 200;
export const healthIds = {
  domain: (d: BusinessDomain) => `d:${d}`,
  node: (id: string) => `n:${id}`,
  summary: 'summary',
} as const;

export type HealthNodeEntity = { type: 'health'; name: string; kind: string; layer: Layer; domain: BusinessDomain | null } & HealthScore;
export type HealthDomainEntity = { type: 'health-domain'; domain: BusinessDomain; systems: number } & HealthScore;
export interface HealthSummaryEntity {
  type: 'health-summary';
  /** Components (all visible nodes) per health status. */
  byStatus: Record<HealthStatus, number>;
  /** Visible nodes, and how many of them are below 100. */
  nodes: number;
  degraded: number;
}
export type HealthTopicEntity = HealthNodeEntity | HealthDomainEntity | HealthSummaryEntity;
