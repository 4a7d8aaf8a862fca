// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/protocol/stream';

type Handler = (...args: unknown[]) => void;
interface Emitted {
  event: string;
  payload: unknown;
  ack: (err: Error | null, res?: unknown) => void;
}

/** A socket.io client double: records emits with their acks, lets the test play server events. */
class FakeSocket {
  connected = false;
  readonly handlers = new Map<string, Handler[]>();
  readonly emitted: Emitted[] = [];
  readonly io = { reconnection: vi.fn() };
  on(event: string, fn: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  timeout(): { emit: (event: string, payload: unknown, ack: Emitted['ack']) => void } {
    return { emit: (event, payload, ack) => void this.emitted.push({ event, payload, ack }) };
  }
  emit(event: string, payload: unknown): void {
    this.emitted.push({ event, payload, ack: () => undefined });
  }
  serve(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  removeAllListeners(): void {
    this.handlers.clear();
  }
  close(): void {
    this.connected = false;
  }
}

let socket: FakeSocket;
vi.mock('socket.io-client', () => ({ io: () => socket }));

afterEach(() => vi.useRealTimers());

function snapshot(topic: string): Snapshot {
  return { topic, epoch: 'e1', seq: 1, at: '2025-01-01T00:00:00.000Z', data: { entities: {}, complete: true, total: 0 } };
}

describe('StreamClient with a topic the server refuses', () => {
  it('goes live on the topics it may read instead of waiting for one it may not', async () => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    const { StreamClient } = await import('./socket');
    const client = new StreamClient({ url: 'http://x', token: 't' });
    client.subscribe('overview', () => undefined);
    client.subscribe('alarms', () => undefined);
    socket.connected = true;
    socket.serve('connect');
    const subs = socket.emitted.filter((e) => e.event === 'subscribe');
    expect(subs.map((e) => (e.payload as { topics: string[] }).topics[0])).toEqual(['overview', 'alarms']);
    socket.serve('snapshot', snapshot('overview'));
    subs[0]!.ack(null, { ok: true, results: [{ topic: 'overview', ok: true }] });
    subs[1]!.ack(null, { ok: true, results: [{ topic: 'alarms', ok: false, error: { code: 'forbidden', message: 'not in scope' } }] });
    expect(client.currentHealth.kind).toBe('live');

    // After a reconnect the refused topic is asked again and refused again: the stream comes back live, not stale forever.
    socket.connected = false;
    vi.advanceTimersByTime(2_000);
    expect(client.currentHealth.kind).toBe('stale');
    socket.connected = true;
    socket.serve('connect');
    const again = socket.emitted.slice(2);
    socket.serve('snapshot', snapshot('overview'));
    for (const e of again) e.ack(null, e.event === 'resume' ? { ok: true, mode: 'snapshot' } : { ok: true, results: [{ topic: 'alarms', ok: false, error: { code: 'forbidden', message: 'no' } }] });
    expect(client.currentHealth.kind).toBe('live');
    client.close();
  });

  it('keeps waiting when the subscribe was only rate-limited or timed out', async () => {
    socket = new FakeSocket();
    const { StreamClient } = await import('./socket');
    const client = new StreamClient({ url: 'http://x', token: 't' });
    client.subscribe('alarms', () => undefined);
    client.subscribe('incidents', () => undefined);
    socket.connected = true;
    socket.serve('connect');
    const [a, b] = socket.emitted;
    a!.ack(null, { ok: false, error: { code: 'rate_limited', message: 'later' } });
    b!.ack(new Error('operation has timed out'));
    expect(client.currentHealth.kind).toBe('connecting');
    client.close();
  });
});
