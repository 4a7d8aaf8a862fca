/**
 * Topology bench (issue 5's performance must-show), one run:
 *   1. server, in Node (server-side.ts): the real metrics + topology + ingest stack with the
 *      simulated cloud declared at 10,000 and 20,000 nodes; the full server-side layout (target
 *      ≤ 5 s at 10k) and the first build of the `topology` wall. Then the built aggregator at
 *      --scale 10000: `GET /api/v1/topology` warm (target median < 1 s).
 *   2. browser, Debian's Chromium (views.ts, page/main.ts): the renderer's own model, option
 *      builder and chart renderer fed from the 10k stack, updates back to back, each setting a
 *      new status on 1% of the nodes (workload.ts); main-thread ms per update (apply + build +
 *      setOption and marks + forced synchronous render) for (a) the wall at its level of detail (target
 *      p95 ≤ 16 ms), (b) every cluster expanded, all 10,000 nodes drawn (p95 ≤ 50 ms) and (c) a
 *      naive whole-graph `graph` series with layout 'none' (b must be ≥ 20× cheaper). First
 *      frame after the wall snapshot (≤ 1 s) and the JS heap after forced GC every 100 updates
 *      of (a) (flat within 5% after the first 100).
 *
 *   node --import tsx bench/topology/run.ts      (npm run bench:topology)
 *   BENCH_SCALES=10000,20000 BENCH_LAYOUT_REPEATS=3 BENCH_GET_SAMPLES=5 BENCH_PAINT_SAMPLES=5
 *   BENCH_A_UPDATES=200 BENCH_HEAP_UPDATES=1000 BENCH_B_UPDATES=100 BENCH_C_UPDATES=30
 *   BENCH_GET=1 BENCH_APPEND=1 BENCH_VIEWS=a,b,c BENCH_PROFILE=<folder for .cpuprofile files>
 */
import { appendFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../scripts/ensure-deps.mjs';
import type { Stack } from '../../server/domains/topology/test-support/domain-stack.js';
import { LOD_CAP } from '../../shared/protocol/topology-layout.js';
import { buildPage, serve } from './browser.js';
import { command, machine, reportLines, revision, workloadLines, type ReportInput } from './report.js';
import { log } from './report-format.js';
import { getTopology, layoutAt, type GetResult, type LayoutRow } from './server-side.js';
import { browserSide, type ViewCounts } from './views.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const num = (k: string, d: number) => Number(process.env[k] ?? d);
const SCALES = (process.env.BENCH_SCALES ?? '10000,20000').split(',').filter(Boolean).map(Number);
const LAYOUT_REPEATS = num('BENCH_LAYOUT_REPEATS', 3);
const GET_SAMPLES = num('BENCH_GET_SAMPLES', 5);
const GET = process.env.BENCH_GET !== '0';
const BROWSER_SCALE = 10_000;
const COUNTS: ViewCounts = {
  paintSamples: num('BENCH_PAINT_SAMPLES', 5),
  aUpdates: num('BENCH_A_UPDATES', 200),
  heapUpdates: num('BENCH_HEAP_UPDATES', 1000),
  heapEvery: 100,
  bUpdates: num('BENCH_B_UPDATES', 100),
  cUpdates: num('BENCH_C_UPDATES', 30),
  views: new Set((process.env.BENCH_VIEWS ?? 'a,b,c').split(',')),
};

async function main(): Promise<void> {
  const started = performance.now();
  process.chdir(ROOT); // startAggregator runs dist/server/cli/main.js relative to the working folder
  log('server-side layout …');
  const layouts: LayoutRow[] = [];
  let stack10k: Stack | null = null;
  for (const scale of SCALES) {
    const { row, s } = layoutAt(scale, LAYOUT_REPEATS);
    layouts.push(row);
    if (scale === BROWSER_SCALE) stack10k = s;
    else s.topology.wall.dispose();
  }
  stack10k ??= layoutAt(BROWSER_SCALE, LAYOUT_REPEATS).s;
  let got: GetResult | null = null;
  if (GET) {
    ensureBuilt(); // the built aggregator: rebuild when a source is newer
    log('GET /api/v1/topology at --scale 10000 …');
    got = await getTopology(BROWSER_SCALE, GET_SAMPLES);
  }
  log('bundling the bench page …');
  const dir = await buildPage();
  const { server, url } = await serve(dir);
  let input: ReportInput;
  try {
    const br = await browserSide(stack10k, url, COUNTS);
    input = { layouts, layoutRepeats: LAYOUT_REPEATS, browserScale: BROWSER_SCALE, got, br, counts: COUNTS, lodCap: LOD_CAP };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const { layoutRows, updRows, verdicts } = reportLines(input);
  const d = input.br.bDrawn;
  log(`\n${[...layoutRows, '', ...updRows, '', ...verdicts].join('\n')}\n(b) expanded ${d?.expanded ?? 0} clusters, ${d?.dropped ?? 0} entities dropped\n`);

  const entry = [
    '',
    `## topology: ${new Date().toISOString()}`,
    '',
    `- machine: ${machine()}`,
    `- command: \`${command()}\` (\`npm run bench:topology\`); code: ${revision(ROOT)}`,
    ...workloadLines(input),
    '',
    ...layoutRows,
    '',
    ...updRows,
    '',
    ...verdicts.map((v) => `- ${v}`),
    `- whole run: ${((performance.now() - started) / 1000).toFixed(0)} s`,
    '',
  ].join('\n');
  if (process.env.BENCH_APPEND === '0') return;
  const resultsFile = join(HERE, '..', 'RESULTS.md');
  appendFileSync(resultsFile, entry);
  log(`appended to ${resultsFile}`);
}

await main();
