import { afterEach, describe, expect, it } from 'vitest';
import { buildAlarmsStack, type AlarmsStack } from './test-support/alarms-stack.js';

let s: AlarmsStack;
afterEach(async () => {
  await s?.close();
});

const ruleAlarm = (rule: string, node: string) => [...s.alarms.ledger.open()].find((a) => a.fingerprint === `rule:${rule}|${node}`);

/** Writes one sample at source now, then moves 10 s on and ticks. */
function sample(node: string, metric: string, v: number) {
  expect(s.ingest.port.samples([{ node, metric, v }]).accepted).toBe(1);
  s.tick();
  s.sourceClock.advance(10_000);
}

describe('threshold rules with hysteresis', () => {
  it('raise, step up at once, step down and clear only past the hysteresis', async () => {
    s = await buildAlarmsStack();
    // Default cpu-high: minor ≥ 85, major ≥ 95, hysteresis 5.
    const steps: (string | null)[] = [];
    for (const v of [80, 87, 96, 92, 89, 82, 84.9, 79]) {
      sample('b-vm', 'cpu_util', v);
      steps.push(ruleAlarm('cpu-high', 'b-vm')?.severity ?? null);
    }
    expect(steps).toEqual([null, 'minor', 'major', 'major', 'minor', 'minor', 'minor', null]);
    const cleared = (await s.request('GET', '/api/v1/alarms?state=cleared&resource=b-vm', 'op1')).body.items;
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ origin: { kind: 'rule', ruleId: 'cpu-high', version: 1 }, type: 'cpu-high', clearedBy: 'rule:cpu-high', count: 3 });
    const history = (await s.request('GET', `/api/v1/alarms/${cleared[0].id}`, 'op1')).body.history;
    expect(history.map((h: { kind: string; details: unknown }) => [h.kind, h.details])).toEqual([
      ['raised', { severity: 'minor', summary: expect.stringContaining('cpu_util 87') }],
      ['severity', { from: 'minor', to: 'major' }],
      ['severity', { from: 'major', to: 'minor' }],
      ['cleared', null],
    ]);
  });

  it('lower-is-worse rules and nodeKinds filters', async () => {
    s = await buildAlarmsStack();
    const put = await s.request('POST', '/api/v1/rules', 'admin', {
      id: 'rd-conn-low',
      kind: 'threshold',
      name: 'Free connections low',
      nodeKinds: ['RD'],
      metric: 'free_conns',
      direction: 'below',
      levels: [{ severity: 'warning', value: 20 }, { severity: 'critical', value: 5 }],
      hysteresis: 2,
    });
    expect(put.status).toBe(201);
    s.tick(); // the new rule applies at the next tick
    sample('shared-db', 'free_conns', 4);
    sample('b-app', 'free_conns', 1); // kind AC: not covered
    expect(ruleAlarm('rd-conn-low', 'shared-db')?.severity).toBe('critical');
    expect(ruleAlarm('rd-conn-low', 'b-app')).toBeUndefined();
    sample('shared-db', 'free_conns', 6.5);
    expect(ruleAlarm('rd-conn-low', 'shared-db')?.severity).toBe('critical');
    sample('shared-db', 'free_conns', 7.5);
    expect(ruleAlarm('rd-conn-low', 'shared-db')?.severity).toBe('warning');
    sample('shared-db', 'free_conns', 23);
    expect(ruleAlarm('rd-conn-low', 'shared-db')).toBeUndefined();
  });
});

describe('absence rules', () => {
  it('raise once a node that reported stays silent past forMs, and clear when it reports again', async () => {
    s = await buildAlarmsStack();
    sample('b-app', 'tps', 1);
    for (let i = 0; i < 5; i++) s.advance(10_000);
    expect(ruleAlarm('no-data', 'b-app')).toBeUndefined();
    s.advance(10_000);
    expect(ruleAlarm('no-data', 'b-app')).toMatchObject({ severity: 'major', origin: { ruleId: 'no-data' } });
    expect(ruleAlarm('no-data', 'c-app')).toBeUndefined(); // never reported: the deriver says unknown, no alarm
    sample('b-app', 'tps', 1);
    expect(ruleAlarm('no-data', 'b-app')).toBeUndefined();
  });
});

describe('rules as versioned data', () => {
  const spec = {
    kind: 'threshold',
    name: 'CPU utilisation high',
    metric: 'cpu_util',
    direction: 'above',
    levels: [{ severity: 'minor', value: 70 }, { severity: 'major', value: 90 }],
    hysteresis: 5,
  };

  it('every edit is a new version, old ones stay readable; expectedVersion guards lost updates', async () => {
    s = await buildAlarmsStack();
    const list = (await s.request('GET', '/api/v1/rules?limit=1000', 'billing-viewer')).body;
    expect(list.items.map((r: { id: string }) => r.id)).toContain('cpu-high');
    expect((await s.request('GET', '/api/v1/rules/cpu-high', 'wall')).body).toMatchObject({ version: 1, updatedBy: 'system' });

    sample('b-vm', 'cpu_util', 75);
    expect(ruleAlarm('cpu-high', 'b-vm')).toBeUndefined();
    const v2 = await s.request('PUT', '/api/v1/rules/cpu-high', 'op3', { ...spec, expectedVersion: 1 });
    expect(v2).toMatchObject({ status: 200, body: { version: 2, updatedBy: 'op3', levels: spec.levels } });
    s.tick();
    // An edited rule re-evaluates every node at once, without waiting for a new sample.
    expect(ruleAlarm('cpu-high', 'b-vm')).toMatchObject({ severity: 'minor', origin: { version: 2 } });

    expect((await s.request('PUT', '/api/v1/rules/cpu-high', 'admin', { ...spec, name: 'stale', expectedVersion: 1 })).status).toBe(409);
    expect((await s.request('PUT', '/api/v1/rules/cpu-high', 'admin', { ...spec, name: 'CPU', hysteresis: 2 })).body.version).toBe(3);
    const versions = (await s.request('GET', '/api/v1/rules/cpu-high/versions', 'op1')).body;
    expect(versions.items.map((r: { version: number; updatedBy: string }) => [r.version, r.updatedBy])).toEqual([
      [3, 'admin'],
      [2, 'op3'],
      [1, 'system'],
    ]);
    expect(versions.items[2].levels).toEqual([{ severity: 'minor', value: 85 }, { severity: 'major', value: 95 }]);

    const disabled = await s.request('DELETE', '/api/v1/rules/cpu-high', 'admin');
    expect(disabled.body).toMatchObject({ version: 4, enabled: false });
    s.tick();
    expect(ruleAlarm('cpu-high', 'b-vm')).toBeUndefined();
    expect((await s.request('DELETE', '/api/v1/rules/cpu-high', 'admin')).status).toBe(409);
    expect((await s.request('POST', '/api/v1/rules', 'admin', { ...spec, id: 'cpu-high' })).status).toBe(409);
    expect((await s.request('GET', '/api/v1/rules/nope', 'op1')).status).toBe(404);
    expect((await s.request('PUT', '/api/v1/rules/nope', 'admin', spec)).status).toBe(404);
    expect(s.audits.map((a) => a.action)).toEqual(['rule.update', 'rule.update', 'rule.disable']);
  });

  it('tier 3–4 operators and admins edit rules; tier 1, duty managers and tenants get 403', async () => {
    s = await buildAlarmsStack();
    const create = (token: string, id: string) => s.request('POST', '/api/v1/rules', token, { ...spec, id });
    expect((await create('op1', 'r-op1')).status).toBe(403);
    expect((await create('billing', 'r-billing')).status).toBe(403);
    expect((await create('wall', 'r-wall')).status).toBe(403);
    expect((await create('duty', 'r-duty')).status).toBe(403);
    expect((await create('op3', 'r-op3')).status).toBe(201);
    expect((await create('admin', 'r-admin')).status).toBe(201);
    expect((await s.request('PUT', '/api/v1/rules/r-op3', 'op1', spec)).status).toBe(403);
    expect((await s.request('DELETE', '/api/v1/rules/r-op3', 'billing')).status).toBe(403);
    expect((await s.request('GET', '/api/v1/rules/r-op3', 'op1')).status).toBe(200);
    // Bad specs are refused and nothing is stored.
    for (const bad of [
      { ...spec, id: 'r-bad', levels: [{ severity: 'minor', value: 90 }, { severity: 'major', value: 70 }] },
      { ...spec, id: 'r-bad', levels: [{ severity: 'minor', value: 70 }, { severity: 'minor', value: 90 }] },
      { ...spec, id: 'R Bad' },
      { ...spec, id: 'r-bad', kind: 'absence' },
    ]) {
      expect((await s.request('POST', '/api/v1/rules', 'admin', bad)).status).toBe(400);
    }
    expect((await s.request('GET', '/api/v1/rules/r-bad', 'op1')).status).toBe(404);
  });
});
