import { SEVERITY_RANK, type Severity } from '../../../shared/domain/alarms.js';
import { crossedLevel, type AbsenceRuleSpec, type AlarmRule, type RuleSpec, type ThresholdRuleSpec } from '../../../shared/domain/alarm-rules.js';
import type { MetricStore } from '../metrics/metric-store.js';

/** What a rule says about one node now: raise or hold at a severity, clear, or leave as is. */
export type RuleVerdict = { severity: Severity; summary: string } | 'clear' | 'keep';

export interface RuleContext {
  node: string;
  store: MetricStore;
  /** Source time. */
  now: number;
  /** Severity of the rule's open alarm on this node, null when none is open. */
  current: Severity | null;
}

/**
 * A kind of rule (architecture.md: kinds as registries). `metric` names the series whose change
 * triggers an evaluation; null means the kind is evaluated on time (every tick) instead.
 */
export interface RuleKind<S extends RuleSpec = RuleSpec> {
  readonly kind: S['kind'];
  metric(spec: S): string | null;
  evaluate(rule: S & Pick<AlarmRule, 'name'>, ctx: RuleContext): RuleVerdict;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toString() : (Math.round(v * 100) / 100).toString());

/**
 * Threshold with hysteresis: the worst crossed level raises or steps the alarm up at once; it
 * steps down or clears only once the value is back past a level by `hysteresis`, so a value
 * hovering at a line neither flaps nor toggles severities.
 */
export const thresholdKind: RuleKind<ThresholdRuleSpec> = {
  kind: 'threshold',
  metric: (spec) => spec.metric,
  evaluate(rule, { node, store, current }) {
    const latest = store.latest(node, rule.metric);
    if (!latest) return 'keep';
    const v = latest.v;
    const crossed = crossedLevel(rule, v);
    const summary = (s: Severity) => {
      const level = rule.levels.find((l) => l.severity === s)!;
      return `${rule.name}: ${rule.metric} ${fmt(v)} ${rule.direction === 'above' ? '≥' : '≤'} ${fmt(level.value)}`;
    };
    if (current === null) return crossed === null ? 'keep' : { severity: crossed, summary: summary(crossed) };
    if (crossed !== null && SEVERITY_RANK[crossed] > SEVERITY_RANK[current]) return { severity: crossed, summary: summary(crossed) };
    // The worst level still held once hysteresis is taken into account.
    const h = rule.hysteresis;
    const held = crossedLevel(
      { direction: rule.direction, levels: rule.levels.map((l) => ({ severity: l.severity, value: rule.direction === 'above' ? l.value - h : l.value + h })) },
      v,
    );
    if (held === null) return 'clear';
    if (SEVERITY_RANK[held] < SEVERITY_RANK[current]) return { severity: held, summary: summary(held) };
    return 'keep';
  },
};

/** Absence: a node that reported before and has been silent for `forMs` (source time). */
export const absenceKind: RuleKind<AbsenceRuleSpec> = {
  kind: 'absence',
  metric: () => null,
  evaluate(rule, { node, store, now }) {
    const seen = store.lastSeen(node);
    // Never reported (or dropped): nothing to compare with; the status deriver shows `unknown`.
    if (seen === null) return 'keep';
    const silent = now - seen;
    if (silent > rule.forMs) return { severity: rule.severity, summary: `${rule.name}: silent for ${Math.round(silent / 1000)} s` };
    return 'clear';
  },
};

export const RULE_KINDS: ReadonlyMap<RuleSpec['kind'], RuleKind> = new Map<RuleSpec['kind'], RuleKind>([
  ['threshold', thresholdKind as RuleKind],
  ['absence', absenceKind as RuleKind],
]);

export function ruleKindOf(spec: RuleSpec): RuleKind {
  return RULE_KINDS.get(spec.kind)!;
}
