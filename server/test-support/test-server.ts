import { io as connect, type Socket } from 'socket.io-client';
import { createServer, type SkyfortServer } from '../app.js';
import type { ConfigInput } from '../core/config.js';
import type { Clock, SourceClock } from '../core/clock.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/stream.js';

export const ADMIN_PASSWORD = 'test-admin-password';
export const DEMO_PASSWORD = 'skyfort-demo';

export interface TestServer {
  server: SkyfortServer;
  url: string;
  /** Logs in a demo account and returns its bearer token. */
  login(username: string, password?: string): Promise<string>;
  request(method: string, path: string, opts?: { token?: string | undefined; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown }>;
  socket(token: string): Promise<Socket<ServerToClientEvents, ClientToServerEvents>>;
  close(): Promise<void>;
}

/** A real aggregator on port 0 with an in-memory store, simulated fixture on by default. */
export async function startTestServer(
  opts: { config?: Partial<ConfigInput>; wallClock?: Clock; sourceClock?: SourceClock } = {},
): Promise<TestServer> {
  const server = await createServer({
    config: { port: 0, store: ':memory:', simulate: true, logLevel: 'silent', adminPassword: ADMIN_PASSWORD, ...opts.config },
    ...(opts.wallClock ? { wallClock: opts.wallClock } : {}),
    ...(opts.sourceClock ? { sourceClock: opts.sourceClock } : {}),
  });
  const { url } = await server.listen();
  const sockets: Socket[] = [];
  const request: TestServer['request'] = async (method, path, o = {}) => {
    const res = await server.app.inject({
      method: method as 'GET',
      url: path,
      headers: {
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.body !== undefined || o.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...o.headers,
      },
      ...(o.rawBody !== undefined ? { payload: o.rawBody } : o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}),
    });
    let body: unknown = res.body;
    try {
      body = JSON.parse(res.body);
    } catch {
      /* text routes such as /metrics */
    }
    return { status: res.statusCode, body };
  };
  return {
    server,
    url,
    request,
    async login(username, password) {
      const r = await request('POST', '/api/v1/auth/login', {
        body: { username, password: password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) },
      });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { token: string }).token;
    },
    async socket(token) {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', (e) => reject(e));
      });
      return s;
    },
    async close() {
      for (const s of sockets) s.close();
      await server.close();
    },
  };
}
