import { describe, expect, it } from 'vitest';
import { createSimulatedCloud, SimulatorError, type SimulatedCloud } from './index.js';
import { MIN, T0 } from './test-support/sim-rig.js';

const nullIngest = { declare: () => ({ nodes: 0, edges: 0 }), samples: () => ({ accepted: 0, rejected: 0, errors: [] }) };
const twin = () => createSimulatedCloud({ ingest: nullIngest, seed: 11, scale: 800 });
const AT = T0 + 10 * MIN;

/** A remedy applied at AT on one of two identical clouds: the slots up to AT stay identical. */
function compare(apply: (c: SimulatedCloud) => void) {
  const treated = twin();
  const control = twin();
  apply(treated);
  const v = (c: SimulatedCloud, id: string, metric: string, offsetMs: number) => c.valueAt(id, metric, AT + offsetMs);
  return {
    treated: (id: string, metric: string, offsetMs: number) => v(treated, id, metric, offsetMs),
    control: (id: string, metric: string, offsetMs: number) => v(control, id, metric, offsetMs),
    sameBefore(id: string, metric: string) {
      for (const off of [-60_000, -10_000, 0]) expect(v(treated, id, metric, off), `${id} ${metric} ${off}`).toBe(v(control, id, metric, off));
    },
    treatedCloud: treated,
  };
}

describe('remedies change the samples that follow, and only those', () => {
  it('scale-out adds instances over 90 s and relieves the app tier; scale-in takes them away', () => {
    const c = compare((cloud) => cloud.remedies.scaleOut('paas-cs-mbh', 8, AT));
    c.sameBefore('paas-cs-mbh', 'cpu_util');
    const base = c.control('paas-cs-mbh', 'instances', 120_000)!;
    expect(c.treated('paas-cs-mbh', 'instances', 120_000)).toBe(base + 8);
    expect(c.treated('paas-cs-mbh', 'cpu_util', 120_000)!).toBeLessThan(0.6 * c.control('paas-cs-mbh', 'cpu_util', 120_000)!);
    expect(c.treatedCloud.remedies.instancesOf('paas-cs-mbh')).toBe(base + 8);
    c.treatedCloud.remedies.scaleIn('paas-cs-mbh', 8 + base - 1, AT + 5 * MIN);
    expect(c.treated('paas-cs-mbh', 'instances', 6 * MIN)).toBe(1);
    expect(c.treated('paas-cs-mbh', 'cpu_util', 6 * MIN)!).toBeGreaterThan(2 * c.control('paas-cs-mbh', 'cpu_util', 6 * MIN)!);
    expect(() => c.treatedCloud.remedies.scaleIn('paas-cs-mbh', 1, AT + 7 * MIN)).toThrow(/cannot give up/);
  });

  it('kill-sessions drops a database’s sessions, which reconnect within 3 minutes', () => {
    const c = compare((cloud) => cloud.remedies.killSessions('paas-rd-crm', AT));
    c.sameBefore('paas-rd-crm', 'sessions');
    expect(c.treated('paas-rd-crm', 'sessions', 10_000)!).toBeLessThan(0.6 * c.control('paas-rd-crm', 'sessions', 10_000)!);
    expect(c.treated('paas-rd-crm', 'sessions', 3 * MIN)).toBe(c.control('paas-rd-crm', 'sessions', 3 * MIN));
  });

  it('restart-database reports the database down for 90 s, slow while it warms, then as before', () => {
    const c = compare((cloud) => cloud.remedies.restartDatabase('paas-rd-crm', AT));
    c.sameBefore('paas-rd-crm', 'up');
    expect(c.treated('paas-rd-crm', 'up', 10_000)).toBe(0);
    expect(c.treated('paas-rd-crm', 'latency_ms', 10_000)).toBeUndefined();
    expect(c.treated('biz-crm', 'error_rate', 60_000)!).toBeGreaterThan(5);
    expect(c.treated('paas-rd-crm', 'up', 100_000)).toBe(1);
    expect(c.treated('paas-rd-crm', 'latency_ms', 100_000)!).toBeGreaterThan(c.control('paas-rd-crm', 'latency_ms', 100_000)! + 50);
    expect(c.treated('biz-crm', 'latency_ms', 3 * MIN)).toBe(c.control('biz-crm', 'latency_ms', 3 * MIN));
  });

  it('switch-dns moves a system’s users to its DC-B app tier after the DNS TTL', () => {
    const c = compare((cloud) => cloud.remedies.switchDns('biz-cbs', 'DC-B', AT));
    c.sameBefore('paas-ac-cbs-dr', 'cpu_util');
    expect(c.treated('paas-ac-cbs-dr', 'cpu_util', 30_000)).toBe(c.control('paas-ac-cbs-dr', 'cpu_util', 30_000));
    expect(c.treated('paas-ac-cbs-dr', 'cpu_util', 2 * MIN)!).toBeGreaterThan(2 * c.control('paas-ac-cbs-dr', 'cpu_util', 2 * MIN)!);
    expect(c.treated('paas-ac-cbs', 'cpu_util', 2 * MIN)!).toBeLessThan(0.5 * c.control('paas-ac-cbs', 'cpu_util', 2 * MIN)!);
    expect(c.treated('biz-cbs', 'up', 2 * MIN)).toBe(1);
  });

  it('dr-switchover promotes the system’s DC-B database standbys after 2 minutes', () => {
    const c = compare((cloud) => expect(cloud.remedies.drSwitchover('biz-cbs', AT).nodes).toEqual(['paas-rd-cbs']));
    c.sameBefore('paas-rd-cbs-dr', 'qps');
    expect(c.treated('paas-rd-cbs-dr', 'qps', 60_000)).toBe(c.control('paas-rd-cbs-dr', 'qps', 60_000));
    expect(c.treated('paas-rd-cbs-dr', 'qps', 3 * MIN)!).toBeGreaterThan(2 * c.control('paas-rd-cbs-dr', 'qps', 3 * MIN)!);
    expect(c.treated('paas-rd-cbs', 'qps', 3 * MIN)!).toBeLessThan(0.5 * c.control('paas-rd-cbs', 'qps', 3 * MIN)!);
  });

  it('refuses unknown targets, wrong kinds and impossible actions', () => {
    const cloud = twin();
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof SimulatorError ? e.code : String(e);
      }
      return 'accepted';
    };
    expect(code(() => cloud.remedies.killSessions('paas-rd-nope', AT))).toBe('not_found');
    expect(code(() => cloud.remedies.killSessions('paas-ac-cbs', AT))).toBe('invalid_target');
    expect(code(() => cloud.remedies.scaleOut('paas-rd-cbs', 2, AT))).toBe('invalid_target');
    expect(code(() => cloud.remedies.scaleOut('paas-cs-mbh', 0, AT))).toBe('invalid_target');
    expect(code(() => cloud.remedies.scaleOut('paas-cs-mbh', 5000, AT))).toBe('conflict');
    expect(code(() => cloud.remedies.switchDns('paas-ac-cbs', 'DC-B', AT))).toBe('invalid_target');
    expect(code(() => cloud.remedies.drSwitchover('biz-hdb', AT))).toBe('conflict');
    expect(cloud.remedies.history()).toEqual([]);
    expect(cloud.remedies.list().map((r) => r.action)).toEqual(['scale-out', 'scale-in', 'kill-sessions', 'restart-database', 'switch-dns', 'dr-switchover']);
  });
});
