import type { Delta } from '../../shared/protocol/stream.js';

/**
 * The last deltas of one view, oldest first, in a fixed-size ring: a view's memory never grows
 * with uptime. Bounded twice: at most `capacity` deltas, and at most `maxChanges` upserts and
 * removes in all (the caller passes about the view's size). Past that a snapshot is smaller than
 * the replay, and a busy 20,000-entity view would otherwise pin millions of entity references.
 * `resume` replays from here when every missed delta is still held and falls back to a snapshot
 * otherwise, so a short history costs bandwidth, never correctness.
 */
export class DeltaHistory {
  private readonly ring: (Delta | undefined)[];
  private readonly sizes: number[];
  /** Index of the oldest held delta. */
  private head = 0;
  private count = 0;
  private changes = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('history capacity must be a whole number');
    this.ring = new Array<Delta | undefined>(capacity);
    this.sizes = new Array<number>(capacity).fill(0);
  }

  get size(): number {
    return this.count;
  }

  /** Upserts and removes held in all. */
  get changeCount(): number {
    return this.changes;
  }

  /**
   * Appends a delta of `changes` upserts + removes; its seq must follow the newest held one (views
   * push every seq they make). Then drops the oldest until at most `maxChanges` are held (the
   * newest delta always stays).
   */
  push(delta: Delta, changes: number, maxChanges = Infinity): void {
    if (this.capacity === 0) return;
    const newest = this.newest();
    if (newest && delta.seq !== newest.seq + 1) {
      // A gap would make `since` hand out a history with a hole in it; start over instead.
      this.clear();
    }
    if (this.count === this.capacity) this.dropOldest();
    const at = (this.head + this.count) % this.capacity;
    this.ring[at] = delta;
    this.sizes[at] = changes;
    this.count++;
    this.changes += changes;
    while (this.count > 1 && this.changes > maxChanges) this.dropOldest();
  }

  /**
   * The deltas with seq in (after, current], in order; [] when nothing was missed; null when some
   * of them are no longer held (or `after` is not a seq this view ever had).
   */
  since(after: number, current: number): Delta[] | null {
    if (after === current) return [];
    if (after > current || this.count === 0) return null;
    const oldest = this.ring[this.head];
    const newest = this.newest();
    if (!oldest || !newest || newest.seq !== current || oldest.seq > after + 1) return null;
    const out: Delta[] = [];
    for (let i = after + 1 - oldest.seq; i < this.count; i++) {
      const d = this.ring[(this.head + i) % this.capacity];
      if (!d) return null;
      out.push(d);
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.sizes.fill(0);
    this.head = 0;
    this.count = 0;
    this.changes = 0;
  }

  private dropOldest(): void {
    this.changes -= this.sizes[this.head]!;
    this.ring[this.head] = undefined;
    this.sizes[this.head] = 0;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  private newest(): Delta | undefined {
    if (this.count === 0) return undefined;
    return this.ring[(this.head + this.count - 1) % this.capacity];
  }
}
