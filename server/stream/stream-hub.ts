import type { Server } from 'socket.io';
import type { Registry } from 'prom-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/stream.js';
import type { Principal } from '../core/auth/principal.js';
import type { Clock } from '../core/clock.js';
import type { BacklogLimit } from './socket-backlog.js';
import { createStreamMetrics } from './stream-metrics.js';
import { StreamSession, isExpired, type EndReason, type SessionContext, type StreamSocket } from './stream-session.js';
import type { TopicKind } from './topic-feed.js';
import { ViewRegistry, type StreamLogger } from './view-registry.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inter-server events and socket data are the caller's business
export type StreamServer = Server<ClientToServerEvents, ServerToClientEvents, any, any>;

export interface StreamHubOptions {
  /** Deltas kept per topic and audience for `resume` (default 256 ≈ 64 s at 4 ticks/s). */
  historySize?: number;
  /** Subscriptions per socket (default 64, the most one `subscribe` may name). */
  maxSubscriptions?: number;
  /**
   * How far a socket may fall behind before its deltas are dropped and it is put on a snapshot:
   * unsent engine.io packets and unsent bytes beyond what it owed after its last snapshot
   * (default 16 packets or 2 MiB: a healthy client starts every tick at ~0).
   */
  backlogLimit?: Partial<BacklogLimit>;
  /** A view nobody subscribes to is kept this long, so a quick reconnect can replay (default 60 s). */
  viewIdleMs?: number;
}

export interface StreamHubDeps {
  /** Created and attached by the caller; see `streamIoOptions` for the heartbeat settings. */
  io: StreamServer;
  kinds: readonly TopicKind[];
  /** The credential of the handshake or of `auth:refresh`; null when not valid. */
  authenticate(token: string): Promise<Principal | null>;
  /** Drives credential expiry and idle views. */
  wallClock: Clock;
  /** Stands in for a feed's source time when the feed cannot tell it. */
  sourceClock: Clock;
  registry: Registry;
  logger?: StreamLogger;
  options?: StreamHubOptions;
}

export interface StreamHubStats {
  clients: number;
  /** Sockets currently cut back for backlog. */
  cutBack: number;
  subscriptions: number;
  views: number;
  feeds: number;
  ticks: number;
  /** Deltas broadcast (once per view and tick, however many sockets got it). */
  deltasBroadcast: number;
  replayedDeltas: number;
  snapshots: number;
  droppedBacklogs: number;
  lastTickMs: number;
}

export interface StreamHub {
  /** One batch: expire sessions, check backlogs, drain feeds, broadcast deltas, restore caught-up sockets. */
  tick(): void;
  /** Ticks every `intervalMs` of real time (default 250) until `stop`. */
  start(intervalMs?: number): void;
  stop(): void;
  /** Ends every socket whose principal matches (sign-out everywhere, revocation); returns how many. */
  endSessions(match: (p: Principal) => boolean, reason: EndReason): number;
  /** Moves the expiry of sockets on this session (a REST refresh that kept the session id). */
  refreshSession(sessionId: string, expiresAt: number): number;
  stats(): StreamHubStats;
  /** Stops ticking, disconnects its sockets, disposes feeds, unregisters metrics. Leaves `io` open. */
  close(): Promise<void>;
}

/** product.md: a client hears from the server at least every second. */
export const HEARTBEAT_MS = 1000;

const DEFAULTS = {
  historySize: 256,
  maxSubscriptions: 64,
  backlogLimit: { packets: 16, bytes: 2 * 1024 * 1024 },
  viewIdleMs: 60_000,
};

const silentLogger: StreamLogger = { info() {}, warn() {}, error() {} };

class HandshakeError extends Error {
  readonly data: { code: string };
  constructor(code: string, message: string) {
    super(message);
    this.data = { code };
  }
}

/**
 * The socket gateway (product.md, "The live stream"). Per tick every active feed is drained once,
 * each (topic, audience) view turns that into at most one delta, and the delta goes to the view's
 * room with one `io.local.to(room).emit`: socket.io encodes it once (and pre-frames it for websocket),
 * so the per-socket cost is a buffer write, never a JSON encode.
 *
 * Heartbeat: there are no extra keep-alive messages. The caller creates `io` with engine.io's
 * ping at about a second (`streamIoOptions`: pingInterval 1000, pingTimeout 1500), so a client
 * hears from the server at least every second and marks topics stale after 2 s of silence.
 */
export function createStreamHub(deps: StreamHubDeps): StreamHub {
  const opts = deps.options ?? {};
  const logger = deps.logger ?? silentLogger;
  const { io, wallClock } = deps;
  const metrics = createStreamMetrics(deps.registry);
  const views = new ViewRegistry({
    historySize: opts.historySize ?? DEFAULTS.historySize,
    viewIdleMs: opts.viewIdleMs ?? DEFAULTS.viewIdleMs,
    wallClock,
    sourceClock: deps.sourceClock,
    logger,
  });
  const ctx: SessionContext = {
    kinds: deps.kinds,
    views,
    authenticate: deps.authenticate,
    wallClock,
    maxSubscriptions: opts.maxSubscriptions ?? DEFAULTS.maxSubscriptions,
    backlogLimit: { ...DEFAULTS.backlogLimit, ...opts.backlogLimit },
    metrics,
    logger,
    counters: { snapshots: 0, replayedDeltas: 0, droppedBacklogs: 0 },
  };
  const sessions = new Map<string, StreamSession>();
  /** Principals accepted by the middleware, handed to the connection handler. */
  const accepted = new WeakMap<object, Principal>();
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let ticks = 0;
  let deltasBroadcast = 0;
  let lastTickMs = 0;

  io.use((socket, next) => {
    handshake(socket).then(
      (principal) => {
        accepted.set(socket, principal);
        next();
      },
      (err: unknown) => next(err instanceof HandshakeError ? err : new HandshakeError('unauthenticated', 'unauthenticated')),
    );
  });

  async function handshake(socket: StreamSocket): Promise<Principal> {
    if (closed) throw new HandshakeError('unavailable', 'unavailable');
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new HandshakeError('unauthenticated', 'unauthenticated');
    }
    let principal: Principal | null = null;
    try {
      principal = await deps.authenticate(token);
    } catch (err) {
      logger.warn({ err }, 'stream handshake: authenticate failed');
    }
    if (!principal || isExpired(principal, wallClock.now())) throw new HandshakeError('unauthenticated', 'unauthenticated');
    // API keys push data; they never read (product.md, "Who may do what").
    if (principal.kind === 'apikey') throw new HandshakeError('forbidden', 'forbidden');
    return principal;
  }

  const onConnection = (socket: StreamSocket): void => {
    const principal = accepted.get(socket);
    accepted.delete(socket);
    if (!principal || closed) {
      socket.disconnect(true);
      return;
    }
    const session = new StreamSession(socket, principal, ctx);
    sessions.set(socket.id, session);
    session.bind();
    socket.on('disconnect', () => {
      session.detach();
      sessions.delete(socket.id);
      metrics.clients.set(sessions.size);
    });
    metrics.clients.set(sessions.size);
  };
  io.on('connection', onConnection);

  let lastHeartbeat = Number.NEGATIVE_INFINITY;
  function tick(): void {
    if (closed) return;
    const started = performance.now();
    try {
      const now = wallClock.now();
      for (const s of [...sessions.values()]) {
        if (isExpired(s.principal, now)) s.end('expired');
      }
      // Backlogs are judged before this tick's deltas go out, so the check sees what the client
      // failed to take since the last tick, not what we are about to give it.
      for (const s of sessions.values()) s.checkBacklog();
      const rooms = io.sockets.adapter.rooms;
      const heard: string[] = [];
      for (const { view, delta } of views.advance()) {
        // Idle views keep their history for resume but cost no encode.
        if (!rooms.get(view.room)?.size) continue;
        // `local`: views, seqs and epochs belong to this process; with a cluster adapter (Redis
        // Streams, architecture.md) another node's sockets follow that node's own views.
        io.local.to(view.room).emit('delta', delta);
        heard.push(view.room);
        metrics.deltas.inc();
        deltasBroadcast++;
      }
      if (now - lastHeartbeat >= HEARTBEAT_MS) {
        lastHeartbeat = now;
        // A delta in this very tick proves the server alive as well as a heartbeat would, so
        // sockets that just got one are skipped: busy walls pay nothing for liveness, quiet
        // ones still hear from the server every second. Still one encode for all the rest.
        const target = heard.length > 0 ? io.local.except(heard) : io.local;
        target.emit('stream:heartbeat', { at: new Date(now).toISOString() });
      }
      for (const s of sessions.values()) s.maybeRestore();
      views.dropIdle();
    } catch (err) {
      logger.error({ err }, 'stream tick failed');
    }
    ticks++;
    lastTickMs = performance.now() - started;
    metrics.tickSeconds.observe(lastTickMs / 1000);
    metrics.clients.set(sessions.size);
    metrics.views.set(views.viewCount);
    let subs = 0;
    for (const s of sessions.values()) subs += s.subs.size;
    metrics.subscriptions.set(subs);
  }

  function endSessions(match: (p: Principal) => boolean, reason: EndReason): number {
    let n = 0;
    for (const s of [...sessions.values()]) {
      let hit = false;
      try {
        hit = match(s.principal);
      } catch (err) {
        logger.error({ err }, 'stream endSessions: match failed');
      }
      if (hit && s.end(reason)) n++;
    }
    return n;
  }

  function refreshSession(sessionId: string, expiresAt: number): number {
    let n = 0;
    for (const s of sessions.values()) {
      if (s.principal.kind === 'user' && s.principal.sessionId === sessionId) {
        s.setExpiry(expiresAt);
        n++;
      }
    }
    return n;
  }

  function stats(): StreamHubStats {
    let subscriptions = 0;
    let cutBack = 0;
    for (const s of sessions.values()) {
      subscriptions += s.subs.size;
      if (s.cut) cutBack++;
    }
    return {
      clients: sessions.size,
      cutBack,
      subscriptions,
      views: views.viewCount,
      feeds: views.feedCount,
      ticks,
      deltasBroadcast,
      replayedDeltas: ctx.counters.replayedDeltas,
      snapshots: ctx.counters.snapshots,
      droppedBacklogs: ctx.counters.droppedBacklogs,
      lastTickMs,
    };
  }

  function start(intervalMs = 250): void {
    if (timer || closed) return;
    timer = setInterval(tick, intervalMs);
    // The HTTP server keeps the process alive, not the stream's clock.
    timer.unref();
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  async function close(): Promise<void> {
    if (closed) return;
    stop();
    closed = true;
    io.off('connection', onConnection);
    for (const s of [...sessions.values()]) {
      s.detach();
      s.socket.disconnect(true);
    }
    sessions.clear();
    views.close();
    metrics.remove();
  }

  return { tick, start, stop, endSessions, refreshSession, stats, close };
}
