import { describe, expect, it } from 'vitest';
import { FakeLedger } from './test-support/fake-ledger.js';
import { buildStack, smallGraph } from '../topology/test-support/domain-stack.js';
import { createHealth } from './index.js';
import { KEEP_WARM_EVERY, Rehearsal, processRehearsal } from './rehearsal.js';

describe('the engine rehearses its failure path', () => {
  it('takes the full path through a failure and back, and checks itself', () => {
    const r = new Rehearsal().run(4);
    expect(r.ok).toBe(true);
    // Per failure round: biz, app-1, app-2, db, vm-1, srv-1 and sw-a lose points (the silent
    // vm-3 only lowers confidence: its host still reports, so it stays ok at 0.5).
    expect(r.degraded).toBe(4 * 7);
    expect(r.scored).toBeGreaterThan(r.degraded);
  });

  it('a keep-warm round that throws never throws into the health tick, and says so', () => {
    const r = new Rehearsal();
    const boom = new Error('boom');
    (r as unknown as { recoverThenFail: () => void }).recoverThenFail = () => {
      throw boom;
    };
    for (let i = 0; i < KEEP_WARM_EVERY; i++) expect(() => r.tick()).not.toThrow();
    expect(r.ok).toBe(false);
    expect(r.error).toBe(boom);
  });

  it('runs once per process before the first health domain, leaves nothing in it, and keeps warm from its ticks', () => {
    const s = buildStack();
    smallGraph(s);
    const health = createHealth({ graph: s.topology.graph, visibility: s.topology.visibility, store: s.metrics.store, changes: s.metrics.changes, ledger: new FakeLedger(), sourceClock: s.sourceClock });
    const { rehearsal, first } = processRehearsal();
    expect(health.rehearsal).toBe(first);
    expect(first.ok).toBe(true);
    const kept = rehearsal.keptWarm;
    for (let i = 0; i < 2 * KEEP_WARM_EVERY; i++) health.tick(s.sourceClock.now());
    expect(rehearsal.keptWarm).toBe(kept + 2);
    expect(rehearsal.ok).toBe(true);
    expect([...health.engine.records()].map(([id]) => id).sort()).toEqual([...s.topology.graph.sortedNodeIds()]);
    expect(health.engine.get('biz')).toBeUndefined();
    health.dispose();

    const off = createHealth({ graph: s.topology.graph, visibility: s.topology.visibility, store: s.metrics.store, changes: s.metrics.changes, ledger: new FakeLedger(), sourceClock: s.sourceClock, rehearse: false });
    expect(off.rehearsal).toBeNull();
    for (let i = 0; i < KEEP_WARM_EVERY; i++) off.tick(s.sourceClock.now());
    expect(rehearsal.keptWarm).toBe(kept + 2);
    off.dispose();
  });
});
