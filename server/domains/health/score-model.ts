import type { Alarm } from '../../../shared/domain/alarms.js';
import { SEVERITY_RANK } from '../../../shared/domain/alarms.js';
import type { RuleSpec, ThresholdRuleSpec } from '../../../shared/domain/alarm-rules.js';
import {
  ACKNOWLEDGED_ALARM_SHARE,
  ALARM_PENALTY,
  METRIC_PENALTY,
  PAST_WORST_EXTRA,
  SUPPRESSED_ALARM_SHARE,
  metricWeight,
  type HealthCause,
  type HealthFactor,
  type RollupRule,
} from '../../../shared/domain/health.js';
import type { NodeStatus } from '../../../shared/domain/topology.js';
import { explain, sortSmall } from './explain.js';

/**
 * The pure arithmetic of the health score (rules in shared/domain/health.ts). Scores and losses
 * are integer tenths of a point (0–1000) so that factor impacts add up to the loss exactly.
 */
export const FULL = 1000;

/**
 * A factor before its share of the loss is known. Its `causes` are a dependency's frozen leaf
 * causes, shared as they are (a copy per parent and per tick bought nothing).
 */
export type Part = Omit<HealthFactor, 'impact' | 'causes'> & { causes?: readonly HealthCause[] };
/** A part with its raw (unnormalised) claim on the loss. */
export interface Claim {
  part: Part;
  weight: number;
}

export interface ScoredRule {
  rule: ThresholdRuleSpec;
  weight: number;
  /** The rule's levels, least severe first (sorted once, not per value). */
  levels: readonly Level[];
  /** 1 for `above`, -1 for `below`. */
  dir: 1 | -1;
  /**
   * The smallest `dir × value` that reaches any level: a value whose `dir × v` is under it
   * costs nothing, which the engine checks before building any factor.
   */
  trigger: number;
}

type Level = ThresholdRuleSpec['levels'][number];

/** Threshold rules that score a kind's metrics, with the kind's weight (rules with weight 0 dropped). */
export function scoredRulesFor(kind: string, rules: readonly RuleSpec[]): ScoredRule[] {
  const out: ScoredRule[] = [];
  for (const r of rules) {
    if (r.kind !== 'threshold' || !r.enabled) continue;
    if (r.nodeKinds && !r.nodeKinds.includes(kind)) continue;
    const weight = metricWeight(kind, r.metric);
    if (weight <= 0) continue;
    const dir = r.direction === 'above' ? 1 : -1;
    const levels = sortedLevels(r.levels);
    const trigger = levels.reduce((m, l) => Math.min(m, dir * l.value), Infinity);
    out.push({ rule: r, weight, levels, dir, trigger });
  }
  return out;
}

function sortedLevels(levels: readonly Level[]): Level[] {
  return [...levels].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

export interface PenaltyHit {
  points: number;
  severity: Level['severity'];
  threshold: number;
  over: number;
}

/** Points (0–100, weight 1) a value loses against a threshold rule, or null under its first level. */
export function metricPenalty(rule: Pick<ThresholdRuleSpec, 'levels' | 'direction'>, v: number): PenaltyHit | null {
  return penaltyOver(sortedLevels(rule.levels), rule.direction === 'above' ? 1 : -1, v);
}

/** metricPenalty over levels already sorted least severe first. */
export function penaltyOver(levels: readonly Level[], dir: 1 | -1, v: number): PenaltyHit | null {
  const x = dir * v;
  let i = -1;
  for (let k = 0; k < levels.length; k++) if (x >= dir * levels[k]!.value) i = k;
  if (i < 0) return null;
  const at = levels[i]!;
  const p = METRIC_PENALTY[at.severity];
  let points: number;
  if (i < levels.length - 1) {
    const next = levels[i + 1]!;
    const width = dir * next.value - dir * at.value;
    const frac = width > 0 ? (x - dir * at.value) / width : 0;
    points = p + (METRIC_PENALTY[next.severity] - p) * frac;
  } else {
    const prev = levels[i - 1];
    const width = prev ? dir * at.value - dir * prev.value : Math.max(Math.abs(at.value) * 0.5, 1);
    const past = width > 0 ? Math.min(1, (x - dir * at.value) / width) : 1;
    points = p * (1 + PAST_WORST_EXTRA * past);
  }
  return { points, severity: at.severity, threshold: at.value, over: Math.abs(v - at.value) };
}

/** Rounds a displayed value so factors do not churn on noise. */
export function shown(v: number): number {
  const a = Math.abs(v);
  return a >= 100 ? Math.round(v) : a >= 1 ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000;
}

export interface OwnInputs {
  id: string;
  name: string;
  kind: string;
  status: NodeStatus;
  latest(metric: string): number | undefined;
  rules: readonly ScoredRule[];
  alarms: Iterable<Alarm>;
}

export interface OwnResult {
  /** Tenths lost by the component itself. */
  loss: number;
  claims: Claim[];
  /** 1 when it reports, 0 when silent. */
  confidence: number;
  /** Zero-impact notes (no data). */
  notes: Part[];
}

/** A component's own score: availability, metrics over their rules, open event alarms. */
export function ownScore(n: OwnInputs): OwnResult {
  const up = n.latest('up');
  if (n.status === 'down' || (n.status !== 'unknown' && up !== undefined && up <= 0)) {
    return { loss: FULL, claims: [{ part: { kind: 'availability', messageKey: 'health.down', params: { name: n.name }, node: n.id }, weight: 1 }], confidence: 1, notes: [] };
  }
  const silent = n.status === 'unknown';
  const penalties: { part: Part; p: number }[] = [];
  if (!silent) {
    // The worst rule per metric counts (two rules on one metric are one symptom). Most nodes
    // scored in full lose points through a dependency, not a metric: no map for them.
    let perMetric: Map<string, { part: Part; p: number }> | null = null;
    for (const { rule, weight, levels, dir, trigger } of n.rules) {
      const v = n.latest(rule.metric);
      if (v === undefined || !(dir * v >= trigger)) continue;
      const hit = penaltyOver(levels, dir, v);
      if (!hit) continue;
      const p = Math.min(1, (hit.points * weight) / 100);
      perMetric ??= new Map();
      const prev = perMetric.get(rule.metric);
      if (prev && prev.p >= p) continue;
      perMetric.set(rule.metric, {
        p,
        part: {
          kind: 'metric',
          messageKey: rule.direction === 'above' ? 'health.metric.above' : 'health.metric.below',
          params: { metric: rule.metric, value: shown(v), severity: hit.severity, threshold: hit.threshold, over: shown(hit.over) },
          node: n.id,
        },
      });
    }
    if (perMetric) for (const x of perMetric.values()) penalties.push(x);
  }
  for (const a of n.alarms) {
    // Rule alarms restate a metric or missing data that is already scored.
    if (a.origin.kind === 'rule' || a.state === 'cleared') continue;
    const share = a.suppressedBy ? SUPPRESSED_ALARM_SHARE : a.state === 'acknowledged' ? ACKNOWLEDGED_ALARM_SHARE : 1;
    const p = (ALARM_PENALTY[a.severity] * share) / 100;
    if (p <= 0) continue;
    penalties.push({ p, part: { kind: 'alarm', messageKey: 'health.alarm', params: { severity: a.severity, summary: a.summary, alarm: a.id }, node: n.id } });
  }
  let keep = 1;
  let sum = 0;
  for (const x of penalties) {
    keep *= 1 - x.p;
    sum += x.p;
  }
  const loss = Math.round(FULL * (1 - keep));
  const claims: Claim[] = [];
  for (const x of penalties) claims.push({ part: x.part, weight: sum > 0 ? (loss * x.p) / sum : 0 });
  return {
    loss,
    claims,
    confidence: silent ? 0 : 1,
    notes: silent ? [{ kind: 'no-data', messageKey: 'health.noData', params: { name: n.name }, node: n.id }] : [],
  };
}

/** A dependency as its parent sees it. */
export interface ChildInput {
  id: string;
  name: string;
  /** Tenths. */
  score: number;
  confidence: number;
  causes: readonly HealthCause[];
}

export interface Group {
  /** For the redundancy message: the pair label or the members' kind. */
  label: string;
  need: number;
  weight: number;
  members: ChildInput[];
}

export interface GroupResult {
  score: number;
  confidence: number;
  part: Part;
}

/** MIN-n over a group (a single member is just that member); sorts `g.members` in place, best first. */
export function scoreGroup(g: Group, failedBelow: number, redundancyLoss: number): GroupResult {
  // One member (most groups): that member, nothing to sort or cap.
  if (g.members.length === 1) {
    const m = g.members[0]!;
    return { score: m.score, confidence: m.confidence, part: childPart(m) };
  }
  const members = sortSmall(g.members, bestFirst);
  const confidence = members.reduce((s, m) => s + m.confidence, 0) / members.length;
  const k = members.length;
  const need = Math.max(1, Math.min(g.need, k));
  const nth = members[need - 1]!;
  const failed = members.filter((m) => m.score < failedBelow * 10);
  const spare = k - need + 1;
  const cap = k > 1 && failed.length > 0 && failed.length < spare ? FULL - Math.round((redundancyLoss * 10 * failed.length) / spare) : FULL;
  if (cap < nth.score) {
    const first = failed[0]!;
    return {
      score: cap,
      confidence,
      part: {
        kind: 'redundancy',
        messageKey: 'health.redundancy',
        params: { group: g.label, failed: failed.length, members: k, need },
        node: first.id,
        ...(first.causes.length > 0 ? { causes: first.causes } : {}),
      },
    };
  }
  return { score: nth.score, confidence, part: childPart(nth) };
}

function bestFirst(a: ChildInput, b: ChildInput): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function childPart(m: ChildInput): Part {
  return childPartOf(m.id, m.name, m.score, m.causes);
}

/** childPart from its fields (the engine's plain dependencies build no ChildInput). */
export function childPartOf(id: string, name: string, tenths: number, causes: readonly HealthCause[]): Part {
  const params = { name, score: tenths / 10 };
  return causes.length > 0 ? { kind: 'child', messageKey: 'health.child', params, node: id, causes } : { kind: 'child', messageKey: 'health.child', params, node: id };
}

export interface Combined {
  /** Tenths. */
  score: number;
  confidence: number;
  factors: HealthFactor[];
}

/** An own result that costs nothing: what ownScore returns for a reporting, up, quiet component. */
export const CLEAN_OWN: OwnResult = Object.freeze({ loss: 0, claims: Object.freeze([]) as unknown as Claim[], confidence: 1, notes: Object.freeze([]) as unknown as Part[] });

/**
 * A dependency group at 100 with full confidence, as a parent reads it: it claims nothing, so its
 * part is never read. One shared object per edge weight, so a node with many healthy
 * dependencies builds nothing for them, yet they stay in the groups in their order (confidence
 * is summed in that order: floating-point sums depend on it, and rounding to 0.01 shows it).
 */
export function perfectGroup(weight: number): GroupResult & { weight: number } {
  let g = PERFECT_GROUPS.get(weight);
  if (!g) PERFECT_GROUPS.set(weight, (g = Object.freeze({ score: FULL, confidence: 1, part: UNREAD_PART, weight })));
  return g;
}
const UNREAD_PART: Part = Object.freeze({ kind: 'child', messageKey: 'health.child', params: Object.freeze({}) });
// Edge weights are a handful of constants (EDGE_WEIGHTS), so this stays a few entries.
const PERFECT_GROUPS = new Map<number, GroupResult & { weight: number }>();

/** Combines a node's own result with its dependency groups by its roll-up rule. */
export function combine(rule: RollupRule, own: OwnResult, groups: readonly (GroupResult & { weight: number })[]): Combined {
  const claims: Claim[] = [];
  let loss: number;
  let confidence: number;
  if (rule.mode === 'worst-of') {
    loss = own.loss;
    for (const x of own.claims) claims.push(x);
    let c = own.confidence;
    for (const g of groups) {
      const l = FULL - g.score;
      if (l > loss) loss = l;
      if (l > 0) claims.push({ part: g.part, weight: l });
      c += g.confidence;
    }
    confidence = c / (1 + groups.length);
  } else {
    let w = rule.ownWeight;
    let weighted = rule.ownWeight * own.loss;
    let c = rule.ownWeight * own.confidence;
    for (const x of own.claims) claims.push({ part: x.part, weight: x.weight * rule.ownWeight });
    for (const g of groups) {
      w += g.weight;
      weighted += g.weight * (FULL - g.score);
      c += g.weight * g.confidence;
      if (g.score < FULL) claims.push({ part: g.part, weight: g.weight * (FULL - g.score) });
    }
    loss = w > 0 ? Math.round(weighted / w) : own.loss;
    confidence = w > 0 ? c / w : own.confidence;
  }
  let silentChildren = 0;
  for (const g of groups) if (g.confidence < 1) silentChildren++;
  const notes = silentChildren > 0 ? [...own.notes] : own.notes;
  if (silentChildren > 0) notes.push({ kind: 'no-data', messageKey: 'health.noData.children', params: { count: silentChildren } });
  return { score: FULL - loss, confidence: Math.round(confidence * 100) / 100, factors: explain(loss, claims, notes) };
}

/** Weighted mean over scored items (B/O/M domains over their business systems). */
export function weightedMean(items: readonly { child: ChildInput; weight: number }[]): Combined {
  const groups = items.map((i) => ({ score: i.child.score, confidence: i.child.confidence, part: childPart(i.child), weight: i.weight }));
  if (groups.length === 0) return { score: FULL, confidence: 0, factors: [] };
  return combine({ mode: 'weighted-mean', ownWeight: 0 }, { loss: 0, claims: [], confidence: 0, notes: [] }, groups);
}
