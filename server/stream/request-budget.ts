import type { Clock } from '../core/clock.js';

/**
 * A token bucket on the wall clock. Each socket gets one for the requests that make the server
 * encode snapshots (subscribe, resume, resync cost one token per topic): the backlog guard bounds
 * the memory a client can pin, this bounds the CPU a client that reads fast can burn by asking for
 * snapshots in a loop. Sized so a console resuming every topic at once never hits it.
 */
export class RequestBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    readonly capacity: number,
    /** Tokens regained per second of wall time. */
    readonly refillPerSecond: number,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Takes `cost` tokens if there are that many; false (and takes none) otherwise. */
  take(cost: number): boolean {
    const now = this.clock.now();
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    }
    this.last = now;
    if (cost > this.tokens) return false;
    this.tokens -= cost;
    return true;
  }
}
