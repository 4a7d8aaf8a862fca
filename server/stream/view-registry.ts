import type { Delta } from '../../shared/protocol/stream.js';
import type { Audience } from '../core/auth/principal.js';
import { audienceKey } from '../core/auth/principal.js';
import type { Clock } from '../core/clock.js';
import type { TopicFeed, TopicKind } from './topic-feed.js';
import { TopicView, type Drained } from './topic-view.js';

export interface StreamLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface FeedEntry {
  topic: string;
  feed: TopicFeed;
  views: Map<string, TopicView>;
  /** The last drain threw: its ids are lost, so the next tick re-diffs every view in full. */
  lostDrain: boolean;
}

export interface ViewDelta {
  view: TopicView;
  delta: Delta;
}

/**
 * Feeds and views. One feed per concrete topic (shared by all audiences), one view per
 * (topic, audience). A feed lives as long as one of its views does; a view outlives its last
 * subscriber by `viewIdleMs`, so a client that reconnects soon can still resume by replay.
 */
export class ViewRegistry {
  private readonly feeds = new Map<string, FeedEntry>();

  constructor(
    private readonly opts: {
      historySize: number;
      viewIdleMs: number;
      wallClock: Clock;
      sourceClock: Clock;
      logger: StreamLogger;
    },
  ) {}

  get viewCount(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.views.size;
    return n;
  }

  get feedCount(): number {
    return this.feeds.size;
  }

  /** The view for this topic and audience, creating the feed and the view on first use. */
  acquire(topic: string, kind: TopicKind, param: string | null, audience: Audience): TopicView {
    let entry = this.feeds.get(topic);
    if (!entry) {
      entry = { topic, feed: kind.create(topic, param), views: new Map(), lostDrain: false };
      this.feeds.set(topic, entry);
    }
    const key = audienceKey(audience);
    let view = entry.views.get(key);
    if (!view) {
      try {
        view = new TopicView(topic, key, audience, entry.feed, {
          historySize: this.opts.historySize,
          at: this.atOf(entry.feed),
          now: this.opts.wallClock.now(),
        });
      } catch (err) {
        if (entry.views.size === 0) this.disposeFeed(entry);
        throw err;
      }
      entry.views.set(key, view);
    }
    return view;
  }

  addSubscriber(view: TopicView, subscriber: object): void {
    view.subscribers.add(subscriber);
    view.idleSince = null;
  }

  removeSubscriber(view: TopicView, subscriber: object): void {
    if (view.subscribers.delete(subscriber) && view.subscribers.size === 0) {
      view.idleSince = this.opts.wallClock.now();
      view.releaseCaches();
    }
  }

  /**
   * One tick: drains every feed exactly once and advances all of its views (idle ones too, so
   * their history stays replayable). Errors stay inside their feed or view. A Set from `drain()`
   * is used as is (no copy): the tick is synchronous, so the feed cannot touch it meanwhile.
   */
  advance(): ViewDelta[] {
    const out: ViewDelta[] = [];
    for (const entry of this.feeds.values()) {
      let drained: Drained;
      try {
        const d = entry.feed.drain();
        drained = d === 'all' || entry.lostDrain ? 'all' : d instanceof Set ? (d as Set<string>) : new Set(d);
        entry.lostDrain = false;
      } catch (err) {
        entry.lostDrain = true;
        this.opts.logger.error({ err, topic: entry.topic }, 'stream feed drain failed');
        continue;
      }
      const at = this.atOf(entry.feed);
      for (const view of entry.views.values()) {
        try {
          const delta = view.advance(drained, at);
          if (delta) out.push({ view, delta });
        } catch (err) {
          this.opts.logger.error({ err, topic: entry.topic, audience: view.audienceKey }, 'stream view update failed');
        }
      }
    }
    return out;
  }

  /** Drops views nobody subscribed to for `viewIdleMs` (and feeds left without views). */
  dropIdle(): number {
    const now = this.opts.wallClock.now();
    let dropped = 0;
    for (const entry of [...this.feeds.values()]) {
      for (const [key, view] of entry.views) {
        if (view.subscribers.size === 0 && view.idleSince !== null && now - view.idleSince >= this.opts.viewIdleMs) {
          entry.views.delete(key);
          dropped++;
        }
      }
      if (entry.views.size === 0) this.disposeFeed(entry);
    }
    return dropped;
  }

  close(): void {
    for (const entry of [...this.feeds.values()]) this.disposeFeed(entry);
  }

  private disposeFeed(entry: FeedEntry): void {
    this.feeds.delete(entry.topic);
    entry.views.clear();
    try {
      entry.feed.dispose?.();
    } catch (err) {
      this.opts.logger.warn({ err, topic: entry.topic }, 'stream feed dispose failed');
    }
  }

  /** Source time of the feed's state; the source clock stands in when a feed reports nonsense. */
  private atOf(feed: TopicFeed): string {
    let t: number;
    try {
      t = feed.at();
    } catch {
      t = NaN;
    }
    if (!Number.isFinite(t)) t = this.opts.sourceClock.now();
    return new Date(t).toISOString();
  }
}
