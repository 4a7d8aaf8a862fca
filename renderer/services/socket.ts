import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, Delta, EntityMap, ServerToClientEvents, Snapshot, TopicResult } from '../../shared/protocol/stream';
import { applyDelta } from '../../shared/protocol/stream';

/** Silence longer than this marks the stream stale (product.md: a client hears from the server at least every second). */
export const STALE_AFTER_MS = 1500;
const STALE_CHECK_MS = 100;

export interface TopicState<E = unknown> {
  readonly topic: string;
  /** Mutated in place as deltas arrive; listeners copy what they keep. */
  readonly entities: EntityMap<E>;
  epoch: string;
  seq: number;
  complete: boolean;
  total: number;
  /** Source time the state describes. */
  at: string;
}

export type TopicEvent<E> =
  | { kind: 'snapshot'; state: TopicState<E> }
  /** `previous` holds each upserted or removed entity as it was before this delta (undefined if new). */
  | { kind: 'delta'; state: TopicState<E>; delta: Delta<E>; previous: Record<string, E | undefined> };

export type TopicListener<E> = (event: TopicEvent<E>) => void;

/**
 * Connection as a view shows it:
 *
 *   connecting ──▶ live ◀──▶ stale (silent ≥ 1.5 s, or a topic awaiting resync/resume)
 *                   │
 *                   └──▶ ended (the server ended the credential; no reconnect)
 */
export type StreamHealth =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'stale'; since: number }
  | { kind: 'ended'; reason: 'expired' | 'revoked' | 'signed-out' };

interface TopicEntry {
  state: TopicState | null;
  listeners: Set<TopicListener<unknown>>;
  /** A subscribe, resume or resync is in flight: the topic's data is not current yet. */
  awaiting: boolean;
}

export interface StreamClientOptions {
  url: string;
  token: string;
  now?: () => number;
  /** For tests: the socket.io path or transports can be overridden. */
  socketOptions?: Parameters<typeof io>[1];
}

/**
 * The console's one socket (architecture.md data flow: socket.io → services/socket.ts → stores).
 * Applies keyed snapshots and deltas per topic, resumes after a reconnect from the last seq
 * (the server replays or sends a fresh snapshot), asks for `resync` on a gap, reconnects with
 * jittered exponential backoff, and reports staleness within 2 s of silence, a hung server
 * (heartbeats stop) as well as a closed one.
 */
export class StreamClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly topics = new Map<string, TopicEntry>();
  private readonly healthListeners = new Set<(h: StreamHealth) => void>();
  private readonly now: () => number;
  private token: string;
  private lastHeard: number;
  private health: StreamHealth = { kind: 'connecting' };
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(opts: StreamClientOptions) {
    this.now = opts.now ?? Date.now;
    this.token = opts.token;
    this.lastHeard = this.now();
    this.socket = io(opts.url, {
      // A function, so every reconnect presents the latest refreshed token.
      auth: (cb) => cb({ token: this.token }),
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
      ...opts.socketOptions,
    });
    this.socket.on('snapshot', (s) => this.onSnapshot(s));
    this.socket.on('delta', (d) => this.onDelta(d));
    this.socket.on('stream:heartbeat', () => this.heard());
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('auth:ended', (e) => this.end(e.reason));
    this.socket.on('connect_error', (err) => {
      // The handshake refused the credential: retrying with the same token cannot succeed.
      if (err.message === 'unauthenticated' || err.message === 'forbidden') this.end('expired');
    });
    this.timer = setInterval(() => this.checkHealth(), STALE_CHECK_MS);
  }

  subscribe<E>(topic: string, listener: TopicListener<E>): () => void {
    let entry = this.topics.get(topic);
    if (!entry) {
      entry = { state: null, listeners: new Set(), awaiting: true };
      this.topics.set(topic, entry);
      if (this.socket.connected) this.request(topic, entry);
    }
    entry.listeners.add(listener as TopicListener<unknown>);
    if (entry.state) listener({ kind: 'snapshot', state: entry.state as TopicState<E> });
    const e = entry;
    return () => {
      e.listeners.delete(listener as TopicListener<unknown>);
      if (e.listeners.size > 0 || this.topics.get(topic) !== e) return;
      this.topics.delete(topic);
      if (this.socket.connected) this.socket.emit('unsubscribe', { topics: [topic] }, () => undefined);
    };
  }

  onHealth(listener: (h: StreamHealth) => void): () => void {
    this.healthListeners.add(listener);
    listener(this.health);
    return () => this.healthListeners.delete(listener);
  }

  get currentHealth(): StreamHealth {
    return this.health;
  }

  /** Swap in a refreshed token without dropping the socket. */
  async refreshToken(token: string): Promise<void> {
    this.token = token;
    if (!this.socket.connected) return; // the next handshake presents it
    await new Promise<void>((resolve) => this.socket.timeout(5_000).emit('auth:refresh', { token }, () => resolve()));
  }

  close(): void {
    clearInterval(this.timer);
    this.healthListeners.clear();
    for (const e of this.topics.values()) e.listeners.clear();
    this.topics.clear();
    this.socket.removeAllListeners();
    this.socket.close();
  }

  private onConnect(): void {
    this.heard();
    for (const [topic, entry] of this.topics) {
      entry.awaiting = true;
      this.request(topic, entry);
    }
  }

  /** Subscribe a topic we have nothing of, or resume one we hold (the server replays or snapshots). */
  private request(topic: string, entry: TopicEntry): void {
    const done = (err: Error | null, res?: Ack<{ results?: TopicResult[] }>) => {
      // The snapshot or the replayed deltas arrive before the ack. A topic the server refuses
      // (one this credential may not read, e.g. a wall scoped without `alarms`) will never
      // bring data: it must not hold the whole stream in "connecting" or "stale" forever.
      if (this.topics.get(topic) === entry && (entry.state || (!err && refused(res, topic)))) entry.awaiting = false;
      this.checkHealth();
    };
    if (entry.state) {
      this.socket.timeout(10_000).emit('resume', { topic, epoch: entry.state.epoch, seq: entry.state.seq }, done);
    } else {
      this.socket.timeout(10_000).emit('subscribe', { topics: [topic] }, done);
    }
  }

  private onSnapshot(s: Snapshot): void {
    this.heard();
    const entry = this.topics.get(s.topic);
    if (!entry) return;
    const { entities, complete, total } = s.data;
    entry.state = { topic: s.topic, entities: { ...entities }, epoch: s.epoch, seq: s.seq, complete, total, at: s.at };
    entry.awaiting = false;
    for (const l of entry.listeners) l({ kind: 'snapshot', state: entry.state });
    this.checkHealth();
  }

  private onDelta(d: Delta): void {
    this.heard();
    const entry = this.topics.get(d.topic);
    const state = entry?.state;
    if (!entry || !state) return;
    if (d.epoch !== state.epoch || d.seq !== state.seq + 1) {
      if (d.epoch === state.epoch && d.seq <= state.seq) return; // a replay of what we hold
      if (entry.awaiting) return; // a resync is already on its way
      entry.awaiting = true;
      this.socket.timeout(10_000).emit('resync', { topic: d.topic }, () => this.checkHealth());
      return;
    }
    const previous: Record<string, unknown> = {};
    for (const id of Object.keys(d.changes.upserts)) previous[id] = state.entities[id];
    for (const id of d.changes.removes) previous[id] = state.entities[id];
    applyDelta(state.entities, d);
    state.seq = d.seq;
    state.at = d.at;
    for (const l of entry.listeners) l({ kind: 'delta', state, delta: d, previous });
  }

  private heard(): void {
    this.lastHeard = this.now();
    this.checkHealth();
  }

  private checkHealth(): void {
    if (this.health.kind === 'ended') return;
    const silent = this.now() - this.lastHeard >= STALE_AFTER_MS;
    let awaiting = false;
    for (const e of this.topics.values()) if (e.awaiting) awaiting = true;
    let next: StreamHealth;
    if (silent || (this.health.kind === 'stale' && awaiting)) {
      next = this.health.kind === 'stale' ? this.health : { kind: 'stale', since: this.lastHeard };
    } else if (!this.socket.connected || (this.health.kind === 'connecting' && awaiting)) {
      next = this.health.kind === 'live' ? { kind: 'stale', since: this.lastHeard } : this.health;
    } else {
      next = { kind: 'live' };
    }
    this.setHealth(next);
  }

  private end(reason: 'expired' | 'revoked' | 'signed-out'): void {
    this.socket.io.reconnection(false);
    this.socket.close();
    this.setHealth({ kind: 'ended', reason });
  }

  private setHealth(next: StreamHealth): void {
    if (next === this.health || (next.kind === this.health.kind && next.kind !== 'stale')) return;
    this.health = next;
    for (const l of this.healthListeners) l(next);
  }
}

/** Did the server refuse this topic (a subscribe result, or a failed resume)? */
function refused(res: Ack<{ results?: TopicResult[] }> | undefined, topic: string): boolean {
  if (!res) return false;
  if (!res.ok) return res.error.code !== 'rate_limited';
  return res.results?.some((r) => r.topic === topic && !r.ok) ?? false;
}
