import type { Severity } from './alarms.js';
import type { EdgeKind, Layer, NodeStatus } from './topology.js';

/**
 * The composite health score (综合评分, issue #7): every component scores 0–100 from its own
 * metrics (read against the alarm threshold rules), its open alarms and its availability, and
 * scores roll up along the dependency edges. Every score below 100 explains itself: its factors'
 * impacts add up to the loss (100 − score), exact to one decimal (the engine works in integer
 * tenths of a point). Everything tunable below is data, so a rule change is a data change.
 *
 * How a component's score is made (server/domains/health):
 *
 *   own score     down (`up` ≤ 0 or status down)      → 0, one `availability` factor
 *                 otherwise penalties p_i ∈ [0,1] from
 *                   metrics over their threshold rules (METRIC_PENALTY, per-kind weights)
 *                   open alarms from events (ALARM_PENALTY; rule alarms are not counted twice)
 *                 combined as 1 − Π(1 − p_i): never below 0, and one big problem dominates
 *   roll-up       children grouped by redundancy (MIN-n over `pair` labels and `runs-on` sets),
 *                 nodes in maintenance ignored, then combined with the node's own score by the
 *                 layer's or kind's ROLLUP rule (worst-of or weighted mean)
 *   confidence    1 when the component reports, 0 when it is silent (status unknown); averaged
 *                 over the component and its dependency groups. Missing data lowers confidence,
 *                 never the score: a silent component is not shown as healthy, it is `unknown`.
 */

/** Reuses the node status vocabulary, so the wall colours health like status. */
export type HealthStatus = NodeStatus;

/**
 * Score → status bands (the health board, topology colouring and SLA use them):
 *
 *   maintenance flag                  → maintenance
 *   confidence < UNKNOWN_BELOW        → unknown
 *   score ≥ 90 ok · ≥ 70 warning · ≥ 40 critical · below 40 down
 */
export const HEALTH_BANDS = { ok: 90, warning: 70, critical: 40 } as const;
export const UNKNOWN_BELOW = 0.5;

export function healthStatusOf(score: number, confidence: number, maintenance: boolean): HealthStatus {
  if (maintenance) return 'maintenance';
  if (confidence < UNKNOWN_BELOW) return 'unknown';
  if (score >= HEALTH_BANDS.ok) return 'ok';
  if (score >= HEALTH_BANDS.warning) return 'warning';
  if (score >= HEALTH_BANDS.critical) return 'critical';
  return 'down';
}

export const FACTOR_KINDS = ['metric', 'alarm', 'availability', 'child', 'redundancy', 'no-data', 'other'] as const;
export type HealthFactorKind = (typeof FACTOR_KINDS)[number];

/** One reason a score is below 100. `impact` is points of the loss this factor explains. */
export interface HealthCause {
  kind: HealthFactorKind;
  /** An i18n key of HEALTH_MESSAGES; the console renders it in the reader's locale. */
  messageKey: HealthMessageKey;
  params: Record<string, string | number>;
  impact: number;
  /** The node the factor is about (the component itself, a dependency), for drill-down. */
  node?: string;
}

/**
 * A factor; one about a dependency (`child`, `redundancy`) carries that dependency's main leaf
 * causes under it (at most MAX_CAUSES, followed down to metrics, alarms or outages), so a tenant
 * reads "DCOS app degraded: CPU at 100, response time 3,400 ms" on their business system.
 */
export interface HealthFactor extends HealthCause {
  /** What made that dependency lose points, followed down to a metric, alarm or outage. */
  causes?: HealthCause[];
}

export interface HealthScore {
  nodeId: string;
  /** 0–100, one decimal. */
  score: number;
  status: HealthStatus;
  /** 0–1, two decimals: the share of the inputs that actually report. */
  confidence: number;
  /** Biggest impact first, at most MAX_FACTORS (the tail lumped into `other`). */
  factors: HealthFactor[];
}

export const MAX_FACTORS = 5;
export const MAX_CAUSES = 3;

// ── penalties ───────────────────────────────────────────────────────────────────────────────
/**
 * Points a metric loses at each level of its threshold rule (weight 1). Between two levels the
 * penalty is interpolated by how far the value is between them; past the worst level it keeps
 * growing by up to PAST_WORST_EXTRA of that level's points over one more level-width.
 */
export const METRIC_PENALTY: Record<Severity, number> = { critical: 50, major: 30, minor: 15, warning: 5, info: 2 };
export const PAST_WORST_EXTRA = 0.5;

/**
 * Open alarms raised by events (pushed or simulated). Alarms raised by threshold or absence
 * rules are not counted again: their metric or the missing data already scores them.
 * Acknowledged alarms count half (known and being worked on, but not repaired); alarms a silence
 * or maintenance window suppresses do not count (planned work).
 */
export const ALARM_PENALTY: Record<Severity, number> = { critical: 40, major: 25, minor: 10, warning: 5, info: 0 };
export const ACKNOWLEDGED_ALARM_SHARE = 0.5;
export const SUPPRESSED_ALARM_SHARE = 0;

/**
 * Per-kind metric weights over the threshold rules: which metrics matter for which kind. A
 * metric with a rule for the kind counts with weight 1 unless listed; 0 ignores it. `up` is
 * availability, never a metric penalty.
 */
export const METRIC_WEIGHTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'business-system': { latency_ms: 1.25, error_rate: 1.5 },
  CS: { cpu_util: 1, latency_ms: 1, error_rate: 1.25 },
  AC: { cpu_util: 1, latency_ms: 1, error_rate: 1.25 },
  RD: { disk_util: 1.25 },
  VCS: { cpu_util: 0.75, mem_util: 0.75 },
  server: { cpu_util: 0.75, mem_util: 0.75 },
  switch: { cpu_util: 0.5, packet_loss: 1.5 },
  router: { cpu_util: 0.5, packet_loss: 1.5 },
  'disk-array': { disk_util: 1.25 },
};

export function metricWeight(kind: string, metric: string): number {
  if (metric === 'up') return 0;
  return METRIC_WEIGHTS[kind]?.[metric] ?? 1;
}

// ── roll-up ─────────────────────────────────────────────────────────────────────────────────
/**
 * How a node combines its own score with its dependency groups:
 * - `worst-of` (Icinga AND): the worst input; its loss is shared among all degraded inputs in
 *   proportion to their own losses, so every degraded dependency is named in the explanation;
 * - `weighted-mean` (Zabbix-style): own score weighted `ownWeight`, each group by its edge kind's
 *   EDGE_WEIGHTS; each input explains its weighted share of the loss.
 */
export type RollupRule = { mode: 'worst-of' } | { mode: 'weighted-mean'; ownWeight: number };

export const ROLLUP_BY_LAYER: Record<Layer, RollupRule> = {
  business: { mode: 'worst-of' },
  paas: { mode: 'worst-of' },
  iaas: { mode: 'worst-of' },
  physical: { mode: 'worst-of' },
};
/** Per-kind overrides of ROLLUP_BY_LAYER. */
export const ROLLUP_BY_KIND: Readonly<Record<string, RollupRule>> = {};

export function rollupRuleOf(kind: string, layer: Layer): RollupRule {
  return ROLLUP_BY_KIND[kind] ?? ROLLUP_BY_LAYER[layer];
}

/**
 * Edge weights: in a weighted mean, and 0 = the edge does not carry health at all. A DR copy's
 * `replicates` edge is a data flow, not a service dependency: the standby's readiness is its own
 * metrics, and a failed primary must not drag the standby that is about to take over.
 */
export const EDGE_WEIGHTS: Record<EdgeKind, number> = { uses: 1, 'runs-on': 1, 'stores-on': 1, connects: 0.5, replicates: 0 };

/**
 * MIN-n over redundant members. Members are the dependencies sharing a `pair` label (the
 * simulator's ToR, SAN, router and LB pairs), or the several dependencies of one kind a node
 * `runs-on` (an instance's VMs, a DCOS app's workers). A group works as well as its n-th best
 * member (n = `need`) and loses REDUNDANCY_LOSS × failed / (members − need + 1) points for each
 * failed member (score below FAILED_BELOW) while enough survive: one of a pair down is
 * degraded (80, warning), not dead; both down is down.
 */
export const REDUNDANCY = { pairNeed: 1, runsOnNeed: 1, loss: 40, failedBelow: 40, pairLabel: 'pair' } as const;

/** B/O/M domain scores: weighted mean of the domain's business systems this audience sees. */
export const DOMAIN_SYSTEM_WEIGHT_LABEL = 'health.weight';

// ── SLA ─────────────────────────────────────────────────────────────────────────────────────
/** Availability target in percent (the seed reports 99.99%). */
export const DEFAULT_SLA_TARGET = 99.99;
/** Per business system targets (node id → percent); a node label `sla.target` overrides both. */
export const SLA_TARGETS: Readonly<Record<string, number>> = {
  'biz-cbs': 99.99,
  'biz-rta': 99.99,
  'biz-mbh': 99.95,
  'biz-crm': 99.95,
};
export const SLA_TARGET_LABEL = 'sla.target';
/** A minute counts as down when the system's health status was one of these during it. */
export const SLA_DOWN_STATUSES: readonly HealthStatus[] = ['critical', 'down'];
/** Minutes in these statuses are not counted at all (planned work, or nothing known). */
export const SLA_UNOBSERVED_STATUSES: readonly HealthStatus[] = ['maintenance', 'unknown'];
export const SLA_PERIODS = { day: 1440, week: 7 * 1440, month: 30 * 1440 } as const;
export type SlaPeriod = keyof typeof SLA_PERIODS;

export function slaTargetOf(node: { id: string; labels: Readonly<Record<string, string>> }): number {
  const label = Number(node.labels[SLA_TARGET_LABEL]);
  if (Number.isFinite(label) && label > 0 && label <= 100) return label;
  return SLA_TARGETS[node.id] ?? DEFAULT_SLA_TARGET;
}

// ── messages ────────────────────────────────────────────────────────────────────────────────
/**
 * Factor messages in both locales; `{name}` placeholders are the factor's params. The console
 * renders them with its own metric and severity labels (HEALTH_METRIC_LABELS, SEVERITY_LABELS)
 * substituted for the raw `metric` and `severity` params.
 */
export const HEALTH_MESSAGES = {
  'health.metric.above': {
    en: '{metric} at {value} is over its {severity} threshold {threshold} by {over}',
    'zh-CN': '{metric} 为 {value}，超过{severity}阈值 {threshold}（超出 {over}）',
  },
  'health.metric.below': {
    en: '{metric} at {value} is under its {severity} threshold {threshold} by {over}',
    'zh-CN': '{metric} 为 {value}，低于{severity}阈值 {threshold}（低 {over}）',
  },
  'health.alarm': { en: '{severity} alarm: {summary}', 'zh-CN': '{severity}告警：{summary}' },
  'health.down': { en: '{name} is down', 'zh-CN': '{name} 宕机' },
  'health.child': { en: '{name} is degraded (score {score})', 'zh-CN': '依赖的 {name} 健康度下降（{score} 分）' },
  'health.child.hidden': {
    en: 'A shared platform component outside your view is degraded',
    'zh-CN': '一个不在您视图内的共享平台组件健康度下降',
  },
  'health.redundancy': {
    en: '{failed} of {members} redundant {group} members failed ({need} needed)',
    'zh-CN': '{group} 冗余成员 {members} 个中 {failed} 个故障（至少需要 {need} 个）',
  },
  'health.noData': { en: 'No data from {name}: confidence lowered', 'zh-CN': '{name} 无数据，可信度降低' },
  'health.noData.children': {
    en: '{count} dependencies report no data: confidence lowered',
    'zh-CN': '{count} 个依赖无数据，可信度降低',
  },
  'health.other': { en: '{count} further factors', 'zh-CN': '其他 {count} 项因素' },
} as const satisfies Record<string, { en: string; 'zh-CN': string }>;
export type HealthMessageKey = keyof typeof HEALTH_MESSAGES;
export type HealthLocale = 'en' | 'zh-CN';

export const HEALTH_METRIC_LABELS: Readonly<Record<string, { en: string; 'zh-CN': string }>> = {
  cpu_util: { en: 'CPU utilisation', 'zh-CN': 'CPU 使用率' },
  mem_util: { en: 'Memory utilisation', 'zh-CN': '内存使用率' },
  disk_util: { en: 'Disk usage', 'zh-CN': '磁盘使用率' },
  latency_ms: { en: 'Response time (ms)', 'zh-CN': '响应时间（毫秒）' },
  error_rate: { en: 'Error rate (%)', 'zh-CN': '错误率（%）' },
  packet_loss: { en: 'Packet loss (%)', 'zh-CN': '丢包率（%）' },
  hit_ratio: { en: 'Cache hit ratio (%)', 'zh-CN': '缓存命中率（%）' },
};

export const SEVERITY_LABELS: Record<Severity, { en: string; 'zh-CN': string }> = {
  critical: { en: 'critical', 'zh-CN': '紧急' },
  major: { en: 'major', 'zh-CN': '重要' },
  minor: { en: 'minor', 'zh-CN': '次要' },
  warning: { en: 'warning', 'zh-CN': '警告' },
  info: { en: 'info', 'zh-CN': '提示' },
};

/** A factor's message in a locale, with metric and severity names translated. */
export function renderHealthMessage(f: Pick<HealthCause, 'messageKey' | 'params'>, locale: HealthLocale): string {
  const template = HEALTH_MESSAGES[f.messageKey]?.[locale] ?? f.messageKey;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = f.params[name];
    if (v === undefined) return `{${name}}`;
    if (name === 'metric') return HEALTH_METRIC_LABELS[String(v)]?.[locale] ?? String(v);
    if (name === 'severity') return SEVERITY_LABELS[v as Severity]?.[locale] ?? String(v);
    return String(v);
  });
}
