import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../shared/test-support/seeded-random.js';
import { DEFAULT_ALARM_RULES, type ThresholdRuleSpec } from '../../../shared/domain/alarm-rules.js';
import { healthStatusOf, renderHealthMessage, type HealthFactor } from '../../../shared/domain/health.js';
import { allocate, explain, sortSmall } from './explain.js';
import { combine, metricPenalty, ownScore, perfectGroup, scoreGroup, scoredRulesFor, weightedMean, type ChildInput, type GroupResult, type OwnResult } from './score-model.js';

const cpu = DEFAULT_ALARM_RULES.find((r) => r.id === 'cpu-high') as ThresholdRuleSpec;
const hit = DEFAULT_ALARM_RULES.find((r) => r.id === 'cache-cold') as ThresholdRuleSpec;

const lossOf = (f: readonly HealthFactor[]) => Math.round(f.reduce((s, x) => s + x.impact, 0) * 10);
const child = (id: string, score: number, confidence = 1): ChildInput => ({ id, name: id, score: score * 10, confidence, causes: [] });
const healthyOwn: OwnResult = { loss: 0, claims: [], confidence: 1, notes: [] };
const group = (score: number, id: string, weight = 1): GroupResult & { weight: number } => ({
  score: score * 10,
  confidence: 1,
  weight,
  part: { kind: 'child', messageKey: 'health.child', params: { name: id, score }, node: id },
});

describe('metric penalty against a threshold rule', () => {
  it('is zero under the first level, interpolates between levels and grows past the worst', () => {
    expect(metricPenalty(cpu, 80)).toBeNull();
    expect(metricPenalty(cpu, 85)!.points).toBe(15);
    expect(metricPenalty(cpu, 90)!.points).toBeCloseTo(22.5);
    expect(metricPenalty(cpu, 95)!.points).toBe(30);
    expect(metricPenalty(cpu, 100)!).toMatchObject({ points: 37.5, severity: 'major', threshold: 95, over: 5 });
    // Capped at half again of the worst level's points.
    expect(metricPenalty(cpu, 1000)!.points).toBe(45);
  });

  it('reads "below" rules downwards', () => {
    expect(metricPenalty(hit, 90)).toBeNull();
    expect(metricPenalty(hit, 80)!.points).toBe(15);
    expect(metricPenalty(hit, 65)!.points).toBeCloseTo(22.5);
    expect(metricPenalty(hit, 40)!).toMatchObject({ severity: 'major', threshold: 50, over: 10 });
  });

  it('uses per-kind weights: `up` is never a metric, weights of 0 drop a rule', () => {
    const kinds = scoredRulesFor('switch', DEFAULT_ALARM_RULES);
    expect(kinds.find((r) => r.rule.metric === 'up')).toBeUndefined();
    expect(kinds.find((r) => r.rule.metric === 'packet_loss')!.weight).toBe(1.5);
    expect(scoredRulesFor('RD', [{ ...cpu, nodeKinds: ['VCS'] }])).toEqual([]);
  });
});

describe('own score', () => {
  const base = { id: 'n', name: 'N', kind: 'CS', rules: scoredRulesFor('CS', DEFAULT_ALARM_RULES), alarms: [] };
  it('is 0 when down, with one availability factor', () => {
    const r = ownScore({ ...base, status: 'ok', latest: (m) => (m === 'up' ? 0 : 10) });
    expect(r.loss).toBe(1000);
    expect(explain(r.loss, r.claims)).toEqual([{ kind: 'availability', messageKey: 'health.down', params: { name: 'N' }, node: 'n', impact: 100 }]);
  });
  it('combines penalties as 1 − Π(1 − p) and names each metric', () => {
    const values: Record<string, number> = { cpu_util: 95, latency_ms: 2000 };
    const r = ownScore({ ...base, status: 'critical', latest: (m) => values[m] });
    expect(r.loss).toBe(Math.round(1000 * (1 - 0.7 * 0.7)));
    const f = explain(r.loss, r.claims);
    expect(f.map((x) => x.params.metric).sort()).toEqual(['cpu_util', 'latency_ms']);
    expect(lossOf(f)).toBe(r.loss);
  });
  it('ignores stale metrics of a silent node and lowers its confidence instead', () => {
    const r = ownScore({ ...base, status: 'unknown', latest: () => 99 });
    expect(r).toMatchObject({ loss: 0, confidence: 0 });
    expect(r.notes[0]!.kind).toBe('no-data');
  });
});

describe('roll-up rules', () => {
  it('worst-of: the worst input, its loss shared among degraded inputs in proportion', () => {
    const own: OwnResult = { loss: 300, claims: [{ part: { kind: 'metric', messageKey: 'health.metric.above', params: {} }, weight: 300 }], confidence: 1, notes: [] };
    const c = combine({ mode: 'worst-of' }, own, [group(50, 'a'), group(100, 'b')]);
    expect(c.score).toBe(500);
    expect(c.factors.map((f) => [f.kind, f.impact])).toEqual([['child', 31.2], ['metric', 18.8]]);
    expect(lossOf(c.factors)).toBe(500);
  });

  it('weighted mean: each input explains its weighted share', () => {
    const c = combine({ mode: 'weighted-mean', ownWeight: 2 }, healthyOwn, [group(40, 'a', 1), group(70, 'b', 1)]);
    expect(c.score).toBe(Math.round(1000 - (600 + 300) / 4));
    expect(c.factors.map((f) => f.node)).toEqual(['a', 'b']);
    expect(lossOf(c.factors)).toBe(1000 - c.score);
    const domain = weightedMean([{ child: child('x', 50), weight: 1 }, { child: child('y', 100), weight: 3 }]);
    expect(domain.score).toBe(875);
  });

  it('MIN-n: one of a pair down is degraded, not dead; both down is down', () => {
    const pair = (a: number, b: number) => scoreGroup({ label: 'tor', need: 1, weight: 1, members: [child('a', a), child('b', b)] }, 40, 40);
    expect(pair(100, 100).score).toBe(1000);
    const one = pair(100, 0);
    expect(one.score).toBe(800);
    expect(healthStatusOf(one.score / 10, 1, false)).toBe('warning');
    expect(one.part).toMatchObject({ kind: 'redundancy', params: { failed: 1, members: 2, need: 1 }, node: 'b' });
    expect(pair(0, 0).score).toBe(0);
    // A degraded (not failed) member: the group is as good as its best member.
    expect(pair(60, 100).score).toBe(1000);
  });

  it('MIN-n over three members needing two', () => {
    const g = (...s: number[]) => scoreGroup({ label: 'VCS', need: 2, weight: 1, members: s.map((x, i) => child(`m${i}`, x)) }, 40, 40);
    expect(g(100, 100, 0).score).toBe(800);
    expect(g(100, 0, 0).score).toBe(0);
    expect(g(100, 70, 100).score).toBe(1000);
    expect(g(100, 70, 60).score).toBe(700);
  });

  it('unknown members lower confidence, not the score', () => {
    const c = combine({ mode: 'worst-of' }, healthyOwn, [{ ...group(100, 'a'), confidence: 0 }, group(100, 'b')]);
    expect(c.score).toBe(1000);
    expect(c.confidence).toBe(0.67);
    expect(c.factors[0]).toMatchObject({ kind: 'no-data', impact: 0 });
    expect(healthStatusOf(100, 0.3, false)).toBe('unknown');
  });
});

describe('perfect dependencies as shared constants', () => {
  // The engine puts one shared object in place of each dependency at 100 with full confidence.
  // In place, not counted apart: confidence is a floating-point sum and rounds to 0.01, so the
  // order of its terms shows (here 2.97 / 6 = 0.495 rounds up only when summed in this order).
  const own: OwnResult = { loss: 0, claims: [], confidence: 1, notes: [] };
  const c = (x: number) => ({ ...group(100, `c${x}`), confidence: x });
  it('sums confidence in dependency order, so a node on the 0.5 line stays ok', () => {
    const r = combine({ mode: 'worst-of' }, own, [c(0.01), c(0.4), c(0.1), c(0.46), perfectGroup(1)]);
    expect(r.confidence).toBe(0.5);
    expect(healthStatusOf(r.score / 10, r.confidence, false)).toBe('ok');
  });

  it.each([{ mode: 'worst-of' as const }, { mode: 'weighted-mean' as const, ownWeight: 2 }])('give what full groups give, for random inputs (%o)', (rule) => {
    const random = mulberry32(7);
    const losing: OwnResult = { loss: 120, claims: [{ part: { kind: 'metric', messageKey: 'health.metric.above', params: { metric: 'cpu_util' }, node: 'n' }, weight: 120 }], confidence: 1, notes: [] };
    for (let n = 0; n < 200; n++) {
      const built: (GroupResult & { weight: number })[] = [];
      const shared: (GroupResult & { weight: number })[] = [];
      for (let k = 0; k < 1 + Math.floor(random() * 8); k++) {
        const weight = [1, 0.5][Math.floor(random() * 2)]!;
        if (random() < 0.5) {
          built.push(group(100, `p${k}`, weight));
          shared.push(perfectGroup(weight));
        } else {
          const g = { ...group(Math.round(random() * 1000) / 10, `g${k}`, weight), confidence: Math.round(random() * 100) / 100 };
          built.push(g);
          shared.push(g);
        }
      }
      expect(combine(rule, losing, shared)).toEqual(combine(rule, losing, built));
    }
  });
});

describe('explanations', () => {
  it('one claim takes the whole loss, as the general allocation gives it', () => {
    const part = { kind: 'child' as const, messageKey: 'health.child' as const, params: { name: 'x', score: 40 }, node: 'x' };
    const note = { kind: 'no-data' as const, messageKey: 'health.noData' as const, params: { name: 'n' } };
    expect(explain(600, [{ part, weight: 0.25 }], [note])).toEqual([
      { ...part, impact: 60 },
      { ...note, impact: 0 },
    ]);
    expect(explain(0, [{ part, weight: 1 }])).toEqual([]);
    expect(allocate(600, [0.25])).toEqual([600]);
  });

  it('sorts short lists in place as Array.prototype.sort does, long ones by it', () => {
    const cmp = (a: number[], b: number[]) => a[0]! - b[0]!;
    for (const n of [0, 1, 2, 5, 16, 17, 40]) {
      const xs = Array.from({ length: n }, (_, i) => [(i * 7919) % 5, i]);
      const want = [...xs].sort(cmp);
      const got = sortSmall(xs, cmp);
      expect(got).toBe(xs);
      // Stable, like the built-in sort: equal keys keep their order.
      expect(got).toEqual(want);
    }
  });


  it('allocates integer shares that add up exactly', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(7, [0.1, 0.2, 0.7])).toEqual([1, 1, 5]);
    expect(allocate(5, [0, 0])).toEqual([5, 0]);
  });

  it('caps the list with an `other` factor holding the tail', () => {
    const claims = Array.from({ length: 8 }, (_, i) => ({ part: { kind: 'child' as const, messageKey: 'health.child' as const, params: { i } }, weight: i + 1 }));
    const f = explain(613, claims);
    expect(f).toHaveLength(5);
    expect(f[4]).toMatchObject({ kind: 'other', params: { count: 4 } });
    expect(lossOf(f)).toBe(613);
  });

  it('renders in both locales with metric and severity names', () => {
    const f = { messageKey: 'health.metric.above' as const, params: { metric: 'cpu_util', value: 98, severity: 'major', threshold: 95, over: 3 } };
    expect(renderHealthMessage(f, 'en')).toBe('CPU utilisation at 98 is over its major threshold 95 by 3');
    expect(renderHealthMessage(f, 'zh-CN')).toBe('CPU 使用率 为 98，超过重要阈值 95（超出 3）');
  });
});
