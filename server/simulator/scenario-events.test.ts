import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../shared/domain/alarms.js';
import { createSimulatedCloud } from './index.js';
import { MIN, T0 } from './test-support/sim-rig.js';

/** The stories' targets raise events through the ingest port, once per run, and resolve them when the run ends. */
function rig(scenario: string) {
  const events: AlarmEvent[] = [];
  const ingest = {
    declare: () => ({ nodes: 0, edges: 0 }),
    samples: (b: readonly unknown[]) => ({ accepted: b.length, rejected: 0, errors: [] }),
    events: (b: readonly AlarmEvent[]) => {
      events.push(...b);
      return { accepted: b.length };
    },
  };
  const cloud = createSimulatedCloud({ ingest, seed: 3, scale: 300, backfillMs: 0, scenario });
  return { cloud, events, pumpAt: (m: number) => cloud.pump(T0 + m * MIN) };
}

describe('scenario events', () => {
  it('dc-failure: the failed array raises a critical array-failure at minute 3, once, resolved when stopped', () => {
    const r = rig('dc-failure');
    const array = r.cloud.scenarios.list().find((x) => x.name === 'dc-failure')!.targets.node;
    for (const m of [0, 1, 2.9]) r.pumpAt(m);
    expect(r.events).toEqual([]);
    for (const m of [3, 3.5, 8]) r.pumpAt(m);
    expect(r.events).toEqual([
      {
        resource: array,
        type: 'array-failure',
        severity: 'critical',
        summary: expect.any(String),
        source: 'simulator',
        labels: { scenario: 'dc-failure' },
        occurredAt: new Date(T0 + 3 * MIN).toISOString(),
        status: 'firing',
      },
    ]);
    r.cloud.scenarios.stop('dc-failure', T0 + 9 * MIN);
    r.pumpAt(9.5);
    r.pumpAt(12);
    expect(r.events.map((e) => [e.type, e.status, e.occurredAt])).toEqual([
      ['array-failure', 'firing', new Date(T0 + 3 * MIN).toISOString()],
      ['array-failure', 'resolved', new Date(T0 + 9 * MIN).toISOString()],
    ]);
  });

  it('db-hang: the database raises connection-timeout at minute 2 and resolves when it comes back (minute 32 untreated)', () => {
    const r = rig('db-hang');
    for (const m of [0, 2, 10, 31]) r.pumpAt(m);
    expect(r.events.map((e) => [e.type, e.status])).toEqual([['connection-timeout', 'firing']]);
    r.pumpAt(33);
    expect(r.events.map((e) => [e.type, e.status, e.occurredAt])).toEqual([
      ['connection-timeout', 'firing', new Date(T0 + 2 * MIN).toISOString()],
      ['connection-timeout', 'resolved', new Date(T0 + 32 * MIN).toISOString()],
    ]);
  });

  it('a run stopped before its event never raises it', () => {
    const r = rig('dc-failure');
    r.pumpAt(0);
    r.cloud.scenarios.stop('dc-failure', T0 + MIN);
    r.pumpAt(5);
    expect(r.events).toEqual([]);
  });
});
