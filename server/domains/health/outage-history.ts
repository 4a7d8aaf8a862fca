/**
 * Per business system, which minutes of source time were observed and which of those were down
 * (SLA, issue #7): two bitmaps of OUTAGE_DAYS × 1440 minutes each, a ring indexed by minute, so
 * a system costs a fixed ~11 KB however long the aggregator runs. Minutes skipped between two
 * records (a demo clock jump, a slow tick) take the state last recorded: the system stayed as it
 * was last seen until seen otherwise. `rebuild` refills a system from an outage list.
 *
 * Persistence (sla-store.ts): the history tracks which (system, day) it changed since the last
 * `takeChanges`, hands a day out as bitmaps (`day`) and takes it back after a restart
 * (`restoreDay`); a restored system resumes with its last state unknown, so the minutes the
 * aggregator was down count as unobserved, neither up nor down.
 */
export const MINUTE_MS = 60_000;
export const OUTAGE_DAYS = 31;
export const OUTAGE_MINUTES = OUTAGE_DAYS * 1440;
const BYTES = OUTAGE_MINUTES / 8;

export type MinuteState = 'up' | 'down' | 'unobserved';

export const DAY_MINUTES = 1440;
/** Bytes of one day's bitmap (one bit a minute). */
export const DAY_BYTES = DAY_MINUTES / 8;

/** One system's day as stored: bit k of `observed` / `down` is minute k of the day (UTC). */
export interface OutageDay {
  system: string;
  /** Day number since the epoch (UTC). */
  day: number;
  observed: Uint8Array;
  down: Uint8Array;
  /** The newest minute (absolute) the history had reached when this was taken. */
  through: number;
}

interface SystemHistory {
  id: string;
  observed: Uint8Array;
  down: Uint8Array;
  /** Newest minute written (absolute minute number), -Infinity before the first. */
  last: number;
  lastState: MinuteState;
}

export class OutageHistory {
  private readonly systems = new Map<string, SystemHistory>();
  /** Days whose bits changed since the last takeChanges, per system; and systems removed. */
  private changedDays = new Map<string, Set<number>>();
  private removedSystems = new Set<string>();

  get size(): number {
    return this.systems.size;
  }
  get bytes(): number {
    return this.systems.size * BYTES * 2;
  }
  has(system: string): boolean {
    return this.systems.has(system);
  }
  ids(): IterableIterator<string> {
    return this.systems.keys();
  }

  /** Records the system's state at source time `t` (and fills the minutes since the last record). */
  record(system: string, t: number, state: MinuteState): void {
    const h = this.entry(system);
    const minute = Math.floor(t / MINUTE_MS);
    if (minute < h.last - OUTAGE_MINUTES + 1) return; // older than the ring
    if (minute > h.last) {
      this.advance(h, minute);
    }
    this.mark(h, minute, state);
    if (minute >= h.last) h.lastState = state;
  }

  /** Replaces a system's history: `observedFrom` … `to` observed, the given intervals down. */
  rebuild(system: string, observedFrom: number, to: number, outages: readonly { from: number; to: number }[]): void {
    this.systems.delete(system);
    const h = this.entry(system);
    const last = Math.floor((to - 1) / MINUTE_MS);
    h.last = last;
    const first = Math.max(Math.floor(observedFrom / MINUTE_MS), last - OUTAGE_MINUTES + 1);
    for (let m = first; m <= last; m++) this.set(h, m, 'up');
    for (const o of outages) {
      for (let m = Math.max(first, Math.floor(o.from / MINUTE_MS)); m <= Math.min(last, Math.ceil(o.to / MINUTE_MS) - 1); m++) this.set(h, m, 'down');
    }
    h.lastState = 'up';
  }

  remove(system: string): void {
    if (this.systems.delete(system)) this.removedSystems.add(system);
    this.changedDays.delete(system);
  }

  /** What changed since the previous call: (system, day) pairs to write and systems to forget. */
  takeChanges(): { days: { system: string; day: number }[]; removed: string[] } {
    const days: { system: string; day: number }[] = [];
    for (const [system, set] of this.changedDays) for (const day of set) days.push({ system, day });
    const removed = [...this.removedSystems];
    this.changedDays = new Map();
    this.removedSystems = new Set();
    return { days, removed };
  }

  /** Puts changes back for the next try (a failed write). Days of systems gone since are dropped. */
  returnChanges(c: { days: readonly { system: string; day: number }[]; removed: readonly string[] }): void {
    for (const { system, day } of c.days) if (this.systems.has(system)) this.touch(system, day);
    for (const id of c.removed) if (!this.systems.has(id)) this.removedSystems.add(id);
  }

  /** The system's newest minute, undefined before its first record. */
  lastMinute(system: string): number | undefined {
    const h = this.systems.get(system);
    return h && Number.isFinite(h.last) ? h.last : undefined;
  }

  /** One day of a system's history as bitmaps; minutes outside the ring's window read as unobserved. */
  day(system: string, day: number): OutageDay | undefined {
    const h = this.systems.get(system);
    if (!h || !Number.isFinite(h.last)) return undefined;
    const observed = new Uint8Array(DAY_BYTES);
    const down = new Uint8Array(DAY_BYTES);
    const first = day * DAY_MINUTES;
    const lo = Math.max(first, h.last - OUTAGE_MINUTES + 1);
    const hi = Math.min(first + DAY_MINUTES - 1, h.last);
    for (let m = lo; m <= hi; m++) {
      const i = m % OUTAGE_MINUTES;
      const bit = 1 << (i & 7);
      const k = m - first;
      if (h.observed[i >> 3]! & bit) observed[k >> 3]! |= 1 << (k & 7);
      if (h.down[i >> 3]! & bit) down[k >> 3]! |= 1 << (k & 7);
    }
    return { system, day, observed, down, through: h.last };
  }

  /**
   * Restores stored days of one system (after a restart): its newest minute becomes the newest
   * `through`, its last state unknown. Minutes outside the ring's window are skipped.
   */
  restore(system: string, days: readonly OutageDay[]): void {
    if (days.length === 0) return;
    this.systems.delete(system);
    const h = this.entry(system);
    h.last = Math.max(...days.map((d) => d.through));
    h.lastState = 'unobserved';
    for (const d of days) {
      const first = d.day * DAY_MINUTES;
      const lo = Math.max(first, h.last - OUTAGE_MINUTES + 1);
      const hi = Math.min(first + DAY_MINUTES - 1, h.last);
      for (let m = lo; m <= hi; m++) {
        const k = m - first;
        const bit = 1 << (k & 7);
        if (d.observed[k >> 3]! & bit) this.setBits(h, m, (d.down[k >> 3]! & bit) !== 0 ? 'down' : 'up');
      }
    }
  }

  /** Observed and down minutes in [from, to) (source ms, whole minutes, clipped to the ring). */
  count(system: string, from: number, to: number): { observed: number; down: number } {
    const h = this.systems.get(system);
    if (!h) return { observed: 0, down: 0 };
    const lo = Math.max(Math.floor(from / MINUTE_MS), h.last - OUTAGE_MINUTES + 1);
    const hi = Math.min(Math.ceil(to / MINUTE_MS) - 1, h.last);
    let observed = 0;
    let down = 0;
    for (let m = lo; m <= hi; m++) {
      const i = m % OUTAGE_MINUTES;
      const bit = 1 << (i & 7);
      if (h.observed[i >> 3]! & bit) {
        observed++;
        if (h.down[i >> 3]! & bit) down++;
      }
    }
    return { observed, down };
  }

  private entry(system: string): SystemHistory {
    let h = this.systems.get(system);
    if (!h) {
      h = { id: system, observed: new Uint8Array(BYTES), down: new Uint8Array(BYTES), last: -Infinity, lastState: 'unobserved' };
      this.systems.set(system, h);
      this.removedSystems.delete(system);
    }
    return h;
  }

  private touch(system: string, day: number): void {
    let set = this.changedDays.get(system);
    if (!set) this.changedDays.set(system, (set = new Set()));
    set.add(day);
  }

  /** Moves the newest minute to `minute`: skipped minutes carry the last state, reused slots are cleared first. */
  private advance(h: SystemHistory, minute: number): void {
    const from = Number.isFinite(h.last) ? Math.max(h.last + 1, minute - OUTAGE_MINUTES + 1) : minute;
    for (let m = from; m <= minute; m++) {
      this.clear(h, m);
      if (m < minute) this.set(h, m, h.lastState);
    }
    h.last = minute;
  }

  private mark(h: SystemHistory, minute: number, state: MinuteState): void {
    // A minute is down if the system was down at any moment of it; observed if seen at all.
    this.set(h, minute, state);
  }

  private set(h: SystemHistory, minute: number, state: MinuteState): void {
    if (state === 'unobserved') return;
    if (this.setBits(h, minute, state)) this.touch(h.id, Math.floor(minute / DAY_MINUTES));
  }

  /** Returns whether a bit changed. */
  private setBits(h: SystemHistory, minute: number, state: 'up' | 'down'): boolean {
    const i = minute % OUTAGE_MINUTES;
    const bit = 1 << (i & 7);
    const o = h.observed[i >> 3]!;
    const d = h.down[i >> 3]!;
    h.observed[i >> 3] = o | bit;
    if (state === 'down') h.down[i >> 3] = d | bit;
    return (o & bit) === 0 || (state === 'down' && (d & bit) === 0);
  }

  private clear(h: SystemHistory, minute: number): void {
    const i = minute % OUTAGE_MINUTES;
    const bit = 1 << (i & 7);
    if ((h.observed[i >> 3]! & bit) !== 0) this.touch(h.id, Math.floor(minute / DAY_MINUTES));
    h.observed[i >> 3]! &= ~bit;
    h.down[i >> 3]! &= ~bit;
  }
}
