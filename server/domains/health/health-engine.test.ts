import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_RULES } from '../../../shared/domain/alarm-rules.js';
import { explainedLoss, healthFixture } from './test-support/health-fixture.js';

/**
 *   sys ─uses─▶ app ─runs-on─▶ vm1 ─runs-on─▶ srv ─connects─▶ tor-a, tor-b (pair)
 *                  └─runs-on─▶ vm2 ─runs-on─▶ srv
 *       └─uses─▶ db
 */
function platform() {
  const f = healthFixture();
  f.node('sys', { kind: 'business-system', layer: 'business', domain: 'B', tenant: 'billing' });
  f.node('app', { kind: 'CS' });
  f.node('db', { kind: 'RD' });
  f.node('vm1', { kind: 'VCS', layer: 'iaas' });
  f.node('vm2', { kind: 'VCS', layer: 'iaas' });
  f.node('srv', { kind: 'server', layer: 'physical' });
  f.node('tor-a', { kind: 'switch', layer: 'physical', labels: { pair: 'tor-1' } });
  f.node('tor-b', { kind: 'switch', layer: 'physical', labels: { pair: 'tor-1' } });
  f.edge('sys', 'app');
  f.edge('sys', 'db');
  f.edge('app', 'vm1', 'runs-on');
  f.edge('app', 'vm2', 'runs-on');
  f.edge('vm1', 'srv', 'runs-on');
  f.edge('vm2', 'srv', 'runs-on');
  f.edge('srv', 'tor-a', 'connects');
  f.edge('srv', 'tor-b', 'connects');
  f.settle();
  return f;
}

describe('health engine', () => {
  it('scores a healthy platform 100 with no factors', () => {
    const f = platform();
    expect(f.score('sys')).toEqual({ nodeId: 'sys', score: 100, status: 'ok', confidence: 1, factors: [] });
  });

  it('names the leaf cause: a hot DCOS app shows on its business system as CPU over threshold', () => {
    const f = platform();
    f.write('app', 'cpu_util', 98);
    f.settle();
    const app = f.score('app')!;
    expect(app.score).toBeLessThan(75);
    expect(app.factors[0]).toMatchObject({ kind: 'metric', params: { metric: 'cpu_util', value: 98, severity: 'major' } });
    const sys = f.score('sys')!;
    expect(sys.score).toBe(app.score);
    expect(sys.factors[0]).toMatchObject({ kind: 'child', node: 'app', causes: [{ kind: 'metric', params: { metric: 'cpu_util' } }] });
    expect(explainedLoss(sys.factors)).toBe(Math.round((100 - sys.score) * 10));
  });

  it('MIN-n: one switch of the pair down degrades the server, the pair down takes it down', () => {
    const f = platform();
    f.graph.setStatus('tor-a', 'down');
    f.settle();
    expect(f.score('srv')).toMatchObject({ score: 80, status: 'warning', factors: [{ kind: 'redundancy', node: 'tor-a', impact: 20 }] });
    expect(f.score('sys')!.score).toBe(80);
    f.graph.setStatus('tor-b', 'down');
    f.settle();
    expect(f.score('srv')).toMatchObject({ score: 0, status: 'down' });
    expect(f.score('sys')!.factors[0]).toMatchObject({ kind: 'child', node: 'app', causes: [{ kind: 'availability', node: 'tor-a' }] });
  });

  it('MIN-n over runs-on sets: one of two VMs down is degraded, not dead', () => {
    const f = platform();
    f.graph.setStatus('vm1', 'down');
    f.settle();
    expect(f.score('app')).toMatchObject({ score: 80, status: 'warning', factors: [{ kind: 'redundancy', params: { group: 'VCS', failed: 1, members: 2 } }] });
  });

  it('ignores dependencies in maintenance', () => {
    const f = platform();
    f.node('db', { kind: 'RD', maintenance: true }, 'maintenance');
    f.write('db', 'cpu_util', 99);
    f.settle();
    expect(f.score('db')!.status).toBe('maintenance');
    expect(f.score('db')!.score).toBeLessThan(100);
    expect(f.score('sys')!.score).toBe(100);
  });

  it('lowers confidence for silent components instead of faking health', () => {
    const f = platform();
    f.write('db', 'cpu_util', 99);
    f.graph.setStatus('db', 'unknown');
    f.settle();
    expect(f.score('db')).toMatchObject({ score: 100, confidence: 0, status: 'unknown', factors: [{ kind: 'no-data', impact: 0 }] });
    const sys = f.score('sys')!;
    expect(sys.confidence).toBeCloseTo(0.67, 2);
    expect(sys.factors).toEqual([expect.objectContaining({ kind: 'no-data', messageKey: 'health.noData.children', impact: 0 })]);
  });

  it('penalises event alarms by severity: acknowledged half, suppressed and rule alarms not at all', () => {
    const f = platform();
    const a = f.ledger.raise('db', 'critical', { summary: 'replication broken' });
    f.settle();
    expect(f.score('db')).toMatchObject({ score: 60, factors: [{ kind: 'alarm', params: { severity: 'critical', summary: 'replication broken' }, impact: 40 }] });
    f.ledger.acknowledge([a.id], 'op1');
    f.settle();
    expect(f.score('db')!.score).toBe(80);
    f.ledger.raise('db', 'major', { suppressedBy: 'sil-1' });
    f.ledger.raise('db', 'major', { rule: true });
    f.settle();
    expect(f.score('db')!.score).toBe(80);
    f.ledger.clear(a.id);
    f.settle();
    expect(f.score('db')!.score).toBe(100);
  });

  it('a down component scores 0 with one availability factor', () => {
    const f = platform();
    f.write('db', 'up', 0);
    f.settle();
    expect(f.score('db')).toMatchObject({ score: 0, status: 'down', factors: [{ kind: 'availability', messageKey: 'health.down', impact: 100 }] });
  });

  it('recomputes only what changed and what depends on it', () => {
    const f = platform();
    f.write('tor-a', 'cpu_util', 10);
    f.changes.flush();
    // The switch moved but its score did not: nothing above it is touched.
    expect(f.engine.tick()).toBe(1);
    f.write('vm1', 'cpu_util', 99);
    f.changes.flush();
    // vm1, then app (the VM pair absorbs it: app unchanged), nothing further.
    expect(f.engine.tick()).toBe(2);
    f.write('db', 'cpu_util', 99);
    f.changes.flush();
    expect(f.engine.tick()).toBe(2);
    expect(f.engine.tick()).toBe(0);
  });

  it('carries work over budget to the next tick and converges', () => {
    const f = healthFixture({ maxPerTick: 2 });
    for (let i = 0; i < 6; i++) f.node(`n${i}`, {}, 'ok');
    for (let i = 0; i < 5; i++) f.edge(`n${i}`, `n${i + 1}`);
    expect(f.settle()).toBe(3);
    f.graph.setStatus('n5', 'down');
    expect(f.settle()).toBe(3);
    expect(f.score('n0')!.score).toBe(0);
    expect(f.engine.pending).toBe(0);
  });

  it('drops removed nodes and rescoring what depended on them; renames reach dependants', () => {
    const f = platform();
    f.graph.setStatus('db', 'down');
    f.settle();
    expect(f.score('sys')!.score).toBe(0);
    f.node('db', { kind: 'RD', name: 'billing db' }, 'down');
    f.settle();
    expect(f.score('sys')!.factors[0]!.params.name).toBe('billing db');
    f.graph.removeNode('db');
    f.settle();
    expect(f.score('db')).toBeUndefined();
    expect(f.score('sys')!.score).toBe(100);
  });

  it('reads the rules it is given, and rescores everything when they change', () => {
    let rules = DEFAULT_ALARM_RULES;
    const f = healthFixture({ rules: () => rules });
    f.node('app', { kind: 'CS' });
    f.write('app', 'cpu_util', 60);
    f.settle();
    expect(f.score('app')!.score).toBe(100);
    rules = DEFAULT_ALARM_RULES.map((r) => (r.id === 'cpu-high' ? { ...r, levels: [{ severity: 'minor' as const, value: 50 }] } : r));
    f.settle();
    expect(f.score('app')!.factors[0]).toMatchObject({ kind: 'metric', params: { metric: 'cpu_util', threshold: 50 } });
  });

  it('survives a dependency cycle', () => {
    const f = healthFixture();
    f.node('a');
    f.node('b');
    f.edge('a', 'b');
    f.edge('b', 'a');
    f.settle();
    f.graph.setStatus('b', 'down');
    f.settle(10);
    expect(f.score('a')!.score).toBe(0);
  });
});
