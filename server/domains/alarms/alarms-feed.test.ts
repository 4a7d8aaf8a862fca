import { afterEach, describe, expect, it } from 'vitest';
import { ALARM_TOPIC_LIMIT, alarmOfEntity, type AlarmEntity, type AlarmSummaryEntity } from '../../../shared/protocol/alarms.js';
import type { Audience } from '../../core/auth/principal.js';
import { clusterIdOf } from '../topology/index.js';
import type { AlarmsFeed } from './alarms-feed.js';
import { buildAlarmsStack, CALLERS, event, type AlarmsStack } from './test-support/alarms-stack.js';

let s: AlarmsStack;
afterEach(async () => {
  await s?.close();
});

const OPS: Audience = { kind: 'operations' };
const BILLING: Audience = { kind: 'tenants', tenants: ['billing'] };
const CHANNEL: Audience = { kind: 'tenants', tenants: ['channel'] };

function feed(): AlarmsFeed {
  const kind = s.alarms.topicKinds[0]!;
  expect(kind.match('alarms')).toEqual({ param: null });
  expect(kind.match('alarms:x')).toBeNull();
  return kind.create('alarms', null) as AlarmsFeed;
}
const clusterOf = (id: string) => clusterIdOf(s.topology.graph.node(id)!);
let BUSINESS_B = '';
let RD = '';
const summary = (f: AlarmsFeed, a: Audience) => f.aggregates(a).get('summary') as AlarmSummaryEntity;
const resources = (f: AlarmsFeed, a: Audience) => [...f.select(a).values()].map((e) => (e as AlarmEntity).resource).sort();

describe('the alarms topic', () => {
  it('shows each audience only alarms on nodes it sees, with its own counts and badges', async () => {
    s = await buildAlarmsStack();
    const f = feed();
    BUSINESS_B = clusterOf('b-sys');
    RD = clusterOf('shared-db');
    expect(clusterOf('c-sys')).toBe(BUSINESS_B);
    expect(RD).not.toBe(BUSINESS_B);
    s.offer([
      event({ resource: 'b-sys', severity: 'critical' }),
      event({ resource: 'c-sys', severity: 'critical' }),
      event({ resource: 'shared-db', severity: 'minor' }),
      event({ resource: 'shared-db', type: 'slow', severity: 'warning' }),
    ]);
    s.tick();
    expect(f.drain()).toBe('all');
    expect(f.drain()).toEqual([]);
    expect(resources(f, OPS)).toEqual(['b-sys', 'c-sys', 'shared-db', 'shared-db']);
    expect(resources(f, BILLING)).toEqual(['b-sys', 'shared-db', 'shared-db']);
    expect(resources(f, CHANNEL)).toEqual(['c-sys', 'shared-db', 'shared-db']);
    expect(f.get(`a:${[...s.alarms.ledger.open()].find((a) => a.resource === 'c-sys')!.id}`, BILLING)).toBeUndefined();
    expect(summary(f, BILLING)).toEqual({
      type: 'alarm-summary',
      bySeverity: { critical: 1, major: 0, minor: 1, warning: 1, info: 0 },
      unacknowledged: { critical: 1, major: 0, minor: 1, warning: 1, info: 0 },
      suppressed: 0,
      flapping: 0,
      byNode: { 'b-sys': { severity: 'critical', count: 1 }, 'shared-db': { severity: 'minor', count: 2 } },
      byCluster: { [BUSINESS_B]: { severity: 'critical', count: 1 }, [RD]: { severity: 'minor', count: 2 } },
    });
    expect(summary(f, OPS).bySeverity.critical).toBe(2);
    // Per cluster as the wall clusters them (the `topology` topic's ids), over what each audience sees.
    expect(summary(f, OPS).byCluster).toEqual({ [BUSINESS_B]: { severity: 'critical', count: 2 }, [RD]: { severity: 'minor', count: 2 } });
    expect(summary(f, CHANNEL).byCluster[BUSINESS_B]).toEqual({ severity: 'critical', count: 1 });

    // Acknowledging and clearing move the counts; the entity carries the alarm's own type.
    const bAlarm = [...s.alarms.ledger.open()].find((a) => a.resource === 'b-sys')!;
    s.alarms.ledger.acknowledge([bAlarm.id], 'op1', null);
    expect(summary(f, BILLING).unacknowledged.critical).toBe(0);
    expect(summary(f, BILLING).bySeverity.critical).toBe(1);
    const entity = f.select(BILLING).get(`a:${bAlarm.id}`) as AlarmEntity;
    expect(entity).toMatchObject({ type: 'alarm', eventType: 'connection-timeout', state: 'acknowledged' });
    expect(alarmOfEntity(entity)).toEqual(s.alarms.ledger.get(bAlarm.id));
    // The same alarm object gives the same entity object, so the hub's diff skips it.
    expect(f.select(BILLING).get(`a:${bAlarm.id}`)).toBe(entity);
    s.offer([event({ resource: 'b-sys', status: 'resolved' })]);
    s.tick();
    expect(resources(f, BILLING)).toEqual(['shared-db', 'shared-db']);
    expect(summary(f, BILLING).byNode).toEqual({ 'shared-db': { severity: 'minor', count: 2 } });
    expect(summary(f, BILLING).byCluster).toEqual({ [RD]: { severity: 'minor', count: 2 } });
    expect(summary(f, OPS).byCluster[BUSINESS_B]).toEqual({ severity: 'critical', count: 1 });
    f.dispose();
  });

  it(`snapshots at most ${ALARM_TOPIC_LIMIT} alarms, the most severe, and counts all of them`, async () => {
    s = await buildAlarmsStack();
    const f = feed();
    const many = Array.from({ length: ALARM_TOPIC_LIMIT + 100 }, (_, i) => event({ type: `t${i}`, severity: i < 20 ? 'critical' : 'info' }));
    s.offer(many.slice(0, 1000));
    s.tick();
    const kept = [...f.select(OPS).values()] as AlarmEntity[];
    expect(kept).toHaveLength(ALARM_TOPIC_LIMIT);
    expect(kept.filter((a) => a.severity === 'critical')).toHaveLength(20);
    expect(summary(f, OPS).bySeverity).toMatchObject({ critical: 20, info: ALARM_TOPIC_LIMIT + 80 });
  });

  it('needs alarms:read', async () => {
    s = await buildAlarmsStack();
    const kind = s.alarms.topicKinds[0]!;
    expect(kind.authorize(CALLERS['billing-viewer']!, null)).toBeNull();
    expect(kind.authorize(CALLERS.wall!, null)).toBeNull();
    expect(kind.authorize(CALLERS.pusher!, null)?.status).toBe(403);
  });
});
