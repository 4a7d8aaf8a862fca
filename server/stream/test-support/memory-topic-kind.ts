import type { Audience, Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import type { TopicFeed, TopicKind } from '../topic-feed.js';

/** A test entity: owned by one tenant, or shared (tenant null) and shown to the tenants it is shared with. */
export interface Item {
  type: 'item';
  id: string;
  tenant: string | null;
  value: number;
  /** For bounded topics: higher is more important. */
  rank: number;
  /** Padding to make payloads large in backpressure tests. */
  blob?: string;
}

export interface ItemSummary {
  type: 'summary';
  count: number;
  sum: number;
}

/**
 * The source of truth behind the test feeds: a keyed collection of immutable items plus who a
 * shared item is shown to. Changing a share changes visibility, like an edge moving in topology.
 */
export class MemoryStore {
  readonly items = new Map<string, Item>();
  private readonly shares = new Map<string, ReadonlySet<string>>();
  /** Bumps whenever any audience's visible set changes through a share. */
  visibility = 0;
  private readonly listeners = new Set<(id: string) => void>();

  upsert(item: Item): void {
    this.items.set(item.id, item);
    this.notify(item.id);
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.notify(id);
  }

  share(id: string, tenants: readonly string[]): void {
    this.shares.set(id, new Set(tenants));
    this.visibility++;
  }

  visibleTo(item: Item, audience: Audience): boolean {
    switch (audience.kind) {
      case 'operations':
        return true;
      case 'nobody':
        return false;
      case 'tenants': {
        if (item.tenant !== null) return audience.tenants.includes(item.tenant);
        const shared = this.shares.get(item.id);
        return shared !== undefined && audience.tenants.some((t) => shared.has(t));
      }
    }
  }

  listen(l: (id: string) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private notify(id: string): void {
    for (const l of this.listeners) l(id);
  }
}

/** A feed over a MemoryStore, optionally bounded, with a per-audience summary aggregate. */
export class MemoryFeed implements TopicFeed<Item | ItemSummary> {
  private changed = new Set<string>();
  private readonly unlisten: () => void;
  drains = 0;
  disposed = false;
  /** Makes the next drain throw (error-isolation tests). */
  failNextDrain = false;
  readonly bound?: { limit: number; rank(e: Item | ItemSummary): number };

  constructor(
    readonly topic: string,
    private readonly store: MemoryStore,
    private readonly clock: Clock,
    opts: { limit?: number; aggregates?: boolean } = {},
  ) {
    this.unlisten = store.listen((id) => this.changed.add(id));
    if (opts.limit !== undefined) {
      this.bound = { limit: opts.limit, rank: (e) => (e.type === 'item' ? e.rank : 0) };
    }
    if (opts.aggregates === false) this.aggregates = undefined;
  }

  select(audience: Audience): Map<string, Item> {
    const out = new Map<string, Item>();
    for (const [id, item] of this.store.items) if (this.store.visibleTo(item, audience)) out.set(id, item);
    return out;
  }

  get(id: string, audience: Audience): Item | undefined {
    const item = this.store.items.get(id);
    return item && this.store.visibleTo(item, audience) ? item : undefined;
  }

  drain(): Iterable<string> {
    this.drains++;
    if (this.failNextDrain) {
      this.failNextDrain = false;
      throw new Error('drain failed on purpose');
    }
    const out = this.changed;
    this.changed = new Set();
    return out;
  }

  aggregates?: (audience: Audience) => Map<string, ItemSummary> = (audience) => {
    let count = 0;
    let sum = 0;
    for (const item of this.store.items.values()) {
      if (!this.store.visibleTo(item, audience)) continue;
      count++;
      sum += item.value;
    }
    return new Map([['summary', { type: 'summary', count, sum }]]);
  };

  visibilityVersion(): number {
    return this.store.visibility;
  }

  at(): number {
    return this.clock.now();
  }

  dispose(): void {
    this.disposed = true;
    this.unlisten();
  }
}

/**
 * Topics `items` (every item), `top` (bounded to `topLimit`), `items:<anything>` (same data, to
 * open many topics) and `items:restricted` (operations only, refused by `authorize`).
 */
export function memoryTopicKind(
  store: MemoryStore,
  clock: Clock,
  opts: { topLimit?: number; aggregates?: boolean } = {},
): TopicKind & { feeds: Map<string, MemoryFeed> } {
  const feeds = new Map<string, MemoryFeed>();
  return {
    name: 'items',
    feeds,
    match(topic) {
      if (topic === 'items' || topic === 'top') return { param: null };
      if (topic.startsWith('items:')) return { param: topic.slice('items:'.length) };
      return null;
    },
    authorize(principal: Principal, param) {
      if (param === 'restricted' && !(principal.kind === 'user' && principal.tenantId === null)) {
        return errors.forbidden('operations only');
      }
      return null;
    },
    create(topic) {
      const feed = new MemoryFeed(topic, store, clock, {
        ...(topic === 'top' ? { limit: opts.topLimit ?? 10 } : {}),
        ...(opts.aggregates === undefined ? {} : { aggregates: opts.aggregates }),
      });
      feeds.set(topic, feed);
      return feed;
    },
  };
}
