import { afterEach, describe, expect, it } from 'vitest';
import { MAX_EVENT_SKEW_MS } from '../../../shared/domain/alarms.js';
import { buildAlarmsStack, event, T0, type AlarmsStack } from './test-support/alarms-stack.js';

let s: AlarmsStack;
afterEach(async () => {
  await s?.close();
});

const list = async (token: string, query = '') => (await s.request('GET', `/api/v1/alarms${query}`, token)).body;

describe('POST /api/v1/events', () => {
  it('queues events (202), rejects unknown and foreign nodes, clamps far times and flags the alarm', async () => {
    s = await buildAlarmsStack();
    const far = new Date(T0 - MAX_EVENT_SKEW_MS - 1000).toISOString();
    const near = new Date(T0 - 60_000).toISOString();
    const r = await s.request('POST', '/api/v1/events', 'pusher', [
      event({ occurredAt: far }),
      event({ resource: 'zz-missing' }),
      event({ resource: 'b-sys', type: 'slow', occurredAt: near }),
    ]);
    expect(r).toEqual({ status: 202, body: { accepted: 2, rejected: 1, clamped: 1, errors: [{ index: 1, reason: 'unknown_node' }] } });
    s.tick();
    const items = (await list('op1')).items;
    expect(items.find((a: { resource: string }) => a.resource === 'shared-db')).toMatchObject({ clamped: true, firstSeen: new Date(T0).toISOString() });
    expect(items.find((a: { resource: string }) => a.resource === 'b-sys')).toMatchObject({ clamped: false, firstSeen: near });

    // One event (not an array) is fine too; a key bound to billing may not touch channel's nodes.
    const bound = await s.request('POST', '/api/v1/events', 'billing-pusher', event({ resource: 'c-sys' }));
    expect(bound.body).toMatchObject({ accepted: 0, rejected: 1, errors: [{ index: 0, reason: 'unknown_node' }] });
    expect((await s.request('POST', '/api/v1/events', 'billing-pusher', event({ resource: 'b-app' }))).body.accepted).toBe(1);
    // Bad input is refused whole, nothing queued.
    expect((await s.request('POST', '/api/v1/events', 'pusher', [event(), { ...event(), severity: 'fatal' }])).status).toBe(400);
    expect((await s.request('POST', '/api/v1/events', 'pusher', [])).status).toBe(400);
    expect((await s.request('POST', '/api/v1/events', 'op1', event())).status).toBe(202);
    expect((await s.request('POST', '/api/v1/events', 'billing', event())).status).toBe(403);
    expect((await s.request('POST', '/api/v1/events', 'wall', event())).status).toBe(403);
  });

  it('answers 429 when the queue is full, counts it, and accepts again after the tick drained it', async () => {
    s = await buildAlarmsStack({ limits: { eventQueue: 3 } });
    expect((await s.request('POST', '/api/v1/events', 'pusher', [event({ type: 'a' }), event({ type: 'b' })])).status).toBe(202);
    const full = await s.request('POST', '/api/v1/events', 'pusher', [event({ type: 'c' }), event({ type: 'd' })]);
    expect(full).toMatchObject({ status: 429, body: { error: { code: 'queue_full' } } });
    expect(s.offer([event({ type: 'e' }), event({ type: 'f' })])).toEqual({ accepted: 0 });
    const text = await s.registry.metrics();
    expect(text).toContain('skyfort_events_total{result="throttled"} 4');
    expect(text).toContain('skyfort_events_total{result="accepted"} 2');
    s.tick();
    expect((await s.request('POST', '/api/v1/events', 'pusher', [event({ type: 'c' })])).status).toBe(202);
    s.tick();
    expect((await list('op1')).items.map((a: { type: string }) => a.type).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('alarm lifecycle over REST', () => {
  it('ack, assign, comment, clear with who and when; illegal steps answer 409; every change audited', async () => {
    s = await buildAlarmsStack();
    s.offer([event()]);
    s.tick();
    const id = (await list('op1')).items[0].id;
    const path = `/api/v1/alarms/${id}`;
    expect((await s.request('POST', `${path}/ack`, 'billing-viewer', {})).status).toBe(403);
    expect((await s.request('POST', `${path}/ack`, 'billing', {})).status).toBe(403);
    expect((await s.request('POST', `${path}/ack`, 'wall', {})).status).toBe(403);
    const acked = await s.request('POST', `${path}/ack`, 'op1', { comment: 'looking' });
    expect(acked).toMatchObject({ status: 200, body: { state: 'acknowledged', ackedBy: 'op1' } });
    expect((await s.request('POST', `${path}/ack`, 'op1', {})).status).toBe(409);
    expect((await s.request('POST', `${path}/assign`, 'duty', { assignee: 'op3' })).body).toMatchObject({ assignee: 'op3' });
    expect((await s.request('POST', `${path}/comment`, 'op3', { comment: 'replica lag' })).status).toBe(200);
    s.sourceClock.advance(90_000);
    const cleared = await s.request('POST', `${path}/clear`, 'op3', { comment: 'restarted' });
    expect(cleared.body).toMatchObject({ state: 'cleared', clearedBy: 'op3', ackedBy: 'op1', clearedAt: new Date(T0 + 90_000).toISOString() });
    for (const step of ['ack', 'clear']) expect((await s.request('POST', `${path}/${step}`, 'op1', {})).status).toBe(409);
    expect((await s.request('POST', `${path}/assign`, 'op1', { assignee: null })).status).toBe(409);
    expect((await s.request('POST', '/api/v1/alarms/nope/ack', 'op1', {})).status).toBe(404);

    const detail = (await s.request('GET', path, 'op1')).body;
    expect(detail.history.map((h: { kind: string; by: string; comment: string | null }) => [h.kind, h.by, h.comment])).toEqual([
      ['raised', 'system', null],
      ['acknowledged', 'op1', 'looking'],
      ['assigned', 'duty', null],
      ['commented', 'op3', 'replica lag'],
      ['cleared', 'op3', 'restarted'],
    ]);
    expect(s.audits.map((a) => a.action)).toEqual(['alarm.ack', 'alarm.assign', 'alarm.comment', 'alarm.clear']);
    // The default list is open alarms; cleared ones come from the store on request.
    expect((await list('op1')).items).toEqual([]);
    expect((await list('op1', '?state=cleared')).items.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('lists worst first, then newest, paging with a cursor and filtering', async () => {
    s = await buildAlarmsStack();
    const types = ['t0', 't1', 't2', 't3', 't4'];
    const severities = ['minor', 'critical', 'minor', 'warning', 'critical'] as const;
    types.forEach((t, i) => {
      s.offer([event({ type: t, severity: severities[i]! })]);
      s.advance(1000);
    });
    const all = (await list('op1')).items.map((a: { type: string }) => a.type);
    expect(all).toEqual(['t4', 't1', 't2', 't0', 't3']);
    const p1 = await list('op1', '?limit=2');
    const p2 = await list('op1', `?limit=2&cursor=${p1.nextCursor}`);
    const p3 = await list('op1', `?limit=2&cursor=${p2.nextCursor}`);
    expect([...p1.items, ...p2.items, ...p3.items].map((a: { type: string }) => a.type)).toEqual(all);
    expect(p3.nextCursor).toBeNull();
    expect((await list('op1', '?severity=minor,warning')).items).toHaveLength(3);
    expect((await list('op1', `?from=${new Date(T0 + 2000).toISOString()}`)).items.map((a: { type: string }) => a.type)).toEqual(['t4', 't2', 't3']);
    expect((await s.request('GET', '/api/v1/alarms?cursor=garbage', 'op1')).status).toBe(400);
    expect((await s.request('GET', '/api/v1/alarms?state=open', 'op1')).status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it('a tenant lists only alarms on nodes it sees and gets 404 for another tenant’s alarm', async () => {
    s = await buildAlarmsStack();
    s.offer([event({ resource: 'b-sys' }), event({ resource: 'c-sys' }), event({ resource: 'shared-db' }), event({ resource: 'lonely' })]);
    s.tick();
    const byResource = async (token: string) => (await list(token)).items.map((a: { resource: string }) => a.resource).sort();
    expect(await byResource('op1')).toEqual(['b-sys', 'c-sys', 'lonely', 'shared-db']);
    expect(await byResource('billing')).toEqual(['b-sys', 'shared-db']);
    expect(await byResource('channel')).toEqual(['c-sys', 'shared-db']);
    const cAlarm = [...s.alarms.ledger.open()].find((a) => a.resource === 'c-sys')!;
    expect((await s.request('GET', `/api/v1/alarms/${cAlarm.id}`, 'billing')).status).toBe(404);
    expect((await s.request('GET', `/api/v1/alarms/${cAlarm.id}`, 'channel')).status).toBe(200);
    expect((await list('billing', '?resource=c-sys')).items).toEqual([]);
    s.offer([event({ resource: 'c-sys', status: 'resolved' })]);
    s.tick();
    expect((await list('billing', '?state=cleared')).items).toEqual([]);
    expect((await list('channel', '?state=cleared')).items).toHaveLength(1);
  });
});
