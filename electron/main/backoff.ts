import type { Timers } from './timers.js';

export interface BackoffPolicy {
  /** Delay after the first failure. */
  initialMs: number;
  /** The delay doubles per consecutive failure up to this cap. */
  maxMs: number;
  /** A quiet spell this long since the last failure starts the count again. */
  resetAfterMs: number;
}

/**
 * Exponential backoff for things that fail repeatedly (a crashing aggregator, a renderer in a
 * crash loop): the first retry is quick, a loop slows to the cap instead of spinning a CPU, and a
 * long healthy run forgives the past.
 */
export class Backoff {
  private failures = 0;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly timers: Pick<Timers, 'now'>,
  ) {}

  /** Records a failure; returns how long to wait before the next attempt. */
  fail(): number {
    const now = this.timers.now();
    if (now - this.lastFailureAt >= this.policy.resetAfterMs) this.failures = 0;
    this.failures += 1;
    this.lastFailureAt = now;
    return Math.min(this.policy.initialMs * 2 ** (this.failures - 1), this.policy.maxMs);
  }

  /** Consecutive failures counted so far (0 after a quiet spell). */
  get consecutive(): number {
    return this.timers.now() - this.lastFailureAt >= this.policy.resetAfterMs ? 0 : this.failures;
  }
}
