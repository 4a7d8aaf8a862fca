import { z } from 'zod';
import { SEVERITY_RANK, SeveritySchema, type Severity } from './alarms.js';

/**
 * Alarm rules: what the aggregator watches on its own, without a source pushing events. Rules
 * are data, stored and versioned at `/api/v1/rules` (tier 3–4 operators and admins edit them);
 * the defaults below seed a fresh store. The health score reads the same rules.
 *
 * Kinds are a registry on the server (rule-kinds): `threshold` compares a metric's latest value
 * to levels with hysteresis; `absence` raises when a node stops reporting.
 */
const ruleId = z.string().min(2).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -');
const metric = z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case');

export const RuleLevelSchema = z.strictObject({ severity: SeveritySchema, value: z.number().finite() });
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

const common = {
  name: z.string().min(1).max(200),
  /** Node kinds the rule applies to (e.g. `RD`, `disk-array`); null = every kind. */
  nodeKinds: z.array(z.string().min(1).max(64)).min(1).max(100).nullable().default(null),
  enabled: z.boolean().default(true),
};

const thresholdShape = {
  kind: z.literal('threshold'),
  ...common,
  metric,
  /** 'above': higher is worse; 'below': lower is worse (free space, hit ratio, `up`). */
  direction: z.enum(['above', 'below']),
  /** One value per severity; the worst crossed level sets the alarm's severity. */
  levels: z.array(RuleLevelSchema).min(1).max(5),
  /**
   * How far back across a level the value must come before the alarm clears or steps down
   * (absolute, in the metric's unit), so a value hovering at the line does not flap.
   */
  hysteresis: z.number().finite().nonnegative(),
};

/** The level checks every threshold spec shape gets (plain, create, update). */
function levelChecks<T extends z.ZodType<{ levels: RuleLevel[]; direction: 'above' | 'below' }>>(schema: T): T {
  return schema
    .refine((r) => new Set(r.levels.map((l) => l.severity)).size === r.levels.length, 'one level per severity')
    .refine((r) => levelsOrdered(r.levels, r.direction), 'worse severities need values further in the rule direction');
}

export const ThresholdRuleSpecSchema = levelChecks(z.strictObject(thresholdShape));

const absenceShape = {
  kind: z.literal('absence'),
  ...common,
  severity: SeveritySchema,
  /** Source-time ms without a sample before the alarm fires (at least the silence interval). */
  forMs: z.number().int().min(1000).max(24 * 3_600_000),
};
export const AbsenceRuleSpecSchema = z.strictObject(absenceShape);

export const RuleSpecSchema = z.union([ThresholdRuleSpecSchema, AbsenceRuleSpecSchema]);

/** `POST /api/v1/rules`: a spec plus the id to create it under. */
export const RuleCreateSchema = z.union([
  levelChecks(z.strictObject({ id: ruleId, ...thresholdShape })),
  z.strictObject({ id: ruleId, ...absenceShape }),
]);

/**
 * `PUT /api/v1/rules/:id`: the whole new spec (a new version); with `expectedVersion`, the edit
 * is refused with 409 unless the rule is still at that version (no lost updates).
 */
const expectedVersion = z.number().int().min(1).optional();
export const RuleUpdateSchema = z.union([
  levelChecks(z.strictObject({ expectedVersion, ...thresholdShape })),
  z.strictObject({ expectedVersion, ...absenceShape }),
]);
export type ThresholdRuleSpec = z.output<typeof ThresholdRuleSpecSchema>;
export type AbsenceRuleSpec = z.output<typeof AbsenceRuleSpecSchema>;
export type RuleSpec = z.output<typeof RuleSpecSchema>;

/** A stored rule: its spec plus identity and version (every edit bumps `version`, old ones kept). */
export type AlarmRule = RuleSpec & {
  id: string;
  version: number;
  updatedBy: string;
  /** Wall time, UTC ISO. */
  updatedAt: string;
};

export const RuleIdSchema = ruleId;

function levelsOrdered(levels: readonly RuleLevel[], direction: 'above' | 'below'): boolean {
  const sorted = [...levels].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!.value;
    const cur = sorted[i]!.value;
    if (direction === 'above' ? cur < prev : cur > prev) return false;
  }
  return true;
}

/** The worst level a value crosses, or null. */
export function crossedLevel(rule: Pick<ThresholdRuleSpec, 'levels' | 'direction'>, v: number): Severity | null {
  let worst: Severity | null = null;
  for (const l of rule.levels) {
    const crossed = rule.direction === 'above' ? v >= l.value : v <= l.value;
    if (crossed && (worst === null || SEVERITY_RANK[l.severity] > SEVERITY_RANK[worst])) worst = l.severity;
  }
  return worst;
}

const threshold = (
  id: string,
  name: string,
  metricName: string,
  direction: 'above' | 'below',
  levels: [Severity, number][],
  hysteresis: number,
  nodeKinds: string[] | null = null,
): { id: string } & ThresholdRuleSpec => ({
  id,
  kind: 'threshold',
  name,
  nodeKinds,
  enabled: true,
  metric: metricName,
  direction,
  levels: levels.map(([severity, value]) => ({ severity, value })),
  hysteresis,
});

/**
 * The defaults a fresh store starts with. The values match the status deriver's built-in
 * thresholds (warning → minor, critical → major), so a node the wall paints critical also has
 * an alarm saying why; a node that is down or silent is critical / major.
 */
export const DEFAULT_ALARM_RULES: readonly ({ id: string } & RuleSpec)[] = [
  threshold('node-down', 'Component down', 'up', 'below', [['critical', 0]], 0),
  threshold('cpu-high', 'CPU utilisation high', 'cpu_util', 'above', [['minor', 85], ['major', 95]], 5),
  threshold('mem-high', 'Memory utilisation high', 'mem_util', 'above', [['minor', 85], ['major', 95]], 5),
  threshold('disk-full', 'Disk capacity nearly full', 'disk_util', 'above', [['minor', 85], ['major', 95]], 3),
  threshold('latency-high', 'Response time high', 'latency_ms', 'above', [['minor', 500], ['major', 2000]], 100),
  threshold('errors-high', 'Error rate high', 'error_rate', 'above', [['minor', 2], ['major', 5]], 0.5),
  threshold('packet-loss', 'Packet loss', 'packet_loss', 'above', [['minor', 1], ['major', 5]], 0.5),
  threshold('cache-cold', 'Cache hit ratio low', 'hit_ratio', 'below', [['minor', 80], ['major', 50]], 5),
  { id: 'no-data', kind: 'absence', name: 'No data from component', nodeKinds: null, enabled: true, severity: 'major', forMs: 60_000 },
];
