import type { Alarm } from '../../../shared/domain/alarms.js';
import { SEVERITY_RANK } from '../../../shared/domain/alarms.js';
import type { RuleSpec, ThresholdRuleSpec } from '../../../shared/domain/alarm-rules.js';
import {
  ACKNOWLEDGED_ALARM_SHARE,
  ALARM_PENALTY,
  MAX_CAUSES,
  MAX_FACTORS,
  METRIC_PENALTY,
  PAST_WORST_EXTRA,
  SUPPRESSED_ALARM_SHARE,
  metricWeight,
  type HealthCause,
  type HealthFactor,
  type RollupRule,
} from '../../../shared/domain/health.js';
import type { NodeStatus } from '../../../shared/domain/topology.js';

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
  key: string;
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
  const members = g.members.sort(bestFirst);
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

/** Combines a node's own result with its dependency groups by its roll-up rule. */
export function combine(rule: RollupRule, own: OwnResult, groups: readonly (GroupResult & { weight: number })[]): Combined {
  const claims: Claim[] = [];
  let loss: number;
  let confidence: number;
  if (rule.mode === 'worst-of') {
    loss = own.loss;
    claims.push(...own.claims);
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

/**
 * Hands out `loss` tenths among the claims in proportion to their weights (largest remainder,
 * so the impacts add up exactly), biggest first, capped at MAX_FACTORS with an `other` tail.
 */
export function explain(loss: number, claims: readonly Claim[], notes: readonly Part[] = []): HealthFactor[] {
  const weights: number[] = [];
  for (const c of claims) weights.push(c.weight);
  const shares = allocate(loss, weights);
  // Claim indices with a share, biggest share first (ties in claim order).
  const order: number[] = [];
  for (let i = 0; i < shares.length; i++) if (shares[i]! > 0) order.push(i);
  order.sort((a, b) => shares[b]! - shares[a]! || a - b);
  const out: HealthFactor[] = [];
  const room = order.length > MAX_FACTORS ? MAX_FACTORS - 1 : order.length;
  for (let k = 0; k < room; k++) out.push(factorOf(claims[order[k]!]!.part, shares[order[k]!]! / 10));
  if (order.length > room) {
    let rest = 0;
    for (let k = room; k < order.length; k++) rest += shares[order[k]!]!;
    out.push({ kind: 'other', messageKey: 'health.other', params: { count: order.length - room }, impact: rest / 10 });
  }
  for (const n of notes) if (out.length < MAX_FACTORS) out.push(factorOf(n, 0));
  return out;
}

/**
 * `{ ...part, impact }` without the spread (the hot path of a failure burst), keys in the same
 * order. The causes stay the frozen array the part shares with the dependency's record.
 */
function factorOf(p: Part, impact: number): HealthFactor {
  const { kind, messageKey, params, node, causes } = p;
  if (causes) return { kind, messageKey, params, node, causes: causes as HealthCause[], impact };
  return node !== undefined ? { kind, messageKey, params, node, impact } : { kind, messageKey, params, impact };
}

/** Integer shares of `total` proportional to `weights`, summing to `total` exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const out: number[] = new Array<number>(n).fill(0);
  if (total <= 0 || n === 0) return out;
  let sum = 0;
  for (const w of weights) sum += Math.max(0, w);
  if (sum <= 0) {
    out[0] = total;
    return out;
  }
  const rem: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (Math.max(0, weights[i]!) * total) / sum;
    const floor = Math.floor(exact);
    out[i] = floor;
    given += floor;
    rem.push(exact - floor);
  }
  if (given >= total) return out;
  // Largest remainder first (ties by index).
  const byRem: number[] = [];
  for (let i = 0; i < n; i++) byRem.push(i);
  byRem.sort((a, b) => rem[b]! - rem[a]! || a - b);
  for (let k = 0; given < total; k++, given++) out[byRem[k % n]!]!++;
  return out;
}

/** What a parent names as the reasons: the main factors, each followed down to its leaf causes. */
export function leafCauses(factors: readonly HealthFactor[]): HealthCause[] {
  const out: HealthCause[] = [];
  for (const f of factors) {
    if (f.impact <= 0 || f.kind === 'other') break;
    // A factor without causes is its own leaf (the same immutable object, not a copy).
    if (f.causes) out.push(...f.causes);
    else out.push(f);
    if (out.length >= MAX_CAUSES) break;
  }
  return out.slice(0, MAX_CAUSES);
}
