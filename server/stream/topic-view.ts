import { randomBytes } from 'node:crypto';
import type { Delta, EntityMap, Snapshot } from '../../shared/protocol/stream.js';
import type { Audience } from '../core/auth/principal.js';
import { DeltaHistory } from './delta-history.js';
import type { TopicFeed } from './topic-feed.js';

/** A new random epoch: any view created from scratch gets one, so lost history is always visible. */
export function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}

/** What the ids drained from a feed this tick say: these ids changed (no repeats), or re-diff everything. */
export type Drained = ReadonlySet<string> | 'all';

/**
 * History holds at most about as many changes as the view holds entities (a replay beyond that is
 * bigger than a snapshot), but never fewer than this, so small views still replay a while.
 */
const MIN_HISTORY_CHANGES = 4096;

interface SentAggregate {
  json: string;
  value: object;
}

/**
 * One topic as one audience sees it (the unit the product calls "seq runs per topic and
 * audience"). It holds exactly what its subscribers hold: the entity references sent so far and
 * the aggregates by JSON. Snapshots are built from this state, never straight from the feed, so a
 * snapshot at seq N always equals "previous snapshot + deltas up to N" (convergence), even when the
 * feed has moved on since the last tick.
 *
 * State machine per tick:  feed changed? ──no──▶ nothing
 *                                │yes
 *                                ▼
 *            incremental (drained ids via get) | full (select, bounded top-N)
 *                                ▼
 *                  diff empty? ──yes──▶ nothing ──no──▶ seq+1, history, broadcast
 */
export class TopicView {
  /** The socket.io room of this view; unique per (topic, audience) and never a socket id. */
  readonly room: string;
  readonly epoch: string;
  seq = 0;
  at: string;
  readonly history: DeltaHistory;
  /** Sessions subscribed to this view (including those cut back for backlog). */
  readonly subscribers = new Set<object>();
  /** Wall ms since when nobody is subscribed, or null while somebody is. */
  idleSince: number | null;

  private readonly entities = new Map<string, object>();
  private readonly aggregates = new Map<string, SentAggregate>();
  /** How many entities the audience could see at the last diff (more than sent when bounded). */
  private visibleCount = 0;
  private visibility: number;
  /** Set when an advance failed half-way: the drained ids of that tick are lost, so re-diff fully. */
  private needsFull = false;
  private cachedSnapshot: Snapshot | null = null;

  constructor(
    readonly topic: string,
    readonly audienceKey: string,
    readonly audience: Audience,
    private readonly feed: TopicFeed,
    opts: { historySize: number; at: string; now: number },
  ) {
    this.room = `view:${topic}#${audienceKey}`;
    this.epoch = newEpoch();
    this.history = new DeltaHistory(opts.historySize);
    this.at = opts.at;
    this.idleSince = opts.now;
    // Seq 0 is the feed's state at creation: nobody holds anything of this epoch yet, so the
    // initial fill is folded in without a delta.
    this.visibility = feed.visibilityVersion(audience);
    const initial = this.diff('all');
    this.commit(initial);
  }

  /** How many entities (aggregates included) subscribers hold. */
  get size(): number {
    return this.entities.size + this.aggregates.size;
  }

  /**
   * Brings this view up to date with its feed after a drain; returns the delta to broadcast, or
   * null when this audience saw no change. Computes first and commits only on success, so a feed
   * that throws half-way never leaves the view out of step with what subscribers hold.
   */
  advance(drained: Drained, at: string): Delta | null {
    const version = this.feed.visibilityVersion(this.audience);
    const mustFull = this.needsFull || drained === 'all' || version !== this.visibility;
    if (!mustFull && drained.size === 0) return null;
    this.needsFull = true;
    const changes = this.diff(mustFull || this.feed.bound !== undefined ? 'all' : drained);
    this.needsFull = false;
    this.visibility = version;
    this.at = at;
    this.cachedSnapshot = null;
    if (changes.upsertCount === 0 && changes.removes.length === 0) {
      this.visibleCount = changes.visibleCount;
      return null;
    }
    this.commit(changes);
    this.seq++;
    const delta: Delta = {
      topic: this.topic,
      epoch: this.epoch,
      seq: this.seq,
      at,
      // Null-prototype record: an id like `__proto__` is data, not a prototype switch.
      changes: { upserts: changes.upserts, removes: changes.removes },
    };
    this.history.push(delta, changes.upsertCount + changes.removes.length, Math.max(MIN_HISTORY_CHANGES, this.size));
    return delta;
  }

  /** The state subscribers hold at the current seq; built once per seq and shared by every socket. */
  snapshot(): Snapshot {
    if (this.cachedSnapshot?.seq === this.seq) return this.cachedSnapshot;
    const entities: EntityMap = Object.create(null) as EntityMap;
    for (const [id, e] of this.entities) entities[id] = e;
    for (const [id, a] of this.aggregates) entities[id] = a.value;
    this.cachedSnapshot = {
      topic: this.topic,
      epoch: this.epoch,
      seq: this.seq,
      at: this.at,
      data: { entities, complete: this.visibleCount <= this.entities.size, total: this.visibleCount },
    };
    return this.cachedSnapshot;
  }

  /** The deltas a client at (epoch, seq) missed, or null when it needs a snapshot instead. */
  missedSince(epoch: string, seq: number): Delta[] | null {
    if (epoch !== this.epoch) return null;
    return this.history.since(seq, this.seq);
  }

  /** Drops cached snapshot data (its entity record can be large) once nobody needs it soon. */
  releaseCaches(): void {
    this.cachedSnapshot = null;
  }

  /**
   * What changed for this audience, without touching the view. The wire record is built here
   * directly (it is what socket.io encodes); the flat id/entity arrays are what `commit` applies.
   * This runs for every view on every tick, so it avoids per-id allocations.
   */
  private diff(ids: Drained): PendingChanges {
    const upserts = Object.create(null) as EntityMap;
    const upsertIds: string[] = [];
    const upsertEntities: object[] = [];
    const removes: string[] = [];
    const sent = this.entities;
    let visibleCount: number;
    if (ids === 'all') {
      const { kept, total } = this.selectVisible();
      for (const [id, e] of kept) {
        if (sent.get(id) !== e) {
          upserts[id] = e;
          upsertIds.push(id);
          upsertEntities.push(e);
        }
      }
      for (const id of sent.keys()) if (!kept.has(id)) removes.push(id);
      visibleCount = total;
    } else {
      const { feed, audience } = this;
      const hasAggregates = this.aggregates.size > 0;
      let delta = 0;
      for (const id of ids) {
        if (hasAggregates && this.aggregates.has(id)) continue; // diffed below, by value
        const e = feed.get(id, audience);
        const prev = sent.get(id);
        if (e === undefined) {
          if (prev !== undefined) {
            removes.push(id);
            delta--;
          }
        } else if (e !== prev) {
          upserts[id] = e;
          upsertIds.push(id);
          upsertEntities.push(e);
          if (prev === undefined) delta++;
        }
      }
      visibleCount = sent.size + delta;
    }
    let upsertCount = upsertIds.length;
    const aggUpserts = new Map<string, SentAggregate>();
    const aggRemoves: string[] = [];
    if (this.feed.aggregates) {
      const next = this.feed.aggregates(this.audience);
      for (const [id, value] of next) {
        // Entities are replaced, never mutated (topic-feed.ts): the same object is the same value,
        // so a large aggregate set (the topology wall) costs a stringify only where it moved.
        const prev = this.aggregates.get(id);
        if (prev?.value === value) continue;
        const json = JSON.stringify(value);
        if (prev?.json !== json) {
          aggUpserts.set(id, { json, value });
          upserts[id] = value;
          upsertCount++;
        } else if (prev) {
          prev.value = value; // same value, new object: remember it so the next tick skips the stringify
        }
      }
      for (const id of this.aggregates.keys()) {
        if (!next.has(id)) {
          aggRemoves.push(id);
          removes.push(id);
        }
      }
    }
    return { upserts, upsertCount, upsertIds, upsertEntities, removes, aggUpserts, aggRemoves, visibleCount };
  }

  private commit(c: PendingChanges): void {
    for (const id of c.aggRemoves) this.aggregates.delete(id);
    for (const [id, a] of c.aggUpserts) this.aggregates.set(id, a);
    for (const id of c.removes) this.entities.delete(id);
    for (let i = 0; i < c.upsertIds.length; i++) this.entities.set(c.upsertIds[i]!, c.upsertEntities[i]!);
    this.visibleCount = c.visibleCount;
  }

  /** The audience's visible set; for bounded feeds only the `limit` highest-ranked entities. */
  private selectVisible(): { kept: ReadonlyMap<string, object>; total: number } {
    const all = this.feed.select(this.audience);
    const bound = this.feed.bound;
    if (!bound || all.size <= bound.limit) return { kept: all, total: all.size };
    const ranked: { id: string; e: object; r: number }[] = [];
    for (const [id, e] of all) {
      const r = bound.rank(e);
      ranked.push({ id, e, r: Number.isFinite(r) ? r : -Infinity });
    }
    // Ties broken by id so the top-N is stable between ticks (no churn at the boundary).
    ranked.sort((a, b) => (a.r > b.r ? -1 : a.r < b.r ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const kept = new Map<string, object>();
    for (let i = 0; i < bound.limit && i < ranked.length; i++) kept.set(ranked[i]!.id, ranked[i]!.e);
    return { kept, total: all.size };
  }
}

interface PendingChanges {
  /** Entities and aggregates together, as they go on the wire (null prototype). */
  upserts: EntityMap;
  upsertCount: number;
  /** Entity (not aggregate) upserts, as parallel arrays for `commit`. */
  upsertIds: string[];
  upsertEntities: object[];
  /** Entities and aggregates together, as they go on the wire. */
  removes: string[];
  aggUpserts: Map<string, SentAggregate>;
  aggRemoves: string[];
  visibleCount: number;
}
