import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../../shared/domain/incidents.js';
import { TEST_DIALECTS, openTestStore, type TestStore } from '../../store/test-support/test-store.js';
import type { IncidentRepository } from './incident-repository.js';
import { createKyselyIncidentRepository } from './kysely-incident-repository.js';

/** The same incident repository behaviour on both engines. */
describe.each(TEST_DIALECTS)('incident repository on %s', (dialect) => {
  let store: TestStore;
  let repo: IncidentRepository;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
  const incident = (id: string, over: Partial<Incident> = {}): Incident =>
    ({
      id,
      rootAlarmId: `${id}-root`,
      rootResource: 'array-1',
      title: '磁盘阵列故障',
      severity: 'critical',
      alarmCount: 2,
      openCount: 2,
      openedAt: at(1),
      updatedAt: at(2),
      tier: 1,
      assignee: null,
      policyId: 'default',
      nextEscalationAt: at(11),
      suppressed: false,
      state: 'open',
      ...over,
    }) as Incident;
  const entry = (id: string, incidentId: string, minute: number): TimelineEntry => ({
    id,
    incidentId,
    kind: 'opened',
    by: 'system',
    at: at(minute),
    comment: null,
    details: { n: minute },
  });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    repo = createKyselyIncidentRepository(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('writes a flush batch, upserts on the next, and loads open incidents with their members', async () => {
    await repo.saveBatch({
      incidents: [
        { incident: incident('i-1'), tierChangedAt: at(1) },
        { incident: incident('i-2', { state: 'acknowledged', ackedBy: 'op1', ackedAt: at(3) } as Partial<Incident>), tierChangedAt: at(1) },
      ],
      members: [
        { alarmId: 'a-1', incidentId: 'i-1', resource: 'array-1', joinedAt: at(1) },
        { alarmId: 'a-2', incidentId: 'i-1', resource: 'vm-1', joinedAt: at(2) },
        { alarmId: 'a-3', incidentId: 'i-2', resource: 'srv-1', joinedAt: at(2) },
      ],
      timeline: [entry('t-1', 'i-1', 1), entry('t-2', 'i-1', 2)],
    });
    await repo.saveBatch({
      incidents: [{ incident: incident('i-2', { state: 'merged', mergedInto: 'i-1', mergedAt: at(4), alarmCount: 0, openCount: 0 } as Partial<Incident>), tierChangedAt: at(1) }],
      members: [{ alarmId: 'a-3', incidentId: 'i-1', resource: 'srv-1', joinedAt: at(2) }],
      timeline: [entry('t-2', 'i-1', 2), entry('t-3', 'i-1', 4)],
    });
    const { incidents, members } = await repo.loadOpen();
    expect(incidents.map((i) => i.incident)).toEqual([incident('i-1')]);
    expect(members.map((m) => m.alarmId).sort()).toEqual(['a-1', 'a-2', 'a-3']);
    expect(await repo.get('i-2')).toMatchObject({ incident: { state: 'merged', mergedInto: 'i-1' } });
    expect((await repo.loadRecentClosed(10)).map((s) => s.incident.id)).toEqual(['i-2']);
    expect(await repo.get('nope')).toBeNull();
    // A retried entry is written once; the latest N come back oldest first.
    expect((await repo.timeline('i-1', 10)).map((e) => e.id)).toEqual(['t-1', 't-2', 't-3']);
    expect((await repo.timeline('i-1', 2)).map((e) => e.details)).toEqual([{ n: 2 }, { n: 4 }]);
    expect((await repo.members('i-1', 2)).map((m) => m.alarmId)).toEqual(['a-1', 'a-2']);
    expect((await repo.memberNodes(['i-1', 'i-9'])).map((m) => m.resource).sort()).toEqual(['array-1', 'srv-1', 'vm-1']);
  });

  it('stores policies, the on-call schedule and channels', async () => {
    const policy = { id: 'p-1', name: 'billing', tenant: 'billing', service: null, steps: [{ tier: 1 as const, afterMinutes: 0 }], channels: ['c-1'], minSeverity: 'major' as const, updatedBy: 'duty', updatedAt: at(1) };
    await repo.putPolicy(policy);
    await repo.putPolicy({ ...policy, name: 'billing 2' });
    expect(await repo.listPolicies()).toEqual([{ ...policy, name: 'billing 2' }]);
    expect(await repo.deletePolicy('p-1')).toBe(true);
    expect(await repo.deletePolicy('p-1')).toBe(false);

    expect(await repo.getOnCall()).toBeNull();
    const schedule = { dutyManager: 'duty', tiers: { 1: ['op1'], 2: [], 3: ['op3'], 4: [] } };
    await repo.putOnCall({ schedule, updatedBy: 'duty', updatedAt: at(1) });
    await repo.putOnCall({ schedule: { ...schedule, dutyManager: 'admin' }, updatedBy: 'admin', updatedAt: at(2) });
    expect(await repo.getOnCall()).toEqual({ schedule: { ...schedule, dutyManager: 'admin' }, updatedBy: 'admin', updatedAt: at(2) });

    const channel = { id: 'c-1', kind: 'webhook' as const, name: 'pager', enabled: true, url: 'http://127.0.0.1:9/hook', timeoutMs: 1000, updatedBy: 'duty', updatedAt: at(1) };
    await repo.putChannel(channel);
    expect(await repo.listChannels()).toEqual([channel]);
    expect(await repo.deleteChannel('c-1')).toBe(true);
    expect(await repo.listChannels()).toEqual([]);
  });
});
