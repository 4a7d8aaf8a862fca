import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkHealthz, createAggregatorHost, createLaunchToken, type AggregatorProcess } from './aggregator-host.js';

vi.mock('electron', () => ({}));

const TOKEN = createLaunchToken();
const quiet = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

interface FakeProc extends AggregatorProcess {
  args: readonly string[];
  env: Record<string, string>;
  print(line: string): void;
  exit(code: number | null): void;
  kills: (boolean | undefined)[];
}

function fakeLauncher() {
  const procs: FakeProc[] = [];
  const launch = (args: readonly string[], env: Record<string, string>): AggregatorProcess => {
    const out: ((l: string) => void)[] = [];
    const exits: ((c: number | null) => void)[] = [];
    const proc: FakeProc = {
      args,
      env,
      kills: [],
      onLine: (stream, l) => void (stream === 'stdout' && out.push(l)),
      onExit: (l) => void exits.push(l),
      kill: (force) => void proc.kills.push(force),
      print: (line) => out.forEach((l) => l(line)),
      exit: (code) => exits.forEach((l) => l(code)),
    };
    procs.push(proc);
    return proc;
  };
  return { launch, procs };
}

function host(extra: Partial<Parameters<typeof createAggregatorHost>[0]> = {}) {
  const l = fakeLauncher();
  const h = createAggregatorHost({ launch: l.launch, dataDir: '/data/aggregator', simulate: true, launchToken: TOKEN, logger: quiet, baseEnv: { PATH: '/bin' }, ...extra });
  return { h, procs: l.procs };
}

const portOf = (p: FakeProc | undefined) => p?.args[p.args.indexOf('--port') + 1];

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createAggregatorHost', () => {
  it('starts the aggregator on a loopback port with the launch token and resolves with its URL', async () => {
    const { h, procs } = host();
    const urls: string[] = [];
    h.onUrl((u) => urls.push(u));
    const started = h.start();
    expect(procs).toHaveLength(1);
    expect(procs[0]?.args).toEqual(['serve', '--host', '127.0.0.1', '--port', '0', '--data', '/data/aggregator', '--simulate']);
    expect(procs[0]?.env).toMatchObject({ SKYFORT_LAUNCH_TOKEN: TOKEN, PATH: '/bin' });
    procs[0]?.print('Skyfort is serving at http://127.0.0.1:41000');
    await expect(started).resolves.toBe('http://127.0.0.1:41000');
    expect(h.url).toBe('http://127.0.0.1:41000');
    expect(urls).toEqual(['http://127.0.0.1:41000']);
  });

  it('restarts after exits with a growing backoff, asking for the same port first', async () => {
    const { h, procs } = host();
    void h.start();
    procs[0]?.print('Skyfort is serving at http://127.0.0.1:41000');
    procs[0]?.exit(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(procs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(procs).toHaveLength(2);
    expect(portOf(procs[1])).toBe('41000');
    // The retry fails before serving: the port may be taken, so the next try takes any port.
    procs[1]?.exit(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(procs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(procs).toHaveLength(3);
    expect(portOf(procs[2])).toBe('0');
    procs[2]?.exit(1);
    await vi.advanceTimersByTimeAsync(3_999);
    expect(procs).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(procs).toHaveLength(4);
    expect(h.restarts).toBe(3);
  });

  it('caps the backoff at 30 s', async () => {
    const { h, procs } = host();
    void h.start();
    for (let i = 0; i < 8; i++) {
      procs.at(-1)?.exit(1);
      await vi.advanceTimersByTimeAsync(30_000);
    }
    const last = procs.length;
    procs.at(-1)?.exit(1);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(procs).toHaveLength(last);
    await vi.advanceTimersByTimeAsync(1);
    expect(procs).toHaveLength(last + 1);
  });

  it('replaces a process that stops answering /healthz and tells listeners the new URL', async () => {
    let healthy = true;
    const { h, procs } = host({ checkHealth: async () => healthy, healthIntervalMs: 5_000, maxMissedChecks: 3 });
    const urls: string[] = [];
    h.onUrl((u) => urls.push(u));
    void h.start();
    procs[0]?.print('Skyfort is serving at http://127.0.0.1:41000');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(procs[0]?.kills).toEqual([]);
    healthy = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(procs[0]?.kills).toEqual([]); // two misses are tolerated
    await vi.advanceTimersByTimeAsync(5_000);
    expect(procs[0]?.kills).toEqual([undefined]);
    // The hung process may hold its port: the replacement takes any free one.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(procs).toHaveLength(2);
    expect(portOf(procs[1])).toBe('0');
    healthy = true;
    procs[1]?.print('Skyfort is serving at http://127.0.0.1:42000');
    expect(urls).toEqual(['http://127.0.0.1:41000', 'http://127.0.0.1:42000']);
    // It ignored SIGTERM: killed by force after the grace period; its late exit starts nothing.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(procs[0]?.kills).toEqual([undefined, true]);
    procs[0]?.exit(null);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(procs).toHaveLength(2);
  });

  it('grows the backoff across repeated health failures too', async () => {
    const { h, procs } = host({ checkHealth: async () => false, healthIntervalMs: 1_000, maxMissedChecks: 2 });
    void h.start();
    const spawnTimes: number[] = [];
    let t = 0;
    for (let i = 0; i < 3; i++) {
      const before = procs.length;
      procs.at(-1)?.print(`Skyfort is serving at http://127.0.0.1:${41000 + i}`);
      while (procs.length === before) {
        await vi.advanceTimersByTimeAsync(100);
        t += 100;
      }
      spawnTimes.push(t);
    }
    // 2 checks of 1 s, then 1 s, 2 s, 4 s of backoff.
    expect(spawnTimes).toEqual([3_000, 7_000, 13_000]);
  });

  it('treats a process that never prints its URL as failed', async () => {
    const { h, procs } = host({ startTimeoutMs: 10_000 });
    void h.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(procs[0]?.kills).toEqual([undefined]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(procs).toHaveLength(2);
  });

  it('start() waits through failed attempts until one serves', async () => {
    const { h, procs } = host();
    const started = h.start();
    procs[0]?.exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    procs[1]?.print('Skyfort is serving at http://127.0.0.1:43000');
    await expect(started).resolves.toBe('http://127.0.0.1:43000');
  });

  it('stop() kills the process and nothing restarts it', async () => {
    const { h, procs } = host();
    void h.start();
    procs[0]?.print('Skyfort is serving at http://127.0.0.1:41000');
    h.stop();
    expect(procs[0]?.kills).toEqual([undefined]);
    procs[0]?.exit(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(procs).toHaveLength(1);
  });
});

describe('createLaunchToken', () => {
  it('is a fresh display token of the form the aggregator accepts', () => {
    const a = createLaunchToken();
    expect(a).toMatch(/^sfd_[A-Za-z0-9_-]{43}$/);
    expect(createLaunchToken()).not.toBe(a);
  });
});

describe('checkHealthz', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function serve(status: number, body: string): Promise<string> {
    server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('is true only for 200 {"status":"ok"}', async () => {
    vi.useRealTimers();
    expect(await checkHealthz(await serve(200, '{"status":"ok"}'))).toBe(true);
    server?.close();
    expect(await checkHealthz(await serve(503, '{"status":"starting"}'))).toBe(false);
    server?.close();
    expect(await checkHealthz(await serve(200, 'not json'))).toBe(false);
    const closed = `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
    server?.close();
    expect(await checkHealthz(closed, 500)).toBe(false);
  });
});
