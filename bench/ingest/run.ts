/**
 * Ingest bench: simulator samples through the ingest port into the metric store and out to
 * subscribed walls, with source time running as fast as ingest allows, next to a baseline in
 * the same run: the same samples, already serialised, parsed and stored with nothing else done.
 * Then the memory check: 20,000 nodes after one hour of source time.
 *
 *   node --import tsx bench/ingest/run.ts      (npm run bench:ingest)
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from '../../server/app.js';
import { SourceClock, systemClock } from '../../server/core/clock.js';
import { createMetrics } from '../../server/domains/metrics/index.js';
import type { SampleInput } from '../../server/domains/ingest/ingest-port.js';
import { createSimulatedCloud } from '../../server/simulator/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SLOT_MS = 10_000;
/** Source time per engine step: the simulator spreads a slot's samples over the slot. */
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 1_000);
const SCALE = Number(process.env.BENCH_SCALE ?? 2_000);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 360);
const MEMORY_SCALE = Number(process.env.BENCH_MEMORY_SCALE ?? 20_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const START = Date.UTC(2026, 10, 11, 8);

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** (baseline) The same samples as JSON batches, parsed and written to a bare metric store. */
function baseline(): { samples: number; cpu: number; wall: number } {
  const batches: string[] = [];
  const sink = {
    declare: () => ({ nodes: 0, edges: 0 }),
    samples: (batch: readonly SampleInput[]) => {
      batches.push(JSON.stringify(batch));
      return { accepted: batch.length, rejected: 0, errors: [] };
    },
  };
  const cloud = createSimulatedCloud({ ingest: sink as never, seed: 1, scale: SCALE, backfillMs: 0 });
  for (let i = 1; i <= SLOTS; i++) cloud.pump(START + i * SLOT_MS);
  const { store } = createMetrics();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let samples = 0;
  for (const text of batches) {
    const batch = JSON.parse(text) as { node: string; metric: string; t: number; v: number }[];
    for (const s of batch) store.write(s.node, s.metric, s.t, s.v);
    samples += batch.length;
  }
  return { samples, cpu: cpuSeconds(process.cpuUsage(cpu0)), wall: (performance.now() - t0) / 1000 };
}

async function metricValue(server: Awaited<ReturnType<typeof createServer>>, name: string): Promise<number> {
  const text = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
}

/** (skyfort) A real aggregator on the simulated cloud, walls subscribed, source time driven slot by slot. */
async function skyfortRun(scale: number, slots: number) {
  const sourceClock = new SourceClock(systemClock, { start: START, paused: true });
  const server = await createServer({
    config: { port: 0, store: ':memory:', simulate: true, scale, logLevel: 'silent', adminPassword: 'bench-admin-password' },
    sourceClock,
  });
  const { url } = await server.listen();
  server.tick(); // declare the platform and allocate its series before the clock starts
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'bench-admin-password' } });
  const token = (JSON.parse(login.body) as { token: string }).token;
  const topo = JSON.parse((await server.app.inject({ method: 'GET', url: '/api/v1/nodes?layer=business&limit=10', headers: { authorization: `Bearer ${token}` } })).body) as { items: { id: string }[] };
  const topics = ['topology', ...topo.items.map((n) => `metrics:${n.id}`)];
  const clients = fork(join(HERE, 'ingest-clients.ts'), { execArgv: ['--import', 'tsx'] });
  await new Promise<void>((resolve) => {
    clients.once('message', () => resolve());
    clients.send({ url, token, clients: CLIENTS, topics });
  });
  const accepted0 = await metricValue(server, 'skyfort_ingest_samples_total{result="accepted"}');
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 1; i <= (slots * SLOT_MS) / STEP_MS; i++) {
    sourceClock.advance(STEP_MS);
    server.tick();
    // Let sockets and timers run between slots, as the engine's own interval would.
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 500)); // the walls' last deltas
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  const wall = (performance.now() - t0) / 1000;
  lag.disable();
  const samples = (await metricValue(server, 'skyfort_ingest_samples_total{result="accepted"}')) - accepted0;
  const walls = await new Promise<{ deltas: number; upserts: number; gaps: number }>((resolve) => {
    clients.once('message', (m) => resolve(m as never));
    clients.send('count');
  });
  clients.send('stop');
  // Collect garbage first so resident memory shows what is held, not what is waiting to be freed.
  (globalThis as { gc?: () => void }).gc?.();
  const series = await metricValue(server, 'skyfort_metric_series');
  const bytes = await metricValue(server, 'skyfort_metric_bytes');
  const rss = await metricValue(server, 'process_resident_memory_bytes');
  await server.close();
  return { samples, cpu, wall, lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6, walls, series, bytes, rss, nodes: scale };
}

/** The memory run gets a fresh process, so nothing of the earlier runs counts against it. */
function memoryRunInChild(): Promise<Awaited<ReturnType<typeof skyfortRun>>> {
  const child = fork(fileURLToPath(import.meta.url), ['--memory-only'], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`memory run exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--memory-only')) {
    process.send?.(await skyfortRun(MEMORY_SCALE, 360));
    process.exit(0);
  }
  console.log(`baseline: ${SLOTS} slots at scale ${SCALE} …`);
  const base = baseline();
  console.log(`skyfort path: ${SLOTS} slots at scale ${SCALE}, ${CLIENTS} walls …`);
  const run = await skyfortRun(SCALE, SLOTS);
  console.log(`memory: one hour of source time at scale ${MEMORY_SCALE} …`);
  const mem = await memoryRunInChild();

  const baseRate = base.samples / base.cpu;
  const rate = run.samples / run.cpu;
  const lines = [
    `## ingest: ${new Date().toISOString()}`,
    '',
    `- machine: nproc ${cpus().length}, ${cpus()[0]?.model.trim()}, node ${process.version}`,
    '- command: `node --import tsx bench/ingest/run.ts` (`npm run bench:ingest`)',
    `- workload: simulated cloud, seed 1, scale ${SCALE}, ${SLOTS} slots of 10 s source time pumped back to back in ${STEP_MS / 1000} s engine steps; ${CLIENTS} walls in a child process subscribed to topology + 10 business systems' metrics`,
    '',
    '| path | samples | CPU s | wall s | samples / CPU-s | event-loop lag p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| baseline: JSON.parse + metric-store write, nothing else | ${fmt(base.samples)} | ${base.cpu.toFixed(2)} | ${base.wall.toFixed(2)} | ${fmt(baseRate)} | – | – |`,
    `| skyfort: simulator → ingest port → store → status → stream to walls | ${fmt(run.samples)} | ${run.cpu.toFixed(2)} | ${run.wall.toFixed(2)} | ${fmt(rate)} | ${run.lagP99.toFixed(1)} | ${run.lagMax.toFixed(1)} |`,
    `| skyfort at ${fmt(MEMORY_SCALE)} nodes (memory run, own process) | ${fmt(mem.samples)} | ${mem.cpu.toFixed(2)} | ${mem.wall.toFixed(2)} | ${fmt(mem.samples / mem.cpu)} | ${mem.lagP99.toFixed(1)} | ${mem.lagMax.toFixed(1)} |`,
    '',
    `- skyfort / baseline = ${(rate / baseRate).toFixed(2)}×; target ≥ 200,000 samples/s per core: ${rate >= 200_000 ? 'met' : 'MISSED'}; lag p99 < 50 ms at scale ${SCALE}: ${run.lagP99 < 50 ? 'met' : 'MISSED'}`,
    `- walls received ${fmt(run.walls.deltas)} deltas (${fmt(run.walls.upserts)} upserts), ${run.walls.gaps} seq gaps`,
    `- ${fmt(MEMORY_SCALE)} nodes after one hour of source time: ${fmt(mem.series)} series, ${fmt(mem.bytes / mem.series)} bytes per series (metric store ${(mem.bytes / 2 ** 20).toFixed(0)} MiB), resident memory ${(mem.rss / 2 ** 30).toFixed(2)} GiB (target ≤ 1.5 GB: ${mem.rss <= 1.5e9 ? 'met' : 'MISSED'})`,
    '',
  ];
  const text = lines.join('\n');
  console.log(`\n${text}`);
  const results = join(HERE, '..', 'RESULTS.md');
  if (!existsSync(results)) writeFileSync(results, '# Bench results\n\n');
  appendFileSync(results, `${text}\n`);
  process.exit(0);
}

await main();
