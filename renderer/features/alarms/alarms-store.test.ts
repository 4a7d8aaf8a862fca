// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ALARM_TOPIC_LIMIT, INCIDENT_TOPIC_LIMIT } from '../../../shared/protocol/alarms';
import type { ApiClient } from '../../services/api';
import { useSessionStore } from '../session/session-store';
import { MAX_PAGED_ALARMS } from './alarm-model';
import { useAlarmsStore } from './alarms-store';
import { FakeStream, alarm, alarmSummary, counts, incident, incidentSummary } from './alarms-test-fixtures';

let stream: FakeStream;
let requests: Array<{ method: string; path: string; body?: unknown }>;
let answer: (path: string) => unknown;

beforeEach(() => {
  setActivePinia(createPinia());
  stream = new FakeStream();
  requests = [];
  answer = () => ({});
  const session = useSessionStore();
  vi.spyOn(session, 'streamClient').mockReturnValue(stream.asClient());
  const client: ApiClient = {
    request: async <T>(method: string, path: string, body?: unknown) => {
      requests.push({ method, path, body });
      return answer(path) as T;
    },
  };
  vi.spyOn(session, 'client').mockReturnValue(client);
});
afterEach(() => vi.restoreAllMocks());

describe('useAlarmsStore', () => {
  it('subscribes alarms and incidents once for any number of views, and lets go after the last', () => {
    const store = useAlarmsStore();
    store.start();
    store.start();
    expect(stream.topics).toEqual(['alarms', 'incidents']);
    store.stop();
    expect(stream.topics).toEqual(['alarms', 'incidents']);
    store.stop();
    expect(stream.topics).toEqual([]);
  });

  it('folds a snapshot and its deltas: summaries, alarms worst first, removals, replaced not mutated', () => {
    const store = useAlarmsStore();
    store.start();
    stream.snapshot('alarms', {
      summary: alarmSummary({ bySeverity: counts({ major: 1, minor: 1 }) }),
      'a:1': alarm('1', { severity: 'minor' }),
      'a:2': alarm('2', { severity: 'major' }),
    });
    stream.snapshot('incidents', { summary: incidentSummary({ unacknowledged: counts({ critical: 1 }) }), 'i:x': incident('x') });
    expect(store.alarms.map((a) => a.id)).toEqual(['2', '1']);
    expect(store.alarmSummary?.bySeverity.major).toBe(1);
    expect(store.incidentSummary?.unacknowledged.critical).toBe(1);
    expect(store.incidents.map((i) => i.id)).toEqual(['x']);
    // The entity discriminator is not the alarm's own type: that travels as eventType.
    expect(store.alarms[0]!.type).toBe('array-failure');

    const before = store.liveAlarms;
    stream.delta('alarms', { 'a:3': alarm('3', { severity: 'critical' }), 'a:2': alarm('2', { severity: 'major', state: 'acknowledged', ackedBy: 'op1', ackedAt: 'x' } as never) }, ['a:1']);
    expect(store.liveAlarms).not.toBe(before);
    expect(before.map((a) => a.id)).toEqual(['2', '1']);
    expect(store.alarms.map((a) => [a.id, a.state])).toEqual([
      ['3', 'active'],
      ['2', 'acknowledged'],
    ]);

    // A delta of the summary alone keeps the list (no re-sort for a count change).
    const list = store.liveAlarms;
    stream.delta('alarms', { summary: alarmSummary({ bySeverity: counts({ critical: 1, major: 1 }) }) });
    expect(store.liveAlarms).toBe(list);
    expect(store.alarmSummary?.bySeverity.critical).toBe(1);

    stream.delta('incidents', { 'i:y': incident('y', { severity: 'major' }), summary: incidentSummary() }, ['i:x']);
    expect(store.incidents.map((i) => i.id)).toEqual(['y']);
    expect(store.incidentSummary?.unacknowledged.critical).toBe(0);
  });

  it('holds at most the topic limits whatever the server sends, and reports the coverage', () => {
    const store = useAlarmsStore();
    store.start();
    const many: Record<string, unknown> = { summary: alarmSummary() };
    for (let i = 0; i < ALARM_TOPIC_LIMIT + 150; i++) many[`a:${i}`] = alarm(String(i), { severity: i % 7 === 0 ? 'critical' : 'warning' });
    stream.snapshot('alarms', many, { complete: false, total: 9_000 });
    expect(store.liveAlarms).toHaveLength(ALARM_TOPIC_LIMIT);
    expect(store.liveAlarms.slice(0, 5).every((a) => a.severity === 'critical')).toBe(true);
    expect(store.coverage.alarms).toEqual({ shown: ALARM_TOPIC_LIMIT, total: 9_000, complete: false });

    const incs: Record<string, unknown> = {};
    for (let i = 0; i < INCIDENT_TOPIC_LIMIT + 10; i++) incs[`i:${i}`] = incident(String(i));
    stream.snapshot('incidents', incs);
    expect(store.incidents).toHaveLength(INCIDENT_TOPIC_LIMIT);
  });

  it('pages the rest over REST, merged with the live ones, capped, and stops at the last page', async () => {
    const store = useAlarmsStore();
    store.start();
    stream.snapshot('alarms', { 'a:live': alarm('live', { severity: 'critical' }) });
    let page = 0;
    answer = () => {
      page++;
      const items = Array.from({ length: 500 }, (_, i) => alarm(`p${page}-${i}`, { severity: 'info' }));
      if (page === 1) items[0] = alarm('live', { severity: 'minor' }); // an older copy of a live alarm
      return { items, nextCursor: `c${page}` };
    };
    await store.loadMore();
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/alarms?limit=500' });
    expect(store.alarms[0]).toMatchObject({ id: 'live', severity: 'critical' });
    expect(store.alarms.filter((a) => a.id === 'live')).toHaveLength(1);
    await store.loadMore();
    expect(requests[1]!.path).toBe('/api/v1/alarms?limit=500&cursor=c1');
    for (let i = 0; i < 20 && store.nextCursor !== null; i++) await store.loadMore();
    expect(store.pagedAlarms.length).toBeLessThanOrEqual(MAX_PAGED_ALARMS);
    expect(store.nextCursor).toBeNull();
    const calls = requests.length;
    await store.loadMore();
    expect(requests).toHaveLength(calls);
  });

  it('acts over REST on incidents and alarms; an alarm is escalated only through its incident', async () => {
    const store = useAlarmsStore();
    await store.act({ kind: 'incident', id: 'inc 1' }, 'ack', { comment: 'on it' });
    await store.act({ kind: 'alarm', id: 'a1' }, 'assign', { assignee: 'op3' });
    expect(requests).toEqual([
      { method: 'POST', path: '/api/v1/incidents/inc%201/ack', body: { comment: 'on it' } },
      { method: 'POST', path: '/api/v1/alarms/a1/assign', body: { assignee: 'op3' } },
    ]);
    await expect(store.act({ kind: 'alarm', id: 'a1' }, 'escalate', {})).rejects.toThrow();
  });

  it("forgets the last audience's data when the credential (and so the socket) changes", () => {
    const store = useAlarmsStore();
    store.start();
    stream.snapshot('alarms', { summary: alarmSummary(), 'a:1': alarm('1') });
    store.stop();
    const other = new FakeStream();
    vi.spyOn(useSessionStore(), 'streamClient').mockReturnValue(other.asClient());
    store.start();
    expect(store.alarms).toEqual([]);
    expect(store.alarmSummary).toBeNull();
    expect(other.topics).toEqual(['alarms', 'incidents']);
  });
});
