/**
 * Per business system, which minutes of source time were observed and which of those were down
 * (SLA, issue #7): two bitmaps of OUTAGE_DAYS × 1440 minutes each, a ring indexed by minute, so
 * a system costs a fixed ~11 KB however long the aggregator runs. Minutes skipped between two
 * records (a demo clock jump, a slow tick) take the state last recorded: the system stayed as it
 * was last seen until seen otherwise. `rebuild` refills a system from an outage list (a restart
 * can replay stored alarms or the `up` history).
 */
export const MINUTE_MS = 60_000;
export const OUTAGE_DAYS = 31;
export const OUTAGE_MINUTES = OUTAGE_DAYS * 1440;
const BYTES = OUTAGE_MINUTES / 8;

export type MinuteState = 'up' | 'down' | 'unobserved';

interface SystemHistory {
  observed: Uint8Array;
  down: Uint8Array;
  /** Newest minute written (absolute minute number), -Infinity before the first. */
  last: number;
  lastState: MinuteState;
}

export class OutageHistory {
  private readonly systems = new Map<string, SystemHistory>();

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
    this.systems.delete(system);
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
      h = { observed: new Uint8Array(BYTES), down: new Uint8Array(BYTES), last: -Infinity, lastState: 'unobserved' };
      this.systems.set(system, h);
    }
    return h;
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
    const i = minute % OUTAGE_MINUTES;
    const bit = 1 << (i & 7);
    h.observed[i >> 3]! |= bit;
    if (state === 'down') h.down[i >> 3]! |= bit;
  }

  private clear(h: SystemHistory, minute: number): void {
    const i = minute % OUTAGE_MINUTES;
    const mask = ~(1 << (i & 7));
    h.observed[i >> 3]! &= mask;
    h.down[i >> 3]! &= mask;
  }
}
