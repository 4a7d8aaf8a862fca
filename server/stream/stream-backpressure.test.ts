import type { Socket as NetSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { measureBacklog } from './socket-backlog.js';
import { MemoryStore, memoryTopicKind } from './test-support/memory-topic-kind.js';
import {
  Mirror,
  freshSnapshot,
  startHarness,
  subscribe,
  until,
  userPrincipal,
  T0,
  type Harness,
  type TestClient,
} from './test-support/stream-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * The client's TCP socket under socket.io-client in Node: Manager → engine.io-client Socket →
 * websocket transport (`ws` property, a `ws` WebSocket) → its net.Socket (`_socket`).
 */
function tcpOf(c: TestClient): NetSocket {
  const transport = c.io.engine.transport as unknown as { ws?: { _socket?: NetSocket } };
  const tcp = transport.ws?._socket;
  if (!tcp) throw new Error('no websocket TCP socket on this client');
  return tcp;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ITEMS = 400;
const BLOB = 'x'.repeat(4000);
const LIMIT_BYTES = 512 * 1024;

describe('stream backpressure', () => {
  it('cuts back a client that stops reading, bounds its buffers, and resyncs it once it reads again', async () => {
    const store = new MemoryStore();
    let round = 0;
    const churn = () => {
      round++;
      for (let i = 0; i < ITEMS; i++) {
        store.upsert({ type: 'item', id: `i${i}`, tenant: 'a', value: round, rank: 0, blob: BLOB });
      }
    };
    churn();
    h = await startHarness({
      kinds: [memoryTopicKind(store, { now: () => T0 })],
      tokens: { 'token-ops-000': userPrincipal() },
      hub: { backlogLimit: { packets: 16, bytes: LIMIT_BYTES } },
      // Heartbeats far apart: this test stops a client reading for longer than 2.5 s on purpose.
      io: { pingInterval: 60_000, pingTimeout: 60_000 },
    });
    const harness = h;
    const slow = new Mirror(await harness.connect('token-ops-000'));
    const fast = new Mirror(await harness.connect('token-ops-000'));
    await subscribe(slow.client, ['items']);
    await subscribe(fast.client, ['items']);
    const serverSide = harness.io.sockets.sockets.get(slow.client.id!)!;
    expect(serverSide).toBeDefined();

    tcpOf(slow.client).pause();
    const deltaBytes = ITEMS * (BLOB.length + 60);
    let maxBacklog = 0;
    let ticksAfterCut = 0;
    for (let tick = 0; tick < 200 && ticksAfterCut < 8; tick++) {
      churn();
      harness.hub.tick();
      await fast.reach('items', harness.hub.stats().deltasBroadcast > 0 ? fast.get('items').seq + 1 : 0);
      await sleep(10);
      maxBacklog = Math.max(maxBacklog, measureBacklog(serverSide).bytes);
      if (harness.hub.stats().droppedBacklogs > 0) ticksAfterCut++;
    }
    expect(harness.hub.stats().droppedBacklogs).toBe(1);
    expect(harness.hub.stats().cutBack).toBe(1);
    const dropped = await harness.registry.getSingleMetric('skyfort_stream_dropped_backlogs_total')!.get();
    expect(dropped.values[0]!.value).toBe(1);
    // What the server holds for the stalled client stays within the limit plus one tick's delta,
    // however many ticks go by.
    expect(maxBacklog).toBeLessThan(LIMIT_BYTES + 2 * deltaBytes);
    const heldAfterCut = measureBacklog(serverSide).bytes;
    for (let i = 0; i < 5; i++) {
      churn();
      harness.hub.tick();
      await sleep(5);
    }
    expect(measureBacklog(serverSide).bytes).toBeLessThanOrEqual(heldAfterCut);
    // The client that keeps up was never affected.
    expect(fast.get('items').gaps).toBe(0);

    // It reads again: it drains, gets a fresh snapshot and converges.
    const snapshotsBefore = slow.get('items').snapshots;
    tcpOf(slow.client).resume();
    await until(
      () => {
        churn();
        harness.hub.tick();
        return harness.hub.stats().cutBack === 0;
      },
      10_000,
      'the slow client to be restored',
    );
    await until(() => slow.get('items').snapshots > snapshotsBefore, 10_000, 'the recovery snapshot');
    const fresh = await freshSnapshot(harness, 'token-ops-000', 'items');
    const held = await slow.reach('items', fresh.seq, 10_000);
    expect(held.seq).toBe(fresh.seq);
    expect(held.entities).toEqual(fresh.data.entities);
    // And deltas flow to it again.
    churn();
    harness.hub.tick();
    await slow.reach('items', fresh.seq + 1);
  });

  it('does not pile snapshots into memory for a client that asks for them without reading', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < ITEMS; i++) store.upsert({ type: 'item', id: `i${i}`, tenant: 'a', value: 0, rank: 0, blob: BLOB });
    h = await startHarness({
      kinds: [memoryTopicKind(store, { now: () => T0 })],
      tokens: { 'token-ops-000': userPrincipal() },
      hub: { backlogLimit: { packets: 16, bytes: LIMIT_BYTES } },
      io: { pingInterval: 60_000, pingTimeout: 60_000 },
    });
    const harness = h;
    const greedy = new Mirror(await harness.connect('token-ops-000'));
    await subscribe(greedy.client, ['items']);
    const serverSide = harness.io.sockets.sockets.get(greedy.client.id!)!;
    tcpOf(greedy.client).pause();
    const snapshotBytes = ITEMS * (BLOB.length + 60);
    let maxBacklog = 0;
    for (let i = 0; i < 60; i++) {
      greedy.client.emit('resync', { topic: 'items' }, () => {});
      await sleep(2);
      maxBacklog = Math.max(maxBacklog, measureBacklog(serverSide).bytes);
    }
    // Kernel buffers take a few snapshots; after that the socket is cut back instead of queueing more.
    expect(harness.hub.stats().cutBack).toBe(1);
    expect(maxBacklog).toBeLessThan(LIMIT_BYTES + 2 * snapshotBytes);
    tcpOf(greedy.client).resume();
    await until(
      () => {
        harness.hub.tick();
        return harness.hub.stats().cutBack === 0;
      },
      10_000,
      'the greedy client to be restored',
    );
    const fresh = await freshSnapshot(harness, 'token-ops-000', 'items');
    const held = await greedy.reach('items', fresh.seq);
    expect(held.entities).toEqual(fresh.data.entities);
  });
});
