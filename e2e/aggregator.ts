import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ADMIN_PASSWORD = 'e2e-admin-pass';
export const DEMO_PASSWORD = 'skyfort-demo';

export interface AggregatorOptions {
  /** Extra environment, e.g. SKYFORT_SESSION_TTL_MS. */
  env?: Record<string, string>;
  args?: string[];
}

export interface Aggregator {
  url: string;
  port: number;
  pid(): number;
  /** Send a signal to the running process (SIGSTOP / SIGCONT to hang and resume it). */
  signal(sig: NodeJS.Signals): void;
  /** Kill it hard (no graceful shutdown), as a crash would. */
  kill(): Promise<void>;
  /** Start it again on the same port and data folder (same store, new stream epoch). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** A person's token from the REST login. */
  login(username: string, password?: string): Promise<string>;
  api<T = unknown>(method: string, urlPath: string, token: string, body?: unknown): Promise<T>;
}

function launch(data: string, port: number, opts: AggregatorOptions): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['dist/server/cli/main.js', 'serve', '--simulate', '--port', String(port), '--data', data, ...(opts.args ?? [])],
    {
      env: { ...process.env, SKYFORT_LOG_LEVEL: 'warn', SKYFORT_ADMIN_PASSWORD: ADMIN_PASSWORD, ...opts.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`aggregator did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aggregator exited with ${code}: ${out}`));
    });
  });
}

/** Starts the built `skyfort serve --simulate` on a free port with a fresh store. */
export async function startAggregator(opts: AggregatorOptions = {}): Promise<Aggregator> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'skyfort-e2e-'));
  let { child, url } = await launch(data, 0, opts);
  const port = Number(new URL(url).port);
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

  const agg: Aggregator = {
    url,
    port,
    pid: () => child.pid!,
    signal: (sig) => child.kill(sig),
    async kill() {
      const gone = exited(child);
      child.kill('SIGKILL');
      await gone;
    },
    async restart() {
      ({ child } = await launch(data, port, opts));
    },
    async stop() {
      const gone = exited(child);
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await gone;
      rmSync(data, { recursive: true, force: true });
    },
    async login(username, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) {
      const r = await agg.api<{ token: string }>('POST', '/api/v1/auth/login', '', { username, password });
      return r.token;
    },
    async api<T>(method: string, urlPath: string, token: string, body?: unknown): Promise<T> {
      const res = await fetch(new URL(urlPath, url), {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
  return agg;
}
