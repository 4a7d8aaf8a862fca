import { describe, expect, it } from 'vitest';
import { applyDelta, type EntityMap } from '../../shared/protocol/stream.js';
import type { Audience } from '../core/auth/principal.js';
import { DeltaHistory } from './delta-history.js';
import { MemoryFeed, MemoryStore } from './test-support/memory-topic-kind.js';
import { seeded } from './test-support/stream-harness.js';
import { TopicView } from './topic-view.js';

const AUDIENCES: Audience[] = [
  { kind: 'operations' },
  { kind: 'tenants', tenants: ['a'] },
  { kind: 'tenants', tenants: ['b'] },
  { kind: 'tenants', tenants: ['a', 'b'] },
  { kind: 'nobody' },
];

/** One random tick of changes: upserts, replacements, removes and visibility (share) changes. */
function mutate(store: MemoryStore, rnd: () => number, next: { id: number }): void {
  const n = Math.floor(rnd() * 8);
  const ids = () => [...store.items.keys()];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const pick = ids()[Math.floor(rnd() * ids().length)];
    if (r < 0.35 || !pick) {
      const tenant = [null, 'a', 'b', 'c'][Math.floor(rnd() * 4)] ?? null;
      store.upsert({ type: 'item', id: `i${next.id++}`, tenant, value: Math.floor(rnd() * 100), rank: rnd() });
    } else if (r < 0.65) {
      const old = store.items.get(pick)!;
      store.upsert({ ...old, value: Math.floor(rnd() * 100), rank: rnd() });
    } else if (r < 0.85) {
      store.remove(pick);
    } else {
      store.share(pick, ['a', 'b'].filter(() => rnd() < 0.5));
    }
  }
}

function truth(feed: MemoryFeed, audience: Audience): EntityMap {
  const out: EntityMap = {};
  for (const [id, e] of feed.select(audience)) out[id] = e;
  for (const [id, e] of feed.aggregates!(audience)) out[id] = e;
  return out;
}

/** The bounded form: the `limit` highest-ranked visible items (ties by id) plus the aggregates. */
function truthTop(feed: MemoryFeed, audience: Audience, limit: number): EntityMap {
  const ranked = [...feed.select(audience).values()].sort((x, y) => y.rank - x.rank || (x.id < y.id ? -1 : 1));
  const out: EntityMap = {};
  for (const e of ranked.slice(0, limit)) out[e.id] = e;
  for (const [id, e] of feed.aggregates!(audience)) out[id] = e;
  return out;
}

describe('TopicView', () => {
  it.each([1, 2, 3])('converges: snapshot + every delta equals a fresh snapshot, for every audience (seed %i)', (seed) => {
    const rnd = seeded(seed);
    const store = new MemoryStore();
    const next = { id: 0 };
    for (let i = 0; i < 30; i++) mutate(store, rnd, next);
    const clock = { now: () => 0 };
    const feed = new MemoryFeed('items', store, clock);
    const bounded = new MemoryFeed('top', store, clock, { limit: 7 });
    const views = AUDIENCES.flatMap((a) =>
      [feed, bounded].map((f) => new TopicView(f.topic, JSON.stringify(a), a, f, { historySize: 16, at: 'x', now: 0 })),
    );
    const held = views.map((v) => ({ ...v.snapshot().data.entities }));
    feed.drain();
    bounded.drain();
    for (let tick = 0; tick < 400; tick++) {
      mutate(store, rnd, next);
      const drainedA = new Set(feed.drain());
      const drainedB = new Set(bounded.drain());
      views.forEach((v, i) => {
        const seqBefore = v.seq;
        const d = v.advance(v.topic === 'top' ? drainedB : drainedA, 'x');
        if (d) {
          expect(d.seq).toBe(seqBefore + 1);
          applyDelta(held[i]!, d);
        } else {
          expect(v.seq).toBe(seqBefore);
        }
        expect(held[i]).toEqual({ ...v.snapshot().data.entities });
        expect(held[i]).toEqual(v.topic === 'items' ? truth(feed, v.audience) : truthTop(bounded, v.audience, 7));
      });
    }
    // Visibility really differed between audiences.
    const sizes = views.filter((v) => v.topic === 'items').map((v) => v.size);
    expect(new Set(sizes).size).toBeGreaterThan(2);
  });

  it('serves a resume from history only while it holds every missed delta', () => {
    const store = new MemoryStore();
    const feed = new MemoryFeed('items', store, { now: () => 0 });
    const view = new TopicView('items', 'ops', { kind: 'operations' }, feed, { historySize: 3, at: 'x', now: 0 });
    for (let i = 0; i < 5; i++) {
      store.upsert({ type: 'item', id: `x${i}`, tenant: null, value: i, rank: 0 });
      view.advance(new Set(feed.drain()), 'x');
    }
    expect(view.seq).toBe(5);
    expect(view.missedSince(view.epoch, 5)).toEqual([]);
    expect(view.missedSince(view.epoch, 2)!.map((d) => d.seq)).toEqual([3, 4, 5]);
    expect(view.missedSince(view.epoch, 1)).toBeNull();
    expect(view.missedSince(view.epoch, 6)).toBeNull();
    expect(view.missedSince('other-epoch', 5)).toBeNull();
  });
});

describe('DeltaHistory', () => {
  const d = (seq: number) => ({ topic: 't', epoch: 'e', seq, at: 'x', changes: { upserts: {}, removes: [] } });

  it('keeps the last N in order and refuses what it lost', () => {
    const h = new DeltaHistory(4);
    for (let s = 1; s <= 10; s++) h.push(d(s), 1);
    expect(h.size).toBe(4);
    expect(h.since(6, 10)!.map((x) => x.seq)).toEqual([7, 8, 9, 10]);
    expect(h.since(5, 10)).toBeNull();
    expect(h.since(10, 10)).toEqual([]);
  });

  it('holds at most maxChanges changes, but always the newest delta', () => {
    const h = new DeltaHistory(100);
    for (let s = 1; s <= 10; s++) h.push(d(s), 30, 100);
    expect(h.size).toBe(3);
    expect(h.changeCount).toBe(90);
    expect(h.since(7, 10)!.map((x) => x.seq)).toEqual([8, 9, 10]);
    expect(h.since(6, 10)).toBeNull();
    h.push(d(11), 500, 100);
    expect(h.size).toBe(1);
    expect(h.since(10, 11)!.map((x) => x.seq)).toEqual([11]);
  });

  it('holds nothing with capacity 0 and restarts on a gap', () => {
    const none = new DeltaHistory(0);
    none.push(d(1), 1);
    expect(none.since(0, 1)).toBeNull();
    const h = new DeltaHistory(4);
    h.push(d(1), 1);
    h.push(d(2), 1);
    h.push(d(5), 1);
    expect(h.since(4, 5)!.map((x) => x.seq)).toEqual([5]);
    expect(h.since(1, 5)).toBeNull();
  });
});
