import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAggregatorHost, createLaunchToken, type AggregatorHost, type AggregatorProcess } from './aggregator-host.js';
import { nodeLauncher } from './aggregator-process.js';

vi.mock('electron', () => ({}));

/**
 * The host against the real `skyfort serve` (from source, through tsx): the arguments it passes
 * start the aggregator, the launch token it makes is accepted as a display credential, and a
 * killed aggregator comes back on the same port.
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const launchToken = createLaunchToken();
let dir: string;
let host: AggregatorHost;
const procs: AggregatorProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-host-'));
  // The CLI reads process.argv as Node lays it out, so a wrapper script stands in for main.js.
  const wrapper = path.join(dir, 'serve-from-source.mjs');
  const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/esm/api/index.mjs')).href;
  const cli = pathToFileURL(path.join(repo, 'server/cli/main.ts')).href;
  writeFileSync(wrapper, `const { register } = await import(${JSON.stringify(tsx)});\nregister();\nawait import(${JSON.stringify(cli)});\n`);
  const launch = nodeLauncher(process.execPath, wrapper);
  host = createAggregatorHost({
    launch: (args, env) => {
      const proc = launch(args, env);
      procs.push(proc);
      return proc;
    },
    dataDir: path.join(dir, 'data'),
    simulate: true,
    launchToken,
    logger,
    baseEnv: { PATH: process.env.PATH ?? '', SKYFORT_LOG_LEVEL: 'warn' },
    healthIntervalMs: 500,
    backoff: { initialMs: 200, maxMs: 1_000, resetAfterMs: 60_000 },
  });
});

afterAll(async () => {
  const last = procs.at(-1);
  const exited = last ? new Promise((r) => last.onExit(r)) : Promise.resolve();
  host?.stop();
  await exited;
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, token?: string) => fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('createAggregatorHost with the real aggregator', () => {
  it('starts it on a loopback port, healthy, and the launch token reads as a display', async () => {
    const url = await host.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await get(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await get(`${url}/api/v1/topology`, launchToken)).status).toBe(200);
    expect((await get(`${url}/api/v1/topology`, createLaunchToken())).status).toBe(401);
  }, 60_000);

  it('brings a killed aggregator back on the same port', async () => {
    const url = host.url;
    procs.at(-1)?.kill(true);
    await vi.waitFor(() => expect(procs.length).toBe(2), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await get(`${url}/healthz`)).ok).toBe(true), { timeout: 30_000, interval: 250 });
    expect(host.url).toBe(url);
    expect(host.restarts).toBe(1);
  }, 60_000);
});
