import { describe, expect, it } from 'vitest';
import { simRig, type SimRig } from './test-support/sim-rig.js';

/** A rig with `name` started at minute 0 (source time T0), and its targets. */
function story(name: string) {
  const r = simRig();
  r.cloud.scenarios.start(name, r.now());
  const info = r.cloud.scenarios.list().find((s) => s.name === name)!;
  return { r, node: info.targets.node, systems: info.targets.systems };
}
const phase = (r: SimRig) => r.cloud.scenarios.active(r.now())[0]?.phase.phase ?? 'ended';
const bad = (status: string) => status === 'critical' || status === 'down';

describe('flash-sale (mobile business hall, Double 11)', () => {
  it('surges from minute 5 to ×8 by minute 10, saturating the DCOS app; ends by itself at minute 60', () => {
    const { r, node: app, systems } = story('flash-sale');
    expect(app).toBe('paas-cs-mbh');
    expect(systems).toEqual(['biz-mbh']);
    r.goTo(4.5);
    const before = r.mean('biz-mbh', 'sessions', 3, 4.5);
    const sharedDbBefore = r.latest('paas-rd-shared-01', 'qps');
    expect(r.status('biz-mbh')).toBe('ok');
    expect(r.latest(app, 'cpu_util')).toBeLessThan(85);
    r.goTo(10);
    expect(r.latest('biz-mbh', 'sessions') / before).toBeGreaterThan(6.5);
    expect(r.latest('biz-mbh', 'sessions') / before).toBeLessThan(9.5);
    expect(r.latest(app, 'cpu_util')).toBeGreaterThanOrEqual(95);
    expect(r.latest(app, 'latency_ms')).toBeGreaterThan(2000);
    expect(r.status(app)).toBe('critical');
    expect(r.status('biz-mbh')).toBe('critical');
    // The surge loads what is under it, including a database shared with other tenants' systems.
    expect(r.latest('paas-rd-shared-01', 'qps')).toBeGreaterThan(1.2 * sharedDbBefore);
    r.goTo(59.5);
    expect(r.status('biz-mbh')).toBe('critical');
    r.goTo(61);
    expect(r.status('biz-mbh')).toBe('ok');
    expect(r.status(app)).toBe('ok');
    expect(phase(r)).toBe('ended');
  });

  it('recovers within 5 minutes of a DCOS scale-out, with the surge still on', () => {
    const { r, node: app } = story('flash-sale');
    r.goTo(12);
    expect(r.status('biz-mbh')).toBe('critical');
    const instances = r.latest(app, 'instances');
    const receipt = r.cloud.remedies.scaleOut(app, 32, r.now());
    expect(receipt.effectiveBy - receipt.at).toBeLessThanOrEqual(5 * 60_000);
    expect(r.cloud.scenarios.active(r.now())[0]!.phase).toEqual({ phase: 'remedied', remedy: 'scale-out', at: receipt.at, recoversBy: receipt.at + 5 * 60_000 });
    r.goTo(17);
    expect(r.latest(app, 'instances')).toBe(instances + 32);
    expect(r.latest(app, 'cpu_util')).toBeLessThan(85);
    expect(r.status(app)).toBe('ok');
    expect(r.status('biz-mbh')).toBe('ok');
    // All of the surge is now served: more throughput than while it was refused.
    expect(r.mean('biz-mbh', 'tps', 15, 17)).toBeGreaterThan(1.3 * r.mean('biz-mbh', 'tps', 10, 12));
  });
});

describe('db-lock-storm (converged-billing database)', () => {
  it('piles up blocked sessions from minute 2 (×20 by minute 8), slowing billing and accounting; lasts 45 minutes', () => {
    const { r, node: db, systems } = story('db-lock-storm');
    expect(db).toBe('paas-rd-cbs');
    expect(systems).toEqual(expect.arrayContaining(['biz-cbs', 'biz-rta']));
    r.goTo(2);
    const blockedBefore = r.mean(db, 'blocked_sessions', 0, 2);
    for (const id of [db, 'biz-cbs', 'biz-rta']) expect(r.status(id), id).toBe('ok');
    r.goTo(8);
    expect(r.latest(db, 'blocked_sessions') / blockedBefore).toBeGreaterThan(15);
    for (const id of ['biz-cbs', 'biz-rta']) {
      expect(r.latest(id, 'latency_ms'), id).toBeGreaterThan(2000);
      expect(r.status(id), id).toBe('critical');
    }
    r.goTo(45.5);
    expect(r.status('biz-cbs')).toBe('critical');
    r.goTo(47.5);
    for (const id of [db, 'biz-cbs', 'biz-rta']) expect(r.status(id), id).toBe('ok');
    expect(phase(r)).toBe('ended');
  });

  it('clears within 2 minutes of killing the blockers', () => {
    const { r, node: db } = story('db-lock-storm');
    r.goTo(10);
    r.cloud.remedies.killSessions(db, r.now());
    r.goTo(12);
    expect(r.latest(db, 'blocked_sessions')).toBeLessThan(6);
    for (const id of [db, 'biz-cbs', 'biz-rta']) expect(r.status(id), id).toBe('ok');
    expect(phase(r)).toBe('ended');
  });
});

describe('dc-failure (a DC-A disk array)', () => {
  it('fails at minute 3; what depends on it degrades or goes down within 2 minutes, until stopped', () => {
    const { r, node: array, systems } = story('dc-failure');
    expect(r.s.topology.graph.node(array)).toMatchObject({ kind: 'disk-array', dc: 'DC-A' });
    expect(systems).toEqual(expect.arrayContaining(['biz-cbs', 'biz-rta']));
    r.goTo(2.9);
    expect(r.nodes().filter((n) => n.status !== 'ok')).toEqual([]);
    r.goTo(5);
    expect(r.status(array)).toBe('unknown');
    const p = r.cloud.platform;
    const volumes = p.dependentsOf(p.index(array)).map((i) => p.nodes[i]!.decl).filter((d) => d.kind === 'BS');
    expect(volumes.length).toBeGreaterThan(0);
    for (const v of volumes) expect(r.status(v.id), v.id).toBe('down');
    const hosts = p.dependentsOf(p.index(array)).filter((i) => p.nodes[i]!.decl.kind === 'server');
    const vms = hosts.flatMap((h) => p.dependentsOf(h)).map((i) => p.nodes[i]!.decl.id);
    expect(vms.length).toBeGreaterThan(0);
    for (const vm of vms) expect(r.status(vm), vm).toBe('down');
    expect(r.status('paas-rd-cbs')).toBe('down');
    for (const id of ['biz-cbs', 'biz-rta']) expect(bad(r.status(id)), id).toBe(true);
    r.goTo(30);
    expect(bad(r.status('biz-cbs'))).toBe(true);
    r.cloud.scenarios.stop('dc-failure', r.now());
    r.goTo(31.5);
    for (const id of [array, 'paas-rd-cbs', 'biz-cbs', 'biz-rta']) expect(r.status(id), id).toBe('ok');
  });

  it('brings a business system up in DC-B within 10 minutes of DR plus DNS switchover', () => {
    const { r } = story('dc-failure');
    r.goTo(6);
    // DNS alone sends users to DC-B, where the database is still the dead DC-A primary.
    r.cloud.remedies.switchDns('biz-cbs', 'DC-B', r.now());
    r.goTo(9);
    expect(bad(r.status('biz-cbs'))).toBe(true);
    expect(r.s.topology.graph.node('biz-cbs')!.dc).toBe('DC-B');
    const receipt = r.cloud.remedies.drSwitchover('biz-cbs', r.now());
    expect(receipt.nodes).toContain('paas-rd-cbs');
    expect(phase(r)).toBe('remedied');
    r.goTo(19);
    expect(r.status('biz-cbs')).toBe('ok');
    expect(r.status('paas-rd-cbs-dr')).toBe('ok');
    // The promoted standby now carries the load it only replicated before.
    expect(r.latest('paas-rd-cbs-dr', 'qps')).toBeGreaterThan(2 * r.mean('paas-rd-cbs-dr', 'qps', 0, 5));
  });
});

describe('db-hang (one relational database instance)', () => {
  it('goes silent at minute 2 (unknown), its callers time out; comes back by itself after 30 minutes', () => {
    const { r, node: db, systems } = story('db-hang');
    expect(r.s.topology.graph.node(db)!.kind).toBe('RD');
    expect(systems.length).toBeGreaterThan(0);
    r.goTo(2);
    expect(r.status(db)).toBe('ok');
    r.goTo(3);
    expect(r.status(db)).toBe('unknown');
    for (const s of systems) {
      expect(r.status(s), s).toBe('critical');
      expect(r.latest(s, 'latency_ms')).toBeGreaterThan(2000);
    }
    r.goTo(31.5);
    expect(r.status(db)).toBe('unknown');
    r.goTo(32.5);
    expect(r.status(db)).toBe('ok');
    for (const s of systems) expect(r.status(s), s).toBe('ok');
  });

  it('is back within 3 minutes of a restart (down while it restarts, not silent)', () => {
    const { r, node: db, systems } = story('db-hang');
    r.goTo(6);
    r.cloud.remedies.restartDatabase(db, r.now());
    r.goTo(6.5);
    expect(r.status(db)).toBe('down');
    r.goTo(9);
    expect(r.status(db)).toBe('ok');
    for (const s of systems) expect(r.status(s), s).toBe('ok');
    expect(phase(r)).toBe('ended');
  });
});
