import { describe, expect, it } from 'vitest';
import type { SampleInput } from '../domains/ingest/ingest-port.js';
import { DEFAULT_SILENCE_MS } from '../domains/topology/status-deriver.js';
import { createSimulatedCloud, MAX_CATCH_UP_MS, SimulatorError } from './index.js';
import { MIN, simRig, T0 } from './test-support/sim-rig.js';

/** An ingest stand-in that folds every sample it is offered into one digest, in order. */
function digestSink() {
  let h = 0x811c9dc5;
  let count = 0;
  const perSlot = new Map<number, number>();
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  return {
    ingest: {
      declare: () => ({ nodes: 0, edges: 0 }),
      samples(batch: readonly SampleInput[]) {
        for (const x of batch) {
          mix(`${x.node}|${x.metric}|${x.t}|${x.v};`);
          perSlot.set(x.t!, (perSlot.get(x.t!) ?? 0) + 1);
        }
        count += batch.length;
        return { accepted: batch.length, rejected: 0, errors: [] };
      },
    },
    digest: () => `${h >>> 0}/${count}`,
    perSlot,
  };
}

/** Pumps at the given minutes; the flash sale starts at minute 1 and is scaled out at minute 11. */
function play(seed: number, pumpMinutes: number[], scale = 800, spreadSlots = false) {
  const sink = digestSink();
  const cloud = createSimulatedCloud({ ingest: sink.ingest, seed, scale, backfillMs: 0, spreadSlots });
  let largest = 0;
  for (const m of pumpMinutes) {
    const now = T0 + Math.round(m * MIN);
    largest = Math.max(largest, cloud.pump(now));
    if (m === 1) cloud.scenarios.start('flash-sale', now);
    if (m === 11) cloud.remedies.scaleOut('paas-cs-mbh', 30, now);
  }
  return { cloud, sink, largest };
}

describe('determinism', () => {
  const regular = Array.from({ length: 91 }, (_, k) => k * (10 / 60)); // every 10 s to minute 15
  it('gives identical samples for the same seed, scale, scenario and source time', () => {
    expect(play(5, regular).sink.digest()).toBe(play(5, regular).sink.digest());
  });

  it('does not depend on pump cadence', () => {
    const irregular = [0, 0.02, 0.5, 0.97, 1, 3.3, 3.31, 7.9, 11, 13.05, 14.6, 15];
    const a = play(5, regular);
    const b = play(5, irregular);
    expect(b.sink.digest()).toBe(a.sink.digest());
    expect(a.cloud.valueAt('biz-mbh', 'tps', T0 + 10 * MIN)).toBe(b.cloud.valueAt('biz-mbh', 'tps', T0 + 10 * MIN));
  });

  it('spreads a slot over its 10 s without changing a sample', () => {
    // Both runs end 9.999 s into the last slot, when every node of it has reported.
    const end = 15 + 9_999 / MIN;
    const allAtOnce = play(5, [...regular, end]);
    const engineTicks = Array.from({ length: 15 * 240 + 40 }, (_, k) => (k * 250) / MIN);
    const spread = play(5, [...engineTicks, end], 800, true);
    expect(spread.sink.digest()).toBe(allAtOnce.sink.digest());
    // An engine step hands the port about 1/40 of a slot instead of all of it.
    expect(spread.largest).toBeLessThan(allAtOnce.largest / 20);
  });

  it('differs with another seed', () => {
    expect(play(6, regular).sink.digest()).not.toBe(play(5, regular).sink.digest());
  });
});

describe('sampling', () => {
  it('reports every series of every node once per 10 s slot, with metrics fitting each kind', () => {
    const sink = digestSink();
    const cloud = createSimulatedCloud({ ingest: sink.ingest, seed: 1 });
    const series = cloud.platform.nodes.reduce((sum, n) => sum + cloud.metricsOf(n.decl.id).length, 0);
    expect(cloud.pump(T0)).toBe(13 * series); // default backfill: 2 minutes of 10 s slots
    expect(cloud.pump(T0 + 9_999)).toBe(0);
    expect(cloud.pump(T0 + 10_000)).toBe(series);
    expect([...sink.perSlot.keys()].every((t) => t % 10_000 === 0)).toBe(true);
    expect(cloud.metricsOf('biz-mbh')).toEqual(['up', 'tps', 'latency_ms', 'error_rate', 'sessions', 'recharges_per_min']);
    expect(cloud.metricsOf('paas-rd-cbs')).toEqual(['up', 'cpu_util', 'mem_util', 'qps', 'latency_ms', 'sessions', 'blocked_sessions', 'disk_util']);
    expect(cloud.metricsOf('paas-dmq-cbs')).toContain('queue_depth');
    expect(cloud.metricsOf('paas-cs-mbh')).toContain('instances');
    expect(cloud.metricsOf('phy-array-a-01')).toEqual(['up', 'iops', 'latency_ms', 'disk_util']);
    expect(cloud.metricsOf('iaas-vm-rd-cbs-1')).toEqual(['up', 'cpu_util', 'mem_util', 'disk_util', 'net_mbps']);
  });

  it('catches up at most 10 minutes after a jump of source time', () => {
    const sink = digestSink();
    const cloud = createSimulatedCloud({ ingest: sink.ingest, seed: 1, scale: 300, backfillMs: 0 });
    const perSlot = cloud.pump(T0);
    expect(cloud.pump(T0 + 3_600_000)).toBe((MAX_CATCH_UP_MS / 10_000) * perSlot);
  });

  it('stays healthy through a normal week, with a daily and weekly shape (UTC+8)', () => {
    const r = simRig({ scale: 600 });
    for (let h = 3; h <= 7 * 24; h += 5) {
      r.jumpTo(h * 60);
      expect(r.nodes().filter((n) => n.status !== 'ok').map((n) => `${n.id}:${n.status}`), `hour ${h}`).toEqual([]);
    }
    const c = r.cloud;
    const cst = (day: number, hour: number) => Date.UTC(2026, 0, day, hour - 8); // 2026-01-01 is a Thursday
    expect(c.valueAt('biz-mbh', 'tps', cst(2, 16))!).toBeGreaterThan(2 * c.valueAt('biz-mbh', 'tps', cst(2, 4))!);
    // Office systems empty out at night and at weekends; consumers recharge a little less on Sunday.
    expect(c.valueAt('biz-uip', 'logins_per_min', cst(2, 11))!).toBeGreaterThan(3 * c.valueAt('biz-uip', 'logins_per_min', cst(2, 2))!);
    expect(c.valueAt('biz-uip', 'logins_per_min', cst(2, 11))!).toBeGreaterThan(2 * c.valueAt('biz-uip', 'logins_per_min', cst(4, 11))!);
    expect(c.valueAt('biz-mbh', 'tps', cst(4, 16))!).toBeLessThan(c.valueAt('biz-mbh', 'tps', cst(2, 16))!);
  });

  it('turns a node that goes silent unknown after the silence interval', () => {
    const r = simRig({ scale: 600 });
    r.goTo(1);
    r.cloud.scenarios.start('db-hang', r.now());
    const db = r.cloud.scenarios.list().find((s) => s.name === 'db-hang')!.targets.node;
    r.goTo(3); // hangs at minute 1 + 2 = 3
    const last = r.s.metrics.store.lastSeen(db)!;
    expect(last).toBeLessThan(r.at(3));
    r.goTo(3 + (DEFAULT_SILENCE_MS - 10_000) / MIN);
    expect(r.status(db)).toBe('ok');
    r.goTo(3 + (DEFAULT_SILENCE_MS + 30_000) / MIN);
    expect(r.status(db)).toBe('unknown');
    // A simulator that stops pumping leaves everything unknown: never a frozen green wall.
    r.s.wall.set(r.at(10));
    r.s.topology.tick(r.now());
    expect(new Set(r.nodes().map((n) => n.status))).toEqual(new Set(['unknown']));
  });
});

describe('scenario lifecycle', () => {
  it('starts, refuses a second run of the same name, stops, and lists phases', () => {
    const cloud = createSimulatedCloud({ ingest: digestSink().ingest, seed: 1, scale: 300 });
    expect(cloud.scenarios.list().map((s) => s.name)).toEqual(['flash-sale', 'db-lock-storm', 'dc-failure', 'db-hang']);
    expect(() => cloud.scenarios.start('meteor', T0)).toThrow(SimulatorError);
    const run = cloud.scenarios.start('dc-failure', T0);
    expect(run.phase).toEqual({ phase: 'active', since: T0 });
    expect(cloud.scenarios.start('db-hang', T0 + 2 * MIN).phase.phase).toBe('active');
    expect(cloud.scenarios.active(T0 + MIN).map((a) => a.phase.phase)).toEqual(['active', 'scheduled']);
    expect(() => cloud.scenarios.start('dc-failure', T0 + MIN)).toThrow(/already running/);
    expect(cloud.scenarios.active(T0 + 5 * MIN)[0]).toMatchObject({ name: 'dc-failure', minute: 5, phase: { phase: 'active' } });
    cloud.scenarios.stop('dc-failure', T0 + 6 * MIN);
    expect(cloud.scenarios.active(T0 + 6 * MIN).map((a) => a.name)).toEqual(['db-hang']);
    expect(() => cloud.scenarios.stop('dc-failure', T0 + 7 * MIN)).toThrow(/not running/);
    // Once ended, it may run again.
    expect(cloud.scenarios.start('dc-failure', T0 + 8 * MIN)).toMatchObject({ id: 3, name: 'dc-failure' });
  });

  it('starts --scenario at the first pump', () => {
    const cloud = createSimulatedCloud({ ingest: digestSink().ingest, seed: 1, scale: 300, scenario: 'db-hang' });
    cloud.pump(T0 + 5000);
    expect(cloud.scenarios.active()).toMatchObject([{ name: 'db-hang', startedAt: T0 + 5000 }]);
    expect(() => createSimulatedCloud({ ingest: digestSink().ingest, seed: 1, scale: 300, scenario: 'nope' })).toThrow(/unknown scenario nope/);
  });
});
