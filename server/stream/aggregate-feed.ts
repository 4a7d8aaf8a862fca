import type { Audience } from '../core/auth/principal.js';
import type { Clock } from '../core/clock.js';
import type { TopicFeed } from './topic-feed.js';

/**
 * A topic whose every entity is computed per audience (totals, a laid-out wall): it has no
 * shared keyed entities, so it lives entirely in the hub's per-audience aggregates, which the hub
 * recomputes and diffs by value on ticks where `drain()` reports a change. Subclasses say what an
 * audience holds and set `changed` when it may have moved.
 */
export abstract class AggregateFeed<E extends object> implements TopicFeed<E> {
  /** Set when anything an audience holds may have moved since the last drain. */
  protected changed = true;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly topic: string,
    /** An aggregate id to report from `drain()`: the hub only needs to know that something moved. */
    private readonly marker: string,
    private readonly visibleSets: { version(audience: Audience): number },
    private readonly sourceClock: Clock,
  ) {}

  abstract aggregates(audience: Audience): Map<string, E>;

  /** Called at the start of each drain, for feeds that notice changes by polling a version. */
  protected beforeDrain(): void {}

  /** Listeners to remove when the feed is disposed. */
  protected onDispose(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  select(): Map<string, E> {
    return new Map();
  }

  get(): undefined {
    return undefined;
  }

  drain(): Iterable<string> {
    this.beforeDrain();
    if (!this.changed) return [];
    this.changed = false;
    return [this.marker];
  }

  visibilityVersion(audience: Audience): number {
    return this.visibleSets.version(audience);
  }

  at(): number {
    return this.sourceClock.now();
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
  }
}
