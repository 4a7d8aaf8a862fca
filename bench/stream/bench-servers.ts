import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { Server } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientToServerEvents, Delta, EntityMap, ServerToClientEvents } from '../../shared/protocol/stream.js';
import type { Audience, Principal } from '../../server/core/auth/principal.js';
import { systemClock } from '../../server/core/clock.js';
import { createStreamHub, type StreamHubStats } from '../../server/stream/stream-hub.js';
import { streamIoOptions } from '../../server/stream/stream-io-options.js';
import type { TopicFeed, TopicKind } from '../../server/stream/topic-feed.js';
import type { ChangeSource, ValueEntity } from './change-source.js';

/** `hubping`: the same hub with engine.io's ping at 1 s as well, to show what per-socket pings cost. */
export type BenchMode = 'hub' | 'hubping' | 'naive' | 'raw';

export interface BenchServer {
  url: string;
  /** Applies one tick of changes and sends them; returns updates × recipients sent. */
  tick(changes: ValueEntity[]): number;
  /** Raw ws only: ping every client every `ms` (null: no keep-alive at all). */
  setHeartbeat?(ms: number | null): void;
  hubStats?(): StreamHubStats;
  close(): Promise<void>;
}

export const BENCH_TOKEN = 'bench-token-0001';
export const BENCH_TOPIC = 'values';

const OPS: Principal = {
  kind: 'user',
  userId: 'bench',
  username: 'bench',
  role: 'operator',
  tier: 1,
  tenantId: null,
  sessionId: 'bench',
  expiresAt: Number.MAX_SAFE_INTEGER,
};

/** The simplest honest feed: the change source's map, the ids changed since the last drain (a Set, as a feed collecting repeated changes would keep them). */
class ValuesFeed implements TopicFeed<ValueEntity> {
  readonly topic = BENCH_TOPIC;
  private changed = new Set<string>();
  constructor(private readonly source: ChangeSource) {}
  note(changes: readonly ValueEntity[]): void {
    for (const c of changes) this.changed.add(c.metric);
  }
  select(_a: Audience): Map<string, ValueEntity> {
    return this.source.entities;
  }
  get(id: string): ValueEntity | undefined {
    return this.source.entities.get(id);
  }
  drain(): Set<string> {
    const out = this.changed;
    this.changed = new Set();
    return out;
  }
  visibilityVersion(): number {
    return 0;
  }
  at(): number {
    return Date.now();
  }
}

/**
 * Closes a socket.io server without waiting on clients: engine.io's close waits for each socket's
 * queue to drain, which never happens for a client that stopped reading (the naive mode leaves
 * such queues behind when it overloads its clients).
 */
async function closeIo(io: Server, http: ReturnType<typeof createServer>): Promise<void> {
  io.disconnectSockets(true);
  http.closeAllConnections();
  await Promise.race([new Promise<void>((r) => io.close(() => r())), new Promise((r) => setTimeout(r, 2_000))]);
  http.closeAllConnections();
}

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * (a) The real hub: one delta per tick, encoded once by socket.io for the whole room. Runs with
 * the product's io options (1 s heartbeat) unless `pingMs` says otherwise.
 */
export async function startHubServer(source: ChangeSource, pingMs?: number): Promise<BenchServer> {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    ...streamIoOptions,
    ...(pingMs ? { pingInterval: pingMs, pingTimeout: pingMs } : {}),
    serveClient: false,
  });
  const feeds: ValuesFeed[] = [];
  const kind: TopicKind = {
    name: BENCH_TOPIC,
    match: (t) => (t === BENCH_TOPIC ? { param: null } : null),
    authorize: () => null,
    create: () => {
      const f = new ValuesFeed(source);
      feeds.push(f);
      return f;
    },
  };
  const hub = createStreamHub({
    io,
    kinds: [kind],
    authenticate: async (t) => (t === BENCH_TOKEN ? OPS : null),
    wallClock: systemClock,
    sourceClock: systemClock,
    registry: new Registry(),
  });
  const url = await listen(http);
  return {
    url,
    tick(changes) {
      for (const f of feeds) f.note(changes);
      hub.tick();
      return changes.length * hub.stats().subscriptions;
    },
    hubStats: () => hub.stats(),
    async close() {
      await hub.close();
      await closeIo(io, http);
    },
  };
}

/**
 * (b) The naive way: one socket.io emit per update per socket. It runs with socket.io's default
 * heartbeat (25 s / 20 s), in its favour: at 500,000 emits/s its clients fall seconds behind, and
 * the product's 1 s heartbeat would disconnect them all.
 */
export async function startNaiveServer(): Promise<BenchServer> {
  const http = createServer();
  const io = new Server(http, { ...streamIoOptions, pingInterval: 25_000, pingTimeout: 20_000, serveClient: false });
  const url = await listen(http);
  return {
    url,
    tick(changes) {
      let sent = 0;
      for (const socket of io.sockets.sockets.values()) {
        for (const c of changes) socket.emit('update', c);
        sent += changes.length;
      }
      return sent;
    },
    async close() {
      await closeIo(io, http);
    },
  };
}

/**
 * (c) The floor: a bare `ws` server sending the same batched JSON frame, encoded once, to each
 * client. Optionally with a keep-alive like the product's (ws ping to every client every second,
 * terminate when the pong is missing: the ws README's recipe), because the product requires a
 * client to hear from the server every second and the hub pays for that through engine.io.
 */
export async function startRawWsServer(): Promise<BenchServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  });
  let heartbeat: NodeJS.Timeout | null = null;
  const url = await listen(http);
  let seq = 0;
  return {
    url: url.replace('http:', 'ws:'),
    setHeartbeat(ms) {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      if (ms === null) return;
      heartbeat = setInterval(() => {
        for (const ws of wss.clients as Set<WebSocket>) {
          if (!alive.get(ws)) {
            ws.terminate();
            continue;
          }
          alive.set(ws, false);
          ws.ping();
        }
      }, ms);
    },
    tick(changes) {
      const upserts: EntityMap = {};
      for (const c of changes) upserts[c.metric] = c;
      const delta: Delta = {
        topic: BENCH_TOPIC,
        epoch: 'raw',
        seq: ++seq,
        at: new Date().toISOString(),
        changes: { upserts, removes: [] },
      };
      const frame = Buffer.from(JSON.stringify(delta));
      let sent = 0;
      for (const ws of wss.clients as Set<WebSocket>) {
        ws.send(frame, { binary: false });
        sent += changes.length;
      }
      return sent;
    },
    async close() {
      if (heartbeat) clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

export function startBenchServer(mode: BenchMode, source: ChangeSource): Promise<BenchServer> {
  switch (mode) {
    case 'hub':
      return startHubServer(source);
    case 'hubping':
      return startHubServer(source, 1_000);
    case 'naive':
      return startNaiveServer();
    case 'raw':
      return startRawWsServer();
  }
}
