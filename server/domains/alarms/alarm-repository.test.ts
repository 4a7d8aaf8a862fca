import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/domain/alarms.js';
import type { AlarmRule } from '../../../shared/domain/alarm-rules.js';
import { TEST_DIALECTS, openTestStore, type TestStore } from '../../store/test-support/test-store.js';
import { createAlarmRepository, type AlarmRepository } from './alarm-repository.js';
import { createRuleRepository, type RuleRepository } from './rule-repository.js';
import { createSilenceRepository, type SilenceRepository, type StoredSilence } from './silence-repository.js';

/** The alarms domain's repositories behave the same on SQLite and PostgreSQL (architecture.md, convention 4). */
describe.each(TEST_DIALECTS)('alarm repositories on %s', (dialect) => {
  let store: TestStore;
  let alarms: AlarmRepository;
  let rules: RuleRepository;
  let silences: SilenceRepository;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
  const alarm = (id: string, over: Partial<Alarm> = {}): Alarm =>
    ({
      id,
      fingerprint: `fp-${id}`,
      resource: 'db-1',
      type: 'timeout',
      severity: 'major',
      summary: '超时 timeout',
      source: 'probe',
      labels: { team: 'dba' },
      origin: { kind: 'event' },
      count: 1,
      firstSeen: at(0),
      lastSeen: at(1),
      incidentId: null,
      assignee: null,
      flapping: false,
      suppressedBy: null,
      clamped: false,
      state: 'active',
      ...over,
    }) as Alarm;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    alarms = createAlarmRepository(store.db);
    rules = createRuleRepository(store.db);
    silences = createSilenceRepository(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('alarms: upsert the latest state with history in one write, read back, load the open ones', async () => {
    await alarms.save([alarm('a1'), alarm('a2', { severity: 'critical' })], [
      { alarmId: 'a1', kind: 'raised', by: 'system', at: at(0), comment: null, details: { severity: 'major' } },
    ]);
    const acked = alarm('a1', { state: 'acknowledged', ackedBy: 'op1', ackedAt: at(2), count: 4, origin: { kind: 'rule', ruleId: 'cpu-high', version: 2 } } as Partial<Alarm>);
    await alarms.save([acked, alarm('a3', { state: 'cleared', clearedBy: 'op1', clearedAt: at(3), ackedBy: null, ackedAt: null } as Partial<Alarm>)], [
      { alarmId: 'a1', kind: 'acknowledged', by: 'op1', at: at(2), comment: '看一下', details: null },
    ]);
    expect(await alarms.get('a1')).toEqual(acked);
    expect(await alarms.get('zz')).toBeNull();
    expect((await alarms.loadOpen(10)).map((a) => a.id).sort()).toEqual(['a1', 'a2']);
    expect(await alarms.history('a1', 10)).toEqual([
      { alarmId: 'a1', kind: 'raised', by: 'system', at: at(0), comment: null, details: { severity: 'major' } },
      { alarmId: 'a1', kind: 'acknowledged', by: 'op1', at: at(2), comment: '看一下', details: null },
    ]);
  });

  it('alarms: a repeat moves count and lastSeen of a stored row, beside whole rows in the same write', async () => {
    await alarms.save([alarm('r1'), alarm('r2')], []);
    const repeated = alarm('r1', { count: 7, lastSeen: at(9) });
    await alarms.save([alarm('r2', { severity: 'critical' })], [], [repeated]);
    expect(await alarms.get('r1')).toEqual(repeated);
    expect(await alarms.get('r2')).toMatchObject({ severity: 'critical', count: 1 });
  });

  it('alarms: scan worst first then newest, after a cursor, with filters', async () => {
    await alarms.save(
      [
        alarm('b1', { severity: 'minor', lastSeen: at(5), resource: 'x' }),
        alarm('b2', { severity: 'minor', lastSeen: at(6), resource: 'x', suppressedBy: 'sil-1' }),
        alarm('b3', { severity: 'critical', lastSeen: at(4), resource: 'x', incidentId: 'inc-1' }),
      ],
      [],
    );
    const f = { states: ['active'], resource: 'x', suppressed: 'include' as const };
    expect((await alarms.scan(f, null, 10)).map((a) => a.id)).toEqual(['b3', 'b2', 'b1']);
    expect((await alarms.scan(f, [2, at(6), 'b2'], 10)).map((a) => a.id)).toEqual(['b1']);
    expect((await alarms.scan({ ...f, suppressed: 'exclude' }, null, 10)).map((a) => a.id)).toEqual(['b3', 'b1']);
    expect((await alarms.scan({ ...f, suppressed: 'only' }, null, 10)).map((a) => a.id)).toEqual(['b2']);
    expect((await alarms.scan({ ...f, incident: 'inc-1' }, null, 10)).map((a) => a.id)).toEqual(['b3']);
    expect((await alarms.scan({ ...f, from: at(5), to: at(5) }, null, 10)).map((a) => a.id)).toEqual(['b1']);
    expect((await alarms.scan({ ...f, severities: ['critical'] }, null, 10)).map((a) => a.id)).toEqual(['b3']);
  });

  it('rules: versions append, the newest is current, a taken version is a 409', async () => {
    const rule = (id: string, version: number, name: string): AlarmRule => ({
      id,
      version,
      kind: 'absence',
      name,
      nodeKinds: null,
      enabled: true,
      severity: 'major',
      forMs: 60_000,
      updatedBy: 'op3',
      updatedAt: at(version),
    });
    await rules.insert(rule('r1', 1, 'one'));
    await rules.insert(rule('r1', 2, 'two'));
    await rules.insert(rule('r2', 1, 'other'));
    await expect(rules.insert(rule('r1', 2, 'race'))).rejects.toMatchObject({ status: 409 });
    expect((await rules.current()).map((r) => [r.id, r.version, r.name])).toEqual([
      ['r1', 2, 'two'],
      ['r2', 1, 'other'],
    ]);
    expect((await rules.versions('r1', 10, null)).map((r) => r.version)).toEqual([2, 1]);
    expect((await rules.versions('r1', 10, 2)).map((r) => r.name)).toEqual(['one']);
  });

  it('silences: states on source time, tenant scope, expire once', async () => {
    const sil = (id: string, over: Partial<StoredSilence>): StoredSilence => ({
      id,
      kind: 'silence',
      labels: null,
      nodes: ['db-1'],
      tenant: null,
      startsAt: at(10),
      endsAt: at(20),
      reason: 'r',
      createdBy: 'op1',
      createdAt: at(0),
      expiredAt: null,
      expiredBy: null,
      ...over,
    });
    await silences.insert(sil('s1', { createdAt: at(1) }));
    await silences.insert(sil('s2', { createdAt: at(2), tenant: 'billing', labels: { a: 'b' }, nodes: null }));
    await silences.insert(sil('s3', { createdAt: at(3), startsAt: at(30), endsAt: at(40) }));
    const ids = async (states: ('pending' | 'active' | 'expired')[] | null, tenants: string[] | null = null, now = at(15)) =>
      (await silences.list({ states, tenants, now }, null, 10)).map((x) => x.id);
    expect(await ids(null)).toEqual(['s3', 's2', 's1']);
    expect(await ids(['active'])).toEqual(['s2', 's1']);
    expect(await ids(['pending'])).toEqual(['s3']);
    expect(await ids(['expired'], null, at(25))).toEqual(['s2', 's1']);
    expect(await ids(null, ['billing'])).toEqual(['s2']);
    expect(await ids(null, [])).toEqual([]);
    expect((await silences.list({ states: null, tenants: null, now: at(15) }, [at(2), 's2'], 10)).map((x) => x.id)).toEqual(['s1']);
    expect(await silences.expire('s1', at(16), 'op1')).toBe(true);
    expect(await silences.expire('s1', at(17), 'op1')).toBe(false);
    expect(await ids(['expired'])).toEqual(['s1']);
    expect((await silences.live(at(15), 10)).map((x) => x.id)).toEqual(['s2', 's3']);
    expect(await silences.get('s2')).toMatchObject({ labels: { a: 'b' }, nodes: null, tenant: 'billing' });
  });
});
