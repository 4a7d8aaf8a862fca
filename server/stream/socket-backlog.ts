import type { Socket } from 'socket.io';

/**
 * How much a socket has been sent that its client has not taken yet. Two places hold it
 * (checked against socket.io 4.8 / engine.io 6.6 / ws 8):
 *  - engine.io's `socket.conn.writeBuffer`: packets waiting while the transport is not writable
 *    (for websocket: until the previous frame was handed to the kernel; for polling: until the
 *    next poll). Private in the typings, a plain array at run time.
 *  - the websocket transport's `ws` socket (`socket.conn.transport.socket`): `bufferedAmount` is the
 *    net.Socket's unflushed bytes plus ws's own queue. Absent for polling.
 * Kernel buffers come on top and are bounded by the OS.
 */
export interface Backlog {
  packets: number;
  bytes: number;
}

export interface BacklogLimit {
  /** Unsent engine.io packets. */
  packets: number;
  /** Unsent bytes (engine.io queue + ws/net buffers). */
  bytes: number;
}

interface EnginePacket {
  type?: string;
  data?: unknown;
}

interface EngineInternals {
  writeBuffer?: EnginePacket[];
  transport?: { writable?: boolean; socket?: { bufferedAmount?: unknown } };
}

const NONE: Backlog = Object.freeze({ packets: 0, bytes: 0 });

function internals(socket: Socket): EngineInternals {
  return socket.conn as unknown as EngineInternals;
}

/**
 * Runs for every subscribed socket on every tick. Fast path: a writable transport with an empty
 * queue has handed everything to the kernel (engine.io sets `writable` again only from the write
 * callback of its last frame), so there is nothing to measure; this spares touching four more
 * objects per socket per tick.
 */
export function measureBacklog(socket: Socket): Backlog {
  const conn = internals(socket);
  const queue = conn.writeBuffer ?? [];
  const transport = conn.transport;
  if (queue.length === 0 && transport?.writable === true) return NONE;
  let bytes = 0;
  for (const p of queue) bytes += sizeOf(p.data);
  const buffered = transport?.socket?.bufferedAmount;
  if (typeof buffered === 'number') bytes += buffered;
  return { packets: queue.length, bytes };
}

/**
 * Removes the deltas still waiting in engine.io's queue (not yet handed to the transport): the
 * socket gets a snapshot instead, so they are dead weight, and dropping them lets its pings, acks
 * and the snapshot through sooner. Only our own `delta` event packets on the main namespace are
 * touched; everything else (pings, acks, other events) keeps its order.
 */
export function dropQueuedDeltas(socket: Socket): number {
  const queue = internals(socket).writeBuffer;
  if (!queue || queue.length === 0) return 0;
  let kept = 0;
  let dropped = 0;
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i]!;
    if (p.type === 'message' && typeof p.data === 'string' && p.data.startsWith(DELTA_PREFIX)) {
      dropped++;
    } else {
      queue[kept++] = p;
    }
  }
  queue.length = kept;
  return dropped;
}

/** socket.io-parser's encoding of `emit('delta', …)` on namespace '/': EVENT type 2, then the args. */
const DELTA_PREFIX = '2["delta",';

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof Uint8Array) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}
