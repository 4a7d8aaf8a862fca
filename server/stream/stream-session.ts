import type { Socket } from 'socket.io';
import type { z } from 'zod';
import {
  AuthRefreshRequestSchema,
  ResumeRequestSchema,
  ResyncRequestSchema,
  SubscribeRequestSchema,
  type Ack,
  type AuthRefreshRequest,
  type ClientToServerEvents,
  type ResumeMode,
  type ResumeRequest,
  type ResyncRequest,
  type ServerToClientEvents,
  type StreamError,
  type SubscribeRequest,
  type TopicResult,
} from '../../shared/protocol/stream.js';
import { audienceKey, audienceOf, type Audience, type Principal } from '../core/auth/principal.js';
import type { Clock } from '../core/clock.js';
import { RequestBudget } from './request-budget.js';
import { dropQueuedDeltas, measureBacklog, type Backlog, type BacklogLimit } from './socket-backlog.js';
import type { SnapshotReason, StreamMetrics } from './stream-metrics.js';
import { checkTopicAccess, toStreamError } from './topic-access.js';
import type { TopicKind } from './topic-feed.js';
import { TopicView } from './topic-view.js';
import type { StreamLogger, ViewRegistry } from './view-registry.js';

export type StreamSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
export type EndReason = 'expired' | 'revoked' | 'signed-out';

/** What every session shares: owned by the hub, read by its sessions. */
export interface SessionContext {
  kinds: readonly TopicKind[];
  views: ViewRegistry;
  authenticate(token: string): Promise<Principal | null>;
  wallClock: Clock;
  maxSubscriptions: number;
  backlogLimit: BacklogLimit;
  metrics: StreamMetrics;
  logger: StreamLogger;
  /** Plain counters for `stats()`, next to the Prometheus ones. */
  counters: { snapshots: number; replayedDeltas: number; droppedBacklogs: number };
}

/** Wall-clock ms when this credential stops being valid; null for credentials without expiry. */
export function credentialExpiry(p: Principal): number | null {
  return p.kind === 'apikey' ? null : p.expiresAt;
}

export function isExpired(p: Principal, now: number): boolean {
  const at = credentialExpiry(p);
  return at !== null && at <= now;
}

const RATE_LIMITED = {
  ok: false,
  error: { code: 'rate_limited', message: 'too many snapshot requests, try again later' },
} as const;

/** A refreshed credential must name the same person or wall, never swap identity on a socket. */
function sameIdentity(a: Principal, b: Principal): boolean {
  if (a.kind === 'user' && b.kind === 'user') return a.userId === b.userId;
  if (a.kind === 'display' && b.kind === 'display') return a.credentialId === b.credentialId;
  return false;
}

/**
 * One connected socket: its principal, its subscriptions and its backpressure state.
 *
 *   live ──backlog over limit──▶ cut (out of its rooms, queued deltas dropped)
 *    ▲                              │ backlog under low water
 *    └──── snapshot of every topic ─┘
 */
export class StreamSession {
  principal: Principal;
  private audience: Audience;
  private audienceKey: string;
  readonly subs = new Map<string, TopicView>();
  /** Taken out of its rooms because it fell behind; gets snapshots once it catches up. */
  cut = false;
  /**
   * The backlog the socket may carry without being cut: what it held right after its last batch of
   * snapshots, sinking as it reads. A large snapshot on a slow link is owed, not a sign of falling
   * behind; only deltas piling up on top of it are.
   */
  private floor: Backlog = { packets: 0, bytes: 0 };
  /** Snapshot-producing requests: twice the subscription cap at once, the cap again every 10 s. */
  private readonly budget: RequestBudget;

  constructor(
    readonly socket: StreamSocket,
    principal: Principal,
    private readonly ctx: SessionContext,
  ) {
    this.principal = principal;
    this.audience = audienceOf(principal);
    this.audienceKey = audienceKey(this.audience);
    this.budget = new RequestBudget(ctx.wallClock, 2 * ctx.maxSubscriptions, ctx.maxSubscriptions / 10);
  }

  bind(): void {
    this.handle('subscribe', SubscribeRequestSchema, (req) => this.subscribe(req));
    this.handle('unsubscribe', SubscribeRequestSchema, (req) => this.unsubscribe(req));
    this.handle('resume', ResumeRequestSchema, (req) => this.resume(req));
    this.handle('resync', ResyncRequestSchema, (req) => this.resync(req));
    this.handle('auth:refresh', AuthRefreshRequestSchema, (req) => this.refresh(req));
  }

  /** Moves the session's expiry (a refresh done over REST that kept the session id). */
  setExpiry(expiresAt: number): void {
    if (this.principal.kind === 'user') this.principal = { ...this.principal, expiresAt };
  }

  /** Tells the client why, then closes the socket; the disconnect handler cleans up. */
  end(reason: EndReason): boolean {
    if (!this.socket.connected) return false;
    this.socket.emit('auth:ended', { reason });
    this.socket.disconnect(true);
    return true;
  }

  /** Leaves every view (on disconnect). */
  detach(): void {
    for (const topic of [...this.subs.keys()]) this.detachTopic(topic);
  }

  /** Before a tick's broadcast: cuts the socket back when deltas piled up beyond the limit. */
  checkBacklog(): boolean {
    if (this.cut || this.subs.size === 0) return false;
    const b = measureBacklog(this.socket);
    if (b.packets < this.floor.packets) this.floor.packets = b.packets;
    if (b.bytes < this.floor.bytes) this.floor.bytes = b.bytes;
    const limit = this.ctx.backlogLimit;
    if (b.packets - this.floor.packets > limit.packets || b.bytes - this.floor.bytes > limit.bytes) {
      this.cutBack(b);
      return true;
    }
    return false;
  }

  /** After a tick's broadcast: a cut socket that drained below the low-water mark rejoins. */
  maybeRestore(): boolean {
    if (!this.cut || !this.socket.connected) return false;
    const b = measureBacklog(this.socket);
    const limit = this.ctx.backlogLimit;
    // Low water at a quarter of the limit: far enough below it not to flap between the two states.
    if (b.packets > Math.floor(limit.packets / 4) || b.bytes > limit.bytes / 4) return false;
    this.cut = false;
    this.floor = { ...b };
    const views = [...this.subs.values()];
    for (const v of views) void this.socket.join(v.room);
    this.sendSnapshots(views, 'backlog');
    return true;
  }

  private subscribe(req: SubscribeRequest): Ack<{ results: TopicResult[] }> {
    if (!this.budget.take(req.topics.length)) return RATE_LIMITED;
    const results: TopicResult[] = [];
    const granted: TopicView[] = [];
    for (const topic of new Set(req.topics)) {
      const r = this.attach(topic);
      if (r instanceof TopicView) {
        results.push({ topic, ok: true });
        granted.push(r);
      } else {
        results.push({ topic, ok: false, error: r.error });
      }
    }
    // Snapshots go out before the ack, so a client holding the ack already holds the data.
    this.sendSnapshots(granted, 'subscribe');
    return { ok: true, results };
  }

  private unsubscribe(req: SubscribeRequest): Ack {
    for (const topic of req.topics) this.detachTopic(topic);
    return { ok: true };
  }

  private resume(req: ResumeRequest): Ack<{ mode: ResumeMode }> {
    if (!this.budget.take(1)) return RATE_LIMITED;
    const view = this.attach(req.topic);
    if (!(view instanceof TopicView)) return { ok: false, error: view.error };
    // A cut socket gets a snapshot of everything once it has caught up.
    if (this.cut) return { ok: true, mode: 'snapshot' };
    const missed = view.missedSince(req.epoch, req.seq);
    if (missed) {
      if (this.overAbsoluteLimit()) return { ok: true, mode: 'snapshot' };
      for (const d of missed) this.socket.emit('delta', d);
      this.ctx.metrics.replayedDeltas.inc(missed.length);
      this.ctx.counters.replayedDeltas += missed.length;
      return { ok: true, mode: 'replay' };
    }
    this.sendSnapshots([view], 'resume');
    return { ok: true, mode: 'snapshot' };
  }

  private resync(req: ResyncRequest): Ack {
    const view = this.subs.get(req.topic);
    if (!view) return { ok: false, error: { code: 'not_subscribed', message: `not subscribed to ${req.topic}` } };
    if (!this.budget.take(1)) return RATE_LIMITED;
    this.sendSnapshots([view], 'resync');
    return { ok: true };
  }

  private async refresh(req: AuthRefreshRequest): Promise<Ack<{ expiresAt: string | null }>> {
    let next: Principal | null = null;
    try {
      next = await this.ctx.authenticate(req.token);
    } catch (err) {
      this.ctx.logger.warn({ err, socket: this.socket.id }, 'stream credential refresh failed');
    }
    if (!next || isExpired(next, this.ctx.wallClock.now())) {
      return { ok: false, error: { code: 'unauthenticated', message: 'the new credential is not valid' } };
    }
    if (!sameIdentity(this.principal, next)) {
      return { ok: false, error: { code: 'forbidden', message: 'the new credential belongs to someone else' } };
    }
    if (!this.socket.connected) return { ok: false, error: { code: 'disconnected', message: 'socket closed' } };
    this.swapPrincipal(next);
    const at = credentialExpiry(next);
    return { ok: true, expiresAt: at === null ? null : new Date(at).toISOString() };
  }

  /**
   * Puts the refreshed principal on the socket. Same audience (the usual case): nothing else moves.
   * Otherwise (a role or scope changed meanwhile) each topic is checked again and moved to the
   * new audience's view with a fresh snapshot; topics no longer allowed are dropped.
   */
  private swapPrincipal(next: Principal): void {
    const prevKey = this.audienceKey;
    this.principal = next;
    this.audience = audienceOf(next);
    this.audienceKey = audienceKey(this.audience);
    const moved: TopicView[] = [];
    for (const topic of [...this.subs.keys()]) {
      const access = checkTopicAccess(this.ctx.kinds, next, topic);
      if ('error' in access) {
        this.detachTopic(topic);
        continue;
      }
      if (this.audienceKey !== prevKey) {
        this.detachTopic(topic);
        const view = this.attach(topic);
        if (view instanceof TopicView) moved.push(view);
      }
    }
    this.sendSnapshots(moved, 'refresh');
  }

  private attach(topic: string): TopicView | { error: StreamError } {
    const existing = this.subs.get(topic);
    if (existing) return existing;
    const access = checkTopicAccess(this.ctx.kinds, this.principal, topic);
    if ('error' in access) return access;
    if (this.subs.size >= this.ctx.maxSubscriptions) {
      return {
        error: {
          code: 'too_many_subscriptions',
          message: `at most ${this.ctx.maxSubscriptions} topics per connection`,
        },
      };
    }
    let view: TopicView;
    try {
      view = this.ctx.views.acquire(topic, access.kind, access.param, this.audience);
    } catch (err) {
      this.ctx.logger.error({ err, topic }, 'stream topic could not be opened');
      return { error: toStreamError(err) };
    }
    this.ctx.views.addSubscriber(view, this);
    this.subs.set(topic, view);
    if (!this.cut) void this.socket.join(view.room);
    return view;
  }

  private detachTopic(topic: string): void {
    const view = this.subs.get(topic);
    if (!view) return;
    this.subs.delete(topic);
    void this.socket.leave(view.room);
    this.ctx.views.removeSubscriber(view, this);
  }

  /**
   * Sends snapshots of these views, unless the socket is already behind: then it is cut back and
   * gets them once it has caught up. This is what stops a client from piling snapshots into the
   * server's memory by asking for them faster than it reads.
   */
  private sendSnapshots(views: readonly TopicView[], reason: SnapshotReason): void {
    if (views.length === 0 || this.cut) return;
    if (this.overAbsoluteLimit()) return;
    for (const v of views) {
      this.socket.emit('snapshot', v.snapshot());
      this.ctx.metrics.snapshots.inc({ reason });
      this.ctx.counters.snapshots++;
    }
    this.floor = { ...measureBacklog(this.socket) };
  }

  /** Cuts the socket back (and says so) when its backlog is over the limit as it stands. */
  private overAbsoluteLimit(): boolean {
    const b = measureBacklog(this.socket);
    const limit = this.ctx.backlogLimit;
    if (b.packets <= limit.packets && b.bytes <= limit.bytes) return false;
    this.cutBack(b);
    return true;
  }

  private cutBack(backlog: Backlog): void {
    this.cut = true;
    for (const v of this.subs.values()) void this.socket.leave(v.room);
    const dropped = dropQueuedDeltas(this.socket);
    this.ctx.metrics.droppedBacklogs.inc();
    this.ctx.counters.droppedBacklogs++;
    this.ctx.logger.warn(
      { socket: this.socket.id, backlog, droppedDeltas: dropped },
      'stream client fell behind: deltas dropped, snapshot follows once it catches up',
    );
  }

  /**
   * Registers a handler that never trusts its input: the payload is validated with the shared zod
   * schema, a request without an ack callback is ignored (every transport event has one), and any
   * failure becomes an error ack instead of an exception in socket.io's event loop.
   */
  private handle<T, R extends object>(
    event: keyof ClientToServerEvents,
    schema: z.ZodType<T>,
    fn: (req: T) => Ack<R> | Promise<Ack<R>>,
  ): void {
    const socket = this.socket as unknown as { on(ev: string, listener: (...args: unknown[]) => void): void };
    socket.on(event, (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last !== 'function') return;
      const reply = (r: Ack<R> | Ack): void => {
        try {
          (last as (r: unknown) => void)(r);
        } catch (err) {
          this.ctx.logger.warn({ err, event }, 'stream ack failed');
        }
      };
      const parsed = schema.safeParse(args.length >= 2 ? args[0] : undefined);
      if (!parsed.success) {
        const message = parsed.error.issues
          .slice(0, 5)
          .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
          .join('; ');
        reply({ ok: false, error: { code: 'validation_failed', message: message.slice(0, 300) } });
        return;
      }
      const fail = (err: unknown): void => {
        this.ctx.logger.error({ err, event, socket: this.socket.id }, 'stream request failed');
        reply({ ok: false, error: toStreamError(err) });
      };
      try {
        const out = fn(parsed.data);
        if (out instanceof Promise) out.then(reply, fail);
        else reply(out);
      } catch (err) {
        fail(err);
      }
    });
  }
}
