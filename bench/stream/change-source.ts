import { seeded } from '../../server/stream/test-support/stream-harness.js';
/**
 * The bench's workload: a keyed collection of `size` metric values of which `perTick` distinct
 * ones change every tick. Distinct ids per tick, so every mode delivers exactly the same number of
 * updates (the hub would otherwise fold two changes of one id into one upsert).
 */
export interface ValueEntity {
  type: 'metric';
  metric: string;
  t: string;
  v: number;
}

export class ChangeSource {
  readonly entities = new Map<string, ValueEntity>();
  private readonly order: string[];
  private cursor = 0;
  private rnd: () => number;

  constructor(
    readonly size: number,
    readonly perTick: number,
    seed = 1,
  ) {
    if (perTick > size) throw new RangeError('perTick must not exceed size');
    this.rnd = seeded(seed);
    const t = new Date(0).toISOString();
    for (let i = 0; i < size; i++) {
      const id = `m${String(i).padStart(5, '0')}`;
      this.entities.set(id, { type: 'metric', metric: id, t, v: 0 });
    }
    // A fixed shuffled order, walked in windows of `perTick`: distinct within a tick, spread over
    // the whole collection across ticks.
    this.order = [...this.entities.keys()];
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = Math.floor(this.rnd() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
  }

  /** Replaces `perTick` entities with new objects and returns them. */
  next(now: number): ValueEntity[] {
    const t = new Date(now).toISOString();
    const out: ValueEntity[] = [];
    for (let k = 0; k < this.perTick; k++) {
      const id = this.order[this.cursor]!;
      this.cursor = (this.cursor + 1) % this.order.length;
      const e: ValueEntity = { type: 'metric', metric: id, t, v: Math.round(this.rnd() * 1e6) / 100 };
      this.entities.set(id, e);
      out.push(e);
    }
    return out;
  }
}
