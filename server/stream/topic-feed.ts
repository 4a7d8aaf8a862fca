import type { Audience, Principal } from '../core/auth/principal.js';
import type { AppError } from '../core/errors.js';

/**
 * A topic's data as the stream hub sees it: a keyed collection of immutable entities that
 * changes between ticks. Entities are replaced, never mutated, so the hub can diff by reference.
 * The hub owns seq, epoch, history, rooms and backpressure; a feed only knows its data and who
 * may see which entity.
 */
export interface TopicFeed<E extends object = object> {
  readonly topic: string;

  /** Every entity this audience may see right now (for snapshots and full re-diffs). */
  select(audience: Audience): Map<string, E>;

  /**
   * The entity with this id as this audience sees it, or undefined when it does not exist or
   * is not visible. Called for each id in `drain()`.
   */
  get(id: string, audience: Audience): E | undefined;

  /**
   * Ids changed (upserted or removed) since the last call, across all audiences. The hub calls it
   * once per tick. 'all' asks the hub to re-diff every audience in full.
   */
  drain(): Iterable<string> | 'all';

  /**
   * Per-audience aggregates (counts per status, totals…) recomputed when anything changed. Their
   * ids live in the same keyed space; the hub diffs them by JSON value.
   */
  aggregates?(audience: Audience): Map<string, E>;

  /**
   * Bumps when this audience's visible set changed (edges moved, a tenant gained a system): the
   * hub then re-diffs that audience in full instead of only the drained ids.
   */
  visibilityVersion(audience: Audience): number;

  /**
   * Large topics snapshot in bounded form: when the visible set is over `limit`, only the `limit`
   * highest-ranked entities are kept (aggregates always are). Higher rank = more important.
   */
  bound?: { limit: number; rank(entity: E): number };

  /** Source-time ms the current state describes. */
  at(): number;

  dispose?(): void;
}

/** A kind of topic: matches topic names, checks access, creates feeds. Kinds are a registry. */
export interface TopicKind {
  readonly name: string;
  /** Null when the name is not this kind's. */
  match(topic: string): { param: string | null } | null;
  /**
   * An AppError (403 forbidden, 404 not found) when the principal may not subscribe, else null;
   * per-entity visibility is the feed's job.
   */
  authorize(principal: Principal, param: string | null): AppError | null;
  /** One feed per concrete topic name, shared by every audience. */
  create(topic: string, param: string | null): TopicFeed;
}
