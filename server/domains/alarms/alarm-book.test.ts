import { afterEach, describe, expect, it } from 'vitest';
import { FLAPPING } from '../../../shared/domain/alarms.js';
import type { AlarmChange } from './alarm-ledger.js';
import { buildAlarmsStack, event, T0, type AlarmsStack } from './test-support/alarms-stack.js';

const MIN = 60_000;
let s: AlarmsStack;
afterEach(async () => {
  await s?.close();
});

const open = () => [...s.alarms.ledger.open()];

describe('dedup by fingerprint', () => {
  it('folds repeats into one alarm with count, first and last seen, and a severity step', async () => {
    s = await buildAlarmsStack();
    s.offer([event()]);
    s.tick();
    s.sourceClock.advance(30_000);
    s.offer([event(), event({ severity: 'critical', summary: 'every connection times out' })]);
    s.tick();
    const [a, ...rest] = open();
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      fingerprint: 'probe|shared-db|connection-timeout',
      count: 3,
      severity: 'critical',
      summary: 'every connection times out',
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0 + 30_000).toISOString(),
      state: 'active',
      origin: { kind: 'event' },
    });
    // A different type or an explicit fingerprint is another alarm.
    s.offer([event({ type: 'slow-query' }), event({ fingerprint: 'db-42' }), event({ fingerprint: 'db-42' })]);
    s.tick();
    expect(open().map((x) => x.count).sort()).toEqual([1, 2, 3]);
    const detail = await s.request('GET', `/api/v1/alarms/${a!.id}`, 'op1');
    expect(detail.body.history.map((h: { kind: string }) => h.kind)).toEqual(['raised', 'severity']);
    expect(detail.body.history[1]).toMatchObject({ details: { from: 'major', to: 'critical' }, by: 'system' });
  });

  it('folds a storm of repeats into one change per alarm and tick, keeping every count', async () => {
    s = await buildAlarmsStack();
    s.offer([event()]);
    s.tick();
    const changes: AlarmChange[] = [];
    s.alarms.ledger.onChange((c) => changes.push(c));
    // 50 repeats, then a severity change and a resolve of another fingerprint, in one drain.
    s.offer([...Array.from({ length: 50 }, () => event()), event({ fingerprint: 'other' }), event({ fingerprint: 'other', status: 'resolved' })]);
    s.offer([event({ severity: 'critical' }), event({ severity: 'critical' })]);
    s.tick();
    const [a] = open();
    expect(a).toMatchObject({ count: 53, severity: 'critical' });
    const mine = changes.filter((c) => c.alarm.id === a!.id);
    // The 50 repeats are one change; the severity step another; the final repeat a third.
    expect(mine).toHaveLength(3);
    expect(mine.map((c) => c.alarm.count)).toEqual([51, 52, 53]);
  });

  it('clears on a resolved event; cleared is final and the next firing is a new alarm', async () => {
    s = await buildAlarmsStack();
    s.offer([event()]);
    s.tick();
    const first = open()[0]!;
    s.offer([event({ status: 'resolved' })]);
    s.tick();
    expect(open()).toEqual([]);
    expect(s.alarms.ledger.get(first.id)).toMatchObject({ state: 'cleared', clearedBy: 'system' });
    s.offer([event()]);
    s.tick();
    expect(open()).toHaveLength(1);
    expect(open()[0]!.id).not.toBe(first.id);
  });
});

describe('events queued for a node that goes away', () => {
  it('drops them at the tick, and keeps events of nodes that stayed', async () => {
    s = await buildAlarmsStack();
    s.offer([event(), event({ type: 'slow-query' })]);
    s.tick();
    s.offer([event({ resource: 'lonely', type: 'errors' }), event({ type: 'connection-timeout' })]);
    // The graph changes between the check on offer and the tick that applies the events.
    expect(s.topology.graph.removeNode('lonely')).toBe(true);
    s.tick();
    expect(open().map((a) => `${a.resource}/${a.type}/${a.count}`).sort()).toEqual(['shared-db/connection-timeout/2', 'shared-db/slow-query/1']);
  });
});

describe('flapping', () => {
  it(`marks the ${FLAPPING.raises}th raise within the window and records a flapping step`, async () => {
    s = await buildAlarmsStack();
    const ids: string[] = [];
    for (let i = 0; i < FLAPPING.raises; i++) {
      s.offer([event()]);
      s.tick();
      ids.push(open()[0]!.id);
      expect(open()[0]!.flapping).toBe(i === FLAPPING.raises - 1);
      s.offer([event({ status: 'resolved' })]);
      s.advance(MIN);
    }
    const last = await s.request('GET', `/api/v1/alarms/${ids[ids.length - 1]}`, 'op1');
    expect(last.body.history.map((h: { kind: string }) => h.kind)).toEqual(['raised', 'flapping', 'cleared']);
    // Raises spread wider than the window never flap.
    s.sourceClock.advance(FLAPPING.windowMs);
    for (let i = 0; i < FLAPPING.raises; i++) {
      s.offer([event({ type: 'slow' })]);
      s.tick();
      expect(open()[0]!.flapping).toBe(false);
      s.offer([event({ type: 'slow', status: 'resolved' })]);
      s.advance(FLAPPING.windowMs / (FLAPPING.raises - 2));
    }
  });
});

describe('the ledger the incidents domain uses', () => {
  it('emits every change synchronously with its previous state, in order', async () => {
    s = await buildAlarmsStack();
    const seen: string[] = [];
    const changes: AlarmChange[] = [];
    s.alarms.ledger.onChange((c) => {
      changes.push(c);
      seen.push(`first:${c.alarm.state}`);
    });
    const off = s.alarms.ledger.onChange((c) => seen.push(`second:${c.alarm.state}`));
    s.offer([event()]);
    expect(changes).toEqual([]); // queued until the tick
    s.tick();
    expect(seen).toEqual(['first:active', 'second:active']);
    const id = changes[0]!.alarm.id;
    expect(changes[0]!.previous).toBeNull();

    off();
    s.alarms.ledger.setIncident([id, 'nope'], 'inc-1');
    expect(changes[1]).toMatchObject({ alarm: { incidentId: 'inc-1' }, previous: { incidentId: null } });
    s.alarms.ledger.setIncident([id], 'inc-1'); // no change, no emit
    expect(changes).toHaveLength(2);

    expect(s.alarms.ledger.assign([id], 'op3', 'duty', 'yours')).toBe(1);
    expect(s.alarms.ledger.acknowledge([id, 'nope'], 'op1', 'on it')).toBe(1);
    expect(s.alarms.ledger.acknowledge([id], 'op1', null)).toBe(0); // already acknowledged
    expect(changes.slice(2).map((c) => [c.previous!.state, c.alarm.state, c.alarm.assignee])).toEqual([
      ['active', 'active', 'op3'],
      ['active', 'acknowledged', 'op3'],
    ]);
    expect(s.alarms.ledger.get(id)).toMatchObject({ ackedBy: 'op1', ackedAt: new Date(T0).toISOString() });
    expect(seen.filter((x) => x.startsWith('second'))).toHaveLength(1);
  });

  it('is bounded: past the open cap new alarms are dropped and counted, old cleared ones leave memory', async () => {
    s = await buildAlarmsStack({ limits: { maxOpen: 3, recentCleared: 2 } });
    s.offer(['a', 'b', 'c', 'd'].map((t) => event({ type: t })));
    s.tick();
    expect(open().map((a) => a.type)).toEqual(['a', 'b', 'c']);
    expect(await s.registry.metrics()).toContain('skyfort_alarms_dropped_total 1');
    const ids = open().map((a) => a.id);
    s.offer(['a', 'b', 'c'].map((t) => event({ type: t, status: 'resolved' })));
    s.tick();
    expect(s.alarms.ledger.get(ids[0]!)).toBeUndefined();
    expect(s.alarms.ledger.get(ids[2]!)).toMatchObject({ state: 'cleared' });
    // …but the store still has it, and the detail route finds it there.
    await s.alarms.flush();
    expect((await s.request('GET', `/api/v1/alarms/${ids[0]}`, 'op1')).body.alarm).toMatchObject({ id: ids[0], state: 'cleared' });
  });
});
