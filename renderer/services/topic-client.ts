import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  Delta,
  EntityMap,
  ServerToClientEvents,
  Snapshot,
} from '../../shared/protocol/stream.js';
import { applyDelta } from '../../shared/protocol/stream.js';

export interface TopicState<E> {
  entities: EntityMap<E>;
  epoch: string;
  seq: number;
  /** Wall-clock ms of the last message from the server on this socket. */
  lastHeard: number;
}

type Listener<E> = (state: TopicState<E>) => void;

/**
 * Keeps keyed topic state current over one socket: applies snapshots and deltas, resumes after
 * a reconnect from the last seq, and asks for a resync when it sees a gap.
 */
export class TopicClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly topics = new Map<string, { state: TopicState<unknown> | null; listeners: Set<Listener<unknown>> }>();
  lastHeard = Date.now();

  constructor(url: string, token: string) {
    this.socket = io(url, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
    });
    this.socket.on('snapshot', (s) => this.onSnapshot(s));
    this.socket.on('delta', (d) => this.onDelta(d));
    this.socket.on('stream:heartbeat', () => (this.lastHeard = Date.now()));
    this.socket.on('connect', () => this.resubscribe());
  }

  subscribe<E>(topic: string, listener: Listener<E>): () => void {
    let entry = this.topics.get(topic);
    if (!entry) {
      entry = { state: null, listeners: new Set() };
      this.topics.set(topic, entry);
      if (this.socket.connected) this.socket.emit('subscribe', { topics: [topic] }, () => undefined);
    }
    entry.listeners.add(listener as Listener<unknown>);
    return () => {
      entry.listeners.delete(listener as Listener<unknown>);
      if (entry.listeners.size === 0) {
        this.topics.delete(topic);
        this.socket.emit('unsubscribe', { topics: [topic] }, () => undefined);
      }
    };
  }

  close(): void {
    this.socket.close();
  }

  private resubscribe(): void {
    for (const [topic, entry] of this.topics) {
      if (entry.state) this.socket.emit('resume', { topic, epoch: entry.state.epoch, seq: entry.state.seq }, () => undefined);
      else this.socket.emit('subscribe', { topics: [topic] }, () => undefined);
    }
  }

  private onSnapshot(s: Snapshot): void {
    this.lastHeard = Date.now();
    const entry = this.topics.get(s.topic);
    if (!entry) return;
    entry.state = { entities: { ...s.data.entities }, epoch: s.epoch, seq: s.seq, lastHeard: this.lastHeard };
    this.notify(entry);
  }

  private onDelta(d: Delta): void {
    this.lastHeard = Date.now();
    const entry = this.topics.get(d.topic);
    if (!entry?.state) return;
    if (d.epoch !== entry.state.epoch || d.seq !== entry.state.seq + 1) {
      if (d.epoch === entry.state.epoch && d.seq <= entry.state.seq) return; // already applied
      this.socket.emit('resync', { topic: d.topic }, () => undefined);
      return;
    }
    applyDelta(entry.state.entities, d);
    entry.state.seq = d.seq;
    entry.state.lastHeard = this.lastHeard;
    this.notify(entry);
  }

  private notify(entry: { state: TopicState<unknown> | null; listeners: Set<Listener<unknown>> }): void {
    if (!entry.state) return;
    for (const l of entry.listeners) l(entry.state);
  }
}
