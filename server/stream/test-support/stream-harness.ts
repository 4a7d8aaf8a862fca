import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import {
  applyDelta,
  type Ack,
  type ClientToServerEvents,
  type Delta,
  type EntityMap,
  type ResumeMode,
  type ServerToClientEvents,
  type Snapshot,
  type TopicResult,
} from '../../../shared/protocol/stream.js';
import type { Principal } from '../../core/auth/principal.js';
import { ManualClock } from '../../core/clock.js';
import { createStreamHub, type StreamHub, type StreamHubOptions, type StreamServer } from '../stream-hub.js';
import { streamIoOptions } from '../stream-io-options.js';
import type { TopicKind } from '../topic-feed.js';

export type TestClient = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

export const T0 = Date.UTC(2026, 0, 1);

export function userPrincipal(over: Partial<Extract<Principal, { kind: 'user' }>> = {}): Principal {
  return {
    kind: 'user',
    userId: 'u-ops',
    username: 'ops',
    role: 'operator',
    tier: 1,
    tenantId: null,
    sessionId: 's-ops',
    expiresAt: T0 + 3_600_000,
    ...over,
  };
}

export function tenantPrincipal(tenant: string, over: Partial<Extract<Principal, { kind: 'user' }>> = {}): Principal {
  return userPrincipal({
    userId: `u-${tenant}`,
    username: `viewer-${tenant}`,
    role: 'tenant-viewer',
    tier: null,
    tenantId: tenant,
    sessionId: `s-${tenant}`,
    ...over,
  });
}

export interface Harness {
  url: string;
  io: StreamServer;
  http: HttpServer;
  hub: StreamHub;
  registry: Registry;
  wall: ManualClock;
  /** Token → principal; tests may add tokens at any time. */
  tokens: Map<string, Principal>;
  connect(token: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** A real socket.io server on an ephemeral port with the hub on it; clients use websocket only. */
export async function startHarness(opts: {
  kinds: TopicKind[];
  tokens?: Record<string, Principal>;
  hub?: StreamHubOptions;
  io?: { pingInterval?: number; pingTimeout?: number };
  wall?: ManualClock;
}): Promise<Harness> {
  const http = createServer();
  const io: StreamServer = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    ...streamIoOptions,
    serveClient: false,
    ...opts.io,
  });
  const wall = opts.wall ?? new ManualClock(T0);
  const tokens = new Map(Object.entries(opts.tokens ?? {}));
  const registry = new Registry();
  const hub = createStreamHub({
    io,
    kinds: opts.kinds,
    authenticate: async (token) => tokens.get(token) ?? null,
    wallClock: wall,
    sourceClock: wall,
    registry,
    ...(opts.hub ? { options: opts.hub } : {}),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients = new Set<TestClient>();

  return {
    url,
    io,
    http,
    hub,
    registry,
    wall,
    tokens,
    async connect(token) {
      const c: TestClient = connectClient(url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      clients.add(c);
      await new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        c.once('connect_error', (err) => reject(err));
      });
      return c;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await hub.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}

/** Emits with an ack and waits for it (socket.io-client's emitWithAck, typed by the contract). */
export function request<T extends object>(c: TestClient, event: string, payload: unknown): Promise<Ack<T>> {
  const untyped = c as unknown as { timeout(ms: number): { emitWithAck(ev: string, p: unknown): Promise<Ack<T>> } };
  return untyped.timeout(5_000).emitWithAck(event, payload);
}

export const subscribe = (c: TestClient, topics: string[]) => request<{ results: TopicResult[] }>(c, 'subscribe', { topics });
export const resume = (c: TestClient, topic: string, epoch: string, seq: number) =>
  request<{ mode: ResumeMode }>(c, 'resume', { topic, epoch, seq });

interface TopicState {
  epoch: string;
  seq: number;
  entities: EntityMap;
  snapshots: number;
  deltas: Delta[];
  /** Deltas that did not follow (wrong epoch or seq): a real client would resync. */
  gaps: number;
}

/**
 * What a client holds per topic, folded the way the console does it: a snapshot replaces, a delta
 * with seq = last + 1 applies, anything else is a gap. Also records every entity it ever got, for
 * the tenant-isolation checks.
 */
export class Mirror {
  readonly topics = new Map<string, TopicState>();
  readonly received: unknown[] = [];

  constructor(readonly client: TestClient) {
    client.on('snapshot', (s: Snapshot) => {
      const prev = this.topics.get(s.topic);
      this.topics.set(s.topic, {
        epoch: s.epoch,
        seq: s.seq,
        entities: { ...s.data.entities },
        snapshots: (prev?.snapshots ?? 0) + 1,
        deltas: prev?.deltas ?? [],
        gaps: prev?.gaps ?? 0,
      });
      this.received.push(...Object.values(s.data.entities));
    });
    client.on('delta', (d: Delta) => {
      this.received.push(...Object.values(d.changes.upserts));
      const t = this.topics.get(d.topic);
      if (!t) return;
      if (d.epoch !== t.epoch || d.seq !== t.seq + 1) {
        t.gaps++;
        return;
      }
      applyDelta(t.entities, d);
      t.seq = d.seq;
      t.deltas.push(d);
    });
  }

  get(topic: string): TopicState {
    const t = this.topics.get(topic);
    if (!t) throw new Error(`no state for ${topic}`);
    return t;
  }

  /** Waits until this topic is at `seq` (or beyond). */
  async reach(topic: string, seq: number, timeoutMs = 5_000): Promise<TopicState> {
    await until(() => (this.topics.get(topic)?.seq ?? -1) >= seq, timeoutMs, `${topic} to reach seq ${seq}`);
    return this.get(topic);
  }
}

export async function until(pred: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A fresh snapshot of `topic` as `token` would get it now, from a throwaway socket. */
export async function freshSnapshot(h: Harness, token: string, topic: string): Promise<Snapshot> {
  const c = await h.connect(token);
  try {
    const got = new Promise<Snapshot>((resolve) => c.once('snapshot', resolve));
    const ack = await subscribe(c, [topic]);
    if (!ack.ok || !ack.results[0]?.ok) throw new Error(`could not subscribe ${topic}`);
    return await got;
  } finally {
    c.disconnect();
  }
}

/** Deterministic pseudo-random numbers, so a failing random run can be replayed: the simulator's test PRNG. */
export { mulberry32 as seeded } from '../../simulator/test-support/simulated-graph.js';
