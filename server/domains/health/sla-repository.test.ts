import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, openTestStore, type TestStore } from '../../store/test-support/test-store.js';
import { ManualClock } from '../../core/clock.js';
import { DAY_MINUTES, MINUTE_MS, OutageHistory } from './outage-history.js';
import { createKyselySlaRepository, type SlaRepository } from './sla-repository.js';
import { createSlaStore } from './sla-store.js';
import { minuteStateOf } from './sla.js';

const DAY = DAY_MINUTES * MINUTE_MS;
const T0 = Date.UTC(2026, 0, 10);

/** The same SLA repository behaviour on both engines (architecture.md, convention 4). */
describe.each(TEST_DIALECTS)('SLA outage history in the store on %s', (dialect) => {
  let store: TestStore;
  let repo: SlaRepository;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    repo = createKyselySlaRepository(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('saves days, replaces them, loads them by day, forgets removed systems and prunes old days', async () => {
    const h = new OutageHistory();
    h.record('biz-a', T0 - 2 * DAY, 'up');
    h.record('biz-a', T0 + 5 * MINUTE_MS, 'down'); // two days of up carried, then down
    h.record('biz-b', T0, 'up');
    const taken = h.takeChanges();
    expect(taken.days.map((d) => `${d.system}@${d.day - T0 / DAY}`).sort()).toEqual(['biz-a@-1', 'biz-a@-2', 'biz-a@0', 'biz-b@0']);
    await repo.save(taken.days.map((d) => h.day(d.system, d.day)!), []);
    h.record('biz-a', T0 + 6 * MINUTE_MS, 'up');
    await repo.save(h.takeChanges().days.map((d) => h.day(d.system, d.day)!), []);

    const rows = await repo.loadSince(T0 / DAY - 1);
    expect(rows.map((r) => `${r.system}@${r.day - T0 / DAY}`)).toEqual(['biz-a@-1', 'biz-a@0', 'biz-b@0']);
    const back = new OutageHistory();
    back.restore('biz-a', await repo.loadSince(0).then((r) => r.filter((x) => x.system === 'biz-a')));
    expect(back.count('biz-a', T0 - 2 * DAY, T0 + DAY)).toEqual(h.count('biz-a', T0 - 2 * DAY, T0 + DAY));
    expect(back.count('biz-a', T0 - 2 * DAY, T0 + DAY)).toEqual({ observed: 2 * 1440 + 7, down: 1 });
    expect(back.lastMinute('biz-a')).toBe((T0 + 6 * MINUTE_MS) / MINUTE_MS);

    await repo.save([], ['biz-b']);
    expect((await repo.loadSince(0)).map((r) => r.system)).not.toContain('biz-b');
    expect(await repo.pruneBefore(T0 / DAY - 1)).toBe(1);
    expect((await repo.loadSince(0)).map((r) => r.day - T0 / DAY)).toEqual([-1, 0]);
  });

  it('write-behind: writes only what changed, keeps it when the store fails, restores after a restart', async () => {
    const clock = new ManualClock(T0 + 20 * DAY);
    const h = new OutageHistory();
    let failing = false;
    let saved = 0;
    const flaky: SlaRepository = {
      save: async (days, removed) => {
        if (failing) throw new Error('store down');
        saved += days.length;
        await repo.save(days, removed);
      },
      loadSince: (d) => repo.loadSince(d),
      pruneBefore: (d) => repo.pruneBefore(d),
    };
    const sla = createSlaStore({ history: h, repo: flaky, sourceClock: clock });
    for (let m = 0; m < 30; m++) h.record('biz-c', T0 + 20 * DAY + m * MINUTE_MS, minuteStateOf(m >= 10 && m < 13 ? 'critical' : 'ok'));
    failing = true;
    await expect(sla.flush()).rejects.toThrow('store down');
    failing = false;
    await sla.flush();
    expect(saved).toBe(1);
    await sla.flush();
    expect(saved).toBe(1); // nothing changed since

    const after = new OutageHistory();
    await createSlaStore({ history: after, repo, sourceClock: clock }).load();
    const window = [T0 + 20 * DAY, T0 + 21 * DAY] as const;
    expect(after.count('biz-c', ...window)).toEqual({ observed: 30, down: 3 });
    // Minutes while the aggregator was down are not observed: the last state is not carried.
    after.record('biz-c', T0 + 20 * DAY + 40 * MINUTE_MS, 'up');
    expect(after.count('biz-c', ...window)).toEqual({ observed: 31, down: 3 });
  });
});
