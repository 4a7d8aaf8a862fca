import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_RULES } from '../../../shared/domain/alarm-rules.js';
import { HealthEngine } from './health-engine.js';
import { healthFixture } from './test-support/health-fixture.js';

/**
 * The engine skips samples that move inside their quiet bands (no store read, no recompute).
 * Every test here would fail if a level crossing were missed: the score must follow the value
 * across each level, in both directions, and equal a fresh full recompute.
 */
function fixture(rules = () => DEFAULT_ALARM_RULES) {
  const f = healthFixture({ rules });
  f.node('sys', { kind: 'business-system', layer: 'business' });
  f.node('app', { kind: 'CS' });
  f.node('cache', { kind: 'AC' });
  f.edge('sys', 'app');
  f.edge('sys', 'cache');
  for (const [n, m, v] of [['app', 'cpu_util', 40], ['app', 'latency_ms', 100], ['app', 'up', 1], ['cache', 'hit_ratio', 95]] as const) f.write(n, m, v);
  f.settle();
  /** Writes, flushes and ticks once: how many nodes the tick computed. */
  const step = (node: string, metric: string, v: number): number => {
    f.write(node, metric, v);
    f.changes.flush();
    const n = f.engine.tick();
    expect(f.engine.pending).toBe(0);
    // What the skip decided must equal a full recompute from scratch.
    const full = new HealthEngine({ graph: f.graph, store: f.store, ledger: f.ledger, rules });
    full.tick();
    for (const id of ['sys', 'app', 'cache']) expect(f.score(id), id).toEqual(full.get(id)!.score);
    full.dispose();
    return n;
  };
  return { ...f, step };
}

describe('health engine: quiet samples skipped, every level crossing caught', () => {
  it('a sample moving inside its band costs no recompute, on a perfect node and on a degraded one', () => {
    const f = fixture();
    expect(f.step('app', 'cpu_util', 84.9)).toBe(0);
    expect(f.step('app', 'latency_ms', 499)).toBe(0);
    expect(f.step('app', 'error_rate', 0.5)).toBe(1); // a new series is always looked at
    expect(f.step('app', 'error_rate', 1.9)).toBe(0);
    // Degraded by its latency, the app is not recomputed when only its CPU moves quietly.
    expect(f.step('app', 'latency_ms', 900)).toBe(2);
    expect(f.score('app')!.score).toBeLessThan(100);
    expect(f.step('app', 'cpu_util', 50)).toBe(0);
  });

  it('follows an above rule across each level and back: at the level, moving past it, leaving it', () => {
    const f = fixture();
    f.step('app', 'cpu_util', 85); // exactly the minor level
    expect(f.score('app')!.factors[0]).toMatchObject({ kind: 'metric', params: { metric: 'cpu_util', severity: 'minor', threshold: 85 } });
    const minor = f.score('app')!.score;
    f.step('app', 'cpu_util', 95); // the major level, while already loud
    expect(f.score('app')!.score).toBeLessThan(minor);
    expect(f.score('sys')!.score).toBe(f.score('app')!.score);
    f.step('app', 'cpu_util', 84.99); // back inside the band
    expect(f.score('app')!.score).toBe(100);
    expect(f.score('sys')!.score).toBe(100);
  });

  it('follows a below rule (cache hit ratio) and `up` going to 0 and back', () => {
    const f = fixture();
    f.step('cache', 'hit_ratio', 80.01);
    expect(f.score('cache')!.score).toBe(100);
    f.step('cache', 'hit_ratio', 80);
    expect(f.score('cache')!.factors[0]).toMatchObject({ kind: 'metric', params: { metric: 'hit_ratio', threshold: 80 } });
    f.step('cache', 'hit_ratio', 40);
    f.step('cache', 'hit_ratio', 81);
    expect(f.score('cache')!.score).toBe(100);
    f.step('app', 'up', 0);
    expect(f.score('app')).toMatchObject({ score: 0, status: 'down' });
    f.step('app', 'up', 0.5);
    expect(f.score('app')!.score).toBe(100);
  });

  it('a rule edited to a lower level: the old band does not hide the new crossing', () => {
    let rules = DEFAULT_ALARM_RULES;
    const f = fixture(() => rules);
    rules = DEFAULT_ALARM_RULES.map((r) => (r.id === 'cpu-high' ? { ...r, levels: [{ severity: 'minor' as const, value: 50 }] } : r));
    f.step('app', 'cpu_util', 45); // the rules change is picked up: everything recomputed once
    expect(f.score('app')!.score).toBe(100);
    f.step('app', 'cpu_util', 60); // inside the old band (< 85), past the new level
    expect(f.score('app')!.factors[0]).toMatchObject({ kind: 'metric', params: { metric: 'cpu_util', threshold: 50 } });
  });

  it('a node redeclared as another kind gets that kind’s bands', () => {
    // CPU at 50 costs points on an AC only; other kinds keep the default 85.
    const rules = [...DEFAULT_ALARM_RULES, { id: 'cpu-ac', kind: 'threshold' as const, name: 'AC CPU', nodeKinds: ['AC'], enabled: true, metric: 'cpu_util', direction: 'above' as const, levels: [{ severity: 'minor' as const, value: 50 }], hysteresis: 0 }];
    const f = fixture(() => rules);
    f.step('cache', 'cpu_util', 45);
    f.node('cache', { kind: 'RD' });
    f.step('cache', 'cpu_util', 60); // quiet for an RD
    expect(f.score('cache')!.score).toBe(100);
    f.step('cache', 'cpu_util', 45);
    f.node('cache', { kind: 'AC' });
    f.settle();
    expect(f.score('cache')!.score).toBe(100);
    f.step('cache', 'cpu_util', 55); // quiet in the RD band it had, past the AC level
    expect(f.score('cache')!.factors[0]).toMatchObject({ kind: 'metric', params: { metric: 'cpu_util', threshold: 50 } });
  });
});
