import type { ServerOptions } from 'socket.io';

/**
 * How the caller should create the socket.io server the hub runs on.
 *  - pingInterval 1000 / pingTimeout 1500: engine.io's heartbeat is the stream's keep-alive. A
 *    client hears from the server at least every second (a ping if no delta came) and marks its
 *    topics stale after 2 s of silence, so a hung server is noticed as fast as a dead one; the
 *    server drops a client that stops answering within 2.5 s. No extra stream messages needed.
 *  - perMessageDeflate off: socket.io then pre-frames each broadcast once for all websocket
 *    clients (the hub's "encode once per audience and tick" depends on it).
 *  - maxHttpBufferSize 64 KiB: client → server messages are small requests (a subscribe of 64
 *    topic names is ~11 KB); anything larger is refused before it is buffered.
 */
export const streamIoOptions = {
  pingInterval: 1000,
  pingTimeout: 1500,
  perMessageDeflate: false,
  maxHttpBufferSize: 64 * 1024,
} as const satisfies Partial<ServerOptions>;
