import type { ServerOptions } from 'socket.io';
import { jsonOnlyParser } from './json-only-parser.js';

/**
 * How the caller should create the socket.io server the hub runs on.
 *  - The stream's 1 s keep-alive is the hub's `stream:heartbeat` broadcast (one encode for every
 *    socket, no reply), not engine.io's ping: engine.io pings per socket with its own timers and
 *    a pong each, which measured as the largest cost of the whole delta path at 100 walls
 *    (bench/RESULTS.md). engine.io's ping stays as the slow liveness check that drops a dead
 *    client within 15 s; clients notice a hung server from the heartbeat within 2 s.
 *  - perMessageDeflate off: socket.io then pre-frames each broadcast once for all websocket
 *    clients (the hub's "encode once per audience and tick" depends on it).
 *  - parser: JSON only, skipping the default encoder's binary scan of every packet.
 *  - maxHttpBufferSize 64 KiB: client → server messages are small requests (a subscribe of 64
 *    topic names is ~11 KB); anything larger is refused before it is buffered.
 */
export const streamIoOptions = {
  pingInterval: 10_000,
  pingTimeout: 5_000,
  perMessageDeflate: false,
  maxHttpBufferSize: 64 * 1024,
  parser: jsonOnlyParser,
} as const satisfies Partial<ServerOptions>;
