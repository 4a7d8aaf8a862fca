import type { Clock } from '../../core/clock.js';
import { oneAtATime } from '../../store/write-behind.js';
import { DAY_MINUTES, MINUTE_MS, OUTAGE_DAYS, type OutageDay, type OutageHistory } from './outage-history.js';
import type { SlaRepository } from './sla-repository.js';

/**
 * Write-behind and restart for the SLA outage history. `flush` writes the (system, day) rows
 * whose minutes changed since the last flush (about one row per business system a minute) and
 * the systems forgotten, in one transaction, and keeps them for the next try when the store
 * fails; it also drops rows older than any window once a day. `load` restores the last
 * OUTAGE_DAYS days of every stored system before the first tick.
 */
export function createSlaStore(d: { history: OutageHistory; repo: SlaRepository; sourceClock: Clock }) {
  const { history, repo } = d;
  let prunedFor = -Infinity;

  async function flushOnce(): Promise<void> {
    const changes = history.takeChanges();
    const days: OutageDay[] = [];
    for (const { system, day } of changes.days) {
      const row = history.day(system, day);
      if (row) days.push(row);
    }
    try {
      await repo.save(days, changes.removed);
    } catch (err) {
      history.returnChanges(changes);
      throw err;
    }
    const today = Math.floor(d.sourceClock.now() / MINUTE_MS / DAY_MINUTES);
    if (today > prunedFor) {
      // The oldest day a window can reach is partly inside the ring: keep it.
      await repo.pruneBefore(today - OUTAGE_DAYS);
      prunedFor = today;
    }
  }

  const flush = oneAtATime(flushOnce);

  async function load(): Promise<void> {
    const today = Math.floor(d.sourceClock.now() / MINUTE_MS / DAY_MINUTES);
    const rows = await repo.loadSince(today - OUTAGE_DAYS);
    const bySystem = new Map<string, OutageDay[]>();
    for (const r of rows) {
      let list = bySystem.get(r.system);
      if (!list) bySystem.set(r.system, (list = []));
      list.push(r);
    }
    for (const [system, days] of bySystem) history.restore(system, days);
  }

  return { flush, load };
}
