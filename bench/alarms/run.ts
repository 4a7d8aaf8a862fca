/**
 * `npm run bench:alarms` (issue #6):
 *   (1) events ingested per CPU-second with correlation on, next to the same events parsed,
 *       validated and stored with correlation off, alternating rounds in one process; target
 *       ≥ 50,000 events/s per core with correlation on.
 *   (2) a storm at a fixed rate (10,000 new alarms in 10 s on top of 100,000 active) with the
 *       board open in Chromium: the board's update cost (target p95 < 50 ms) and input latency
 *       (target p95 < 100 ms), next to the same board idle (storm-bench.ts).
 * Results are appended to bench/RESULTS.md, one `## alarms` section per run. BENCH_PART=1|2|all
 * (default all), BENCH_APPEND=0 prints without recording; BENCH_EVENTS, BENCH_SCALE, BENCH_ROUNDS override part (1), storm-bench.ts lists
 * part (2)'s.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCommand, loadAverage, machine, revision } from '../bench-report.js';
import { buildEventWorkload } from './event-workload.js';
import { runIngest, type IngestRun } from './ingest-bench.js';
import { CHROMIUM } from './storm-page.js';
import { runStorm } from './storm-bench.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const SCALE = Number(process.env.BENCH_SCALE ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 1000;
/** Bodies per 250 ms engine tick: 12 × 1,000 events per tick is 48,000 events/s, about the target rate. */
const TICK_EVERY = 12;
const START = Date.UTC(2026, 10, 11, 2, 0, 0);
const TARGET = 50_000;
const PART = process.env.BENCH_PART ?? 'all';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Part (1): the lines of its workload, table and verdict. */
async function runPart1(): Promise<string[]> {
  const t0 = Date.now();
  const w = buildEventWorkload({ seed: 1, scale: SCALE, events: EVENTS, batch: BATCH });
  console.log(`workload: ${w.graph.nodeCount} nodes, ${w.events} events, ${w.fingerprints} fingerprints, ${w.roots} failing roots`);
  const dir = mkdtempSync(join(tmpdir(), 'skyfort-bench-alarms-'));
  const runs: IngestRun[] = [];
  try {
    // A warm-up of each path, not recorded, so both measured paths run optimised code.
    for (const correlation of [false, true]) await runIngest(w, { correlation, tickEvery: TICK_EVERY, start: START, dataFile: join(dir, `warm-${correlation}.db`) });
    for (let r = 0; r < ROUNDS; r++) {
      for (const correlation of r % 2 === 0 ? [false, true] : [true, false]) {
        const run = await runIngest(w, { correlation, tickEvery: TICK_EVERY, start: START, dataFile: join(dir, `r${r}-${correlation}.db`) });
        console.log(`${correlation ? 'on ' : 'off'}: ${fmt(run.perCpuSec)} events/CPU-s (${run.cpuSec.toFixed(2)} CPU s, ${run.wallSec.toFixed(2)} s), open ${run.openAlarms}, incidents ${run.incidents ?? '-'}`);
        runs.push(run);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const off = runs.filter((r) => !r.correlation);
  const on = runs.filter((r) => r.correlation);
  const offMed = median(off.map((r) => r.perCpuSec));
  const onMed = median(on.map((r) => r.perCpuSec));
  return [
    `- workload (1): simulated platform seed 1 scale ${SCALE} (${w.graph.nodeCount} nodes); ${fmt(w.events)} events in bodies of ${BATCH} (a storm: ${w.roots} failing roots low in the stack, alarms on part of what depends on them, 30% of roots arriving after their symptoms; ${fmt(w.fingerprints)} fingerprints, the rest repeats; the last 5% half resolved); each body JSON.parse + the route's validation (the plainly-valid fast path, shared/protocol/plain-events.ts, else its zod schema), queued, processed by engine ticks every ${TICK_EVERY} bodies, written behind to a fresh SQLite file per run; CPU = process.cpuUsage; ${ROUNDS} alternating rounds after one warm-up of each, medians`,
    '',
    '| path | runs | events / CPU-s (median) | min | max | open alarms at end | incidents |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| correlation off: parse, validate, dedup, store | ${off.length} | ${fmt(offMed)} | ${fmt(Math.min(...off.map((r) => r.perCpuSec)))} | ${fmt(Math.max(...off.map((r) => r.perCpuSec)))} | ${off[0]!.openAlarms} | – |`,
    `| correlation on: the same plus incidents | ${on.length} | ${fmt(onMed)} | ${fmt(Math.min(...on.map((r) => r.perCpuSec)))} | ${fmt(Math.max(...on.map((r) => r.perCpuSec)))} | ${on[0]!.openAlarms} | ${on[0]!.incidents} |`,
    '',
    `- (1) on / off = ${(onMed / offMed).toFixed(2)}×; target ≥ ${fmt(TARGET)} events/s per core with correlation on: ${onMed >= TARGET ? 'met' : 'MISSED'}`,
    `- part (1) run: ${Math.round((Date.now() - t0) / 1000)} s`,
  ];
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const loadBefore = loadAverage();
  if (!['1', '2', 'all'].includes(PART)) throw new Error(`BENCH_PART=${PART}: expected 1, 2 or all`);
  const part1 = PART === '2' ? [] : await runPart1();
  const part2 = PART === '1' ? [] : await runStorm();
  const lines = [
    `## alarms: ${new Date().toISOString()}`,
    '',
    `- machine: ${machine(PART === '1' ? undefined : (CHROMIUM ?? 'chromium'))}`,
    `- command: \`${benchCommand('bench/alarms/run.ts')}\` (\`npm run bench:alarms\`); code: ${revision(fileURLToPath(new URL('../..', import.meta.url)))}`,
    ...part1,
    ...(part1.length && part2.length ? [''] : []),
    ...part2,
    `- whole run: ${Math.round((Date.now() - t0) / 1000)} s; load average (1, 5, 15 min) before ${loadBefore}, after ${loadAverage()}: CPU per event rises with the box's load (2 cores, shared)`,
    '',
  ];
  console.log(lines.join('\n'));
  if (process.env.BENCH_APPEND === '0') return;
  appendFileSync(new URL('../RESULTS.md', import.meta.url), `\n${lines.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
