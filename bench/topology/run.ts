/**
 * Topology bench (issue 5's performance must-show), one run:
 *   1. server, in Node: the real metrics + topology + ingest stack with the simulated cloud
 *      declared at 10,000 and 20,000 nodes; the full server-side layout (target ≤ 5 s at 10k) and
 *      the first build of the `topology` wall. Then the built aggregator at --scale 10000:
 *      `GET /api/v1/topology` warm (target median < 1 s).
 *   2. browser, Debian's Chromium: the renderer's own model, option builder and chart renderer
 *      (bench/topology/page, bundled here with vite) fed from the 10k stack, updates back to back,
 *      each setting a new status on 1% of the nodes; main-thread ms per update (apply + build +
 *      setOption + forced synchronous render) for (a) the wall at its level of detail (target
 *      p95 ≤ 16 ms), (b) every cluster expanded (p95 ≤ 50 ms) and (c) a naive whole-graph
 *      `graph` series with layout 'none' (b must be ≥ 20× cheaper). First frame after the wall
 *      snapshot (≤ 1 s) and the JS heap after forced GC every 100 updates of (a) (flat within 5%
 *      after the first 100).
 *
 *   node --import tsx bench/topology/run.ts      (npm run bench:topology)
 *   BENCH_SCALES=10000,20000 BENCH_LAYOUT_REPEATS=3 BENCH_GET_SAMPLES=5 BENCH_PAINT_SAMPLES=5
 *   BENCH_A_UPDATES=200 BENCH_HEAP_UPDATES=1000 BENCH_B_UPDATES=100 BENCH_C_UPDATES=30
 *   BENCH_GET=1 BENCH_APPEND=1
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { NodeStatus } from '../../shared/domain/topology.js';
import { startAggregator } from '../../e2e/aggregator.js';
import { ensureBuilt } from '../../scripts/ensure-deps.mjs';
import type { Audience } from '../../server/core/auth/principal.js';
import { buildStack, type Stack } from '../../server/domains/topology/test-support/domain-stack.js';
import { createSimulatedCloud } from '../../server/simulator/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const num = (k: string, d: number) => Number(process.env[k] ?? d);
const SCALES = (process.env.BENCH_SCALES ?? '10000,20000').split(',').filter(Boolean).map(Number);
const LAYOUT_REPEATS = num('BENCH_LAYOUT_REPEATS', 3);
const GET_SAMPLES = num('BENCH_GET_SAMPLES', 5);
const PAINT_SAMPLES = num('BENCH_PAINT_SAMPLES', 5);
const A_UPDATES = num('BENCH_A_UPDATES', 200);
const HEAP_UPDATES = num('BENCH_HEAP_UPDATES', 1000);
const HEAP_EVERY = 100;
const B_UPDATES = num('BENCH_B_UPDATES', 100);
const C_UPDATES = num('BENCH_C_UPDATES', 30);
const GET = process.env.BENCH_GET !== '0';
const BROWSER_SCALE = 10_000;
const TARGET = { layoutMs: 5_000, getMs: 1_000, aP95: 16, bP95: 50, ratio: 20, paintMs: 1_000, heap: 0.05 };
const OPS: Audience = { kind: 'operations' };
const NEW_STATUSES: readonly NodeStatus[] = ['ok', 'warning', 'critical', 'down'];

// As playwright.config.ts: Debian's Chromium, since Playwright's own download cannot work here.
const LAUNCH = {
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * xs.length) - 1)]!;
const f1 = (n: number) => n.toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (n: number) => (n / 2 ** 20).toFixed(2);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const log = (s: string) => process.stdout.write(`${s}\n`);

/** Deterministic picks, so two runs change the same nodes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cloudStack(scale: number): { s: Stack; declareMs: number } {
  const s = buildStack();
  const t0 = performance.now();
  createSimulatedCloud({ ingest: s.ingest.port, seed: 7, scale }).declare();
  return { s, declareMs: performance.now() - t0 };
}

// ── 1. server side ─────────────────────────────────────────────────────────────────────────

interface LayoutRow {
  scale: number;
  nodes: number;
  edges: number;
  clusters: number;
  declareMs: number;
  firstSyncMs: number;
  relayoutMs: number[];
  firstWallMs: number;
  wallEntities: number;
}

function layoutAt(scale: number): { row: LayoutRow; s: Stack } {
  const { s, declareMs } = cloudStack(scale);
  const wall = s.topology.wall;
  let t0 = performance.now();
  wall.syncLayout();
  const firstSyncMs = performance.now() - t0;
  const relayoutMs: number[] = [];
  for (let i = 0; i < LAYOUT_REPEATS; i++) {
    t0 = performance.now();
    wall.layout.relayout();
    relayoutMs.push(performance.now() - t0);
  }
  t0 = performance.now();
  const entities = wall.wall(OPS);
  const firstWallMs = performance.now() - t0;
  const row: LayoutRow = {
    scale,
    nodes: s.topology.graph.nodeCount,
    edges: s.topology.graph.edgeCount,
    clusters: [...wall.layout.allClusters()].length,
    declareMs,
    firstSyncMs,
    relayoutMs,
    firstWallMs,
    wallEntities: entities.size,
  };
  log(`  ${int(scale)}: ${int(row.nodes)} nodes, ${int(row.edges)} edges, ${row.clusters} clusters; first sync ${f1(firstSyncMs)} ms, relayout ${relayoutMs.map(f1).join(', ')} ms, first wall ${f1(firstWallMs)} ms`);
  return { row, s };
}

async function getTopology(): Promise<{ ms: number[]; coldMs: number; bytes: number; nodes: number; edges: number }> {
  const agg = await startAggregator({ args: ['--scale', String(BROWSER_SCALE)] });
  try {
    const token = await agg.login('admin');
    const once = async () => {
      const t0 = performance.now();
      const res = await fetch(new URL('/api/v1/topology', agg.url), { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`GET /api/v1/topology: ${res.status} ${text.slice(0, 200)}`);
      return { ms, text };
    };
    // The simulator declares its inventory once serving: wait until the document holds it all.
    let cold = await once();
    const deadline = Date.now() + 120_000;
    while ((JSON.parse(cold.text) as { nodes: unknown[] }).nodes.length < BROWSER_SCALE) {
      if (Date.now() > deadline) throw new Error(`GET /api/v1/topology still short of ${BROWSER_SCALE} nodes after 2 min`);
      await new Promise((r) => setTimeout(r, 500));
      cold = await once();
    }
    const ms: number[] = [];
    for (let i = 0; i < GET_SAMPLES; i++) ms.push((await once()).ms);
    const doc = JSON.parse(cold.text) as { nodes: unknown[]; edges: unknown[] };
    log(`  GET /api/v1/topology: first ${f1(cold.ms)} ms, then ${ms.map(f1).join(', ')} ms`);
    return { ms, coldMs: cold.ms, bytes: Buffer.byteLength(cold.text), nodes: doc.nodes.length, edges: doc.edges.length };
  } finally {
    await agg.stop();
  }
}

// ── 2. browser side ────────────────────────────────────────────────────────────────────────

type Entities = Map<string, unknown>;
interface Delta {
  upserts: Record<string, unknown>;
  removes: string[];
}

/** Keeps each entity's JSON; `diff` returns what changed since the last call, as a stream delta would. */
class Differ {
  private prev = new Map<string, string>();
  diff(entities: Entities): Delta {
    const upserts: Record<string, unknown> = {};
    const removes: string[] = [];
    const next = new Map<string, string>();
    for (const [k, e] of entities) {
      const j = JSON.stringify(e);
      next.set(k, j);
      if (this.prev.get(k) !== j) upserts[k] = e;
    }
    for (const k of this.prev.keys()) if (!next.has(k)) removes.push(k);
    this.prev = next;
    return { upserts, removes };
  }
}

/** The wall's clusters the console can expand (not the ones the server already draws member by member). */
function expandable(s: Stack): string[] {
  const out: string[] = [];
  for (const e of s.topology.wall.wall(OPS).values()) {
    const c = e as { type: string; id: string; expanded?: boolean };
    if (c.type === 'cluster' && !c.expanded) out.push(c.id);
  }
  return out;
}

/** Sets a new status on 1% of the nodes; returns what it set. */
function churn(s: Stack, ids: readonly string[], random: () => number): Array<[string, NodeStatus]> {
  const n = Math.max(1, Math.round(ids.length / 100));
  const picked = new Set<string>();
  while (picked.size < n) picked.add(ids[Math.floor(random() * ids.length)]!);
  const out: Array<[string, NodeStatus]> = [];
  for (const id of picked) {
    const cur = s.topology.graph.node(id)?.status;
    const options = NEW_STATUSES.filter((x) => x !== cur);
    const next = options[Math.floor(random() * options.length)]!;
    s.topology.graph.setStatus(id, next);
    out.push([id, next]);
  }
  return out;
}

async function buildPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'skyfort-bench-topology-'));
  await build({
    configFile: false,
    root: join(HERE, 'page'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  return outDir;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

interface Bench {
  load(wallJson: string, clustersJson?: string): Promise<{ syncMs: number; frameMs: number; changed: number }>;
  update(changesJson: string): { ms: number; series: number } & Split;
  drawn(): { nodes: number; lines: number; expanded: number; dropped: number };
  loadNaive(json: string): Promise<{ syncMs: number }>;
  updateNaive(json: string): { ms: number };
}
type BenchWindow = { bench: Bench };
interface Split {
  buildMs: number;
  setOptionMs: number;
  paintMs: number;
}
const splitOf = (xs: Split[]) =>
  `renderer build ${f1(quantile(xs.map((x) => x.buildMs), 0.5))} / setOption ${f1(quantile(xs.map((x) => x.setOptionMs), 0.5))} / forced paint ${f1(quantile(xs.map((x) => x.paintMs), 0.5))}`;

async function openPage(url: string): Promise<{ page: Page; cdp: CDPSession; close: () => Promise<void> }> {
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`  page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in window, null, { timeout: 30_000 });
  const cdp = await context.newCDPSession(page);
  return { page, cdp, close: () => browser.close() };
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
}

const stats = (xs: number[]) => ({ n: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });

interface BrowserResult {
  wallBytes: number;
  paint: Array<{ syncMs: number; frameMs: number }>;
  a: number[];
  aAll: number[];
  aSeries: number[];
  aSplit: Split[];
  bSplit: Split[];
  aDrawn: { nodes: number; lines: number };
  heap: Array<{ at: number; used: number }>;
  b: number[];
  bSeries: number[];
  bDrawn: { nodes: number; lines: number; expanded: number; dropped: number };
  bLoad: { syncMs: number; frameMs: number };
  bBytes: number;
  bNodeSideMs: number[];
  c: number[];
  cLoadMs: number;
  cGraph: { nodes: number; edges: number };
}

async function browserSide(s: Stack, url: string): Promise<BrowserResult> {
  const wall = s.topology.wall;
  const ids = [...s.topology.graph.nodes()].map((n) => n.id);
  const random = rng(42);
  const send = (p: Page, changes: unknown) => p.evaluate((j) => (window as unknown as BenchWindow).bench.update(j), JSON.stringify(changes));

  // (a) the wall at its level of detail: first frame, then updates, heap every 100.
  log(`(a) wall level: first frame ×${PAINT_SAMPLES}, ${Math.max(A_UPDATES, HEAP_UPDATES)} updates, heap every ${HEAP_EVERY} …`);
  const pa = await openPage(url);
  let wallBytes = 0;
  const paint: BrowserResult['paint'] = [];
  const aAll: number[] = [];
  const aSeries: number[] = [];
  const aSplit: Split[] = [];
  const heap: BrowserResult['heap'] = [];
  let aDrawn = { nodes: 0, lines: 0 };
  try {
    const differ = new Differ();
    for (let i = 0; i < PAINT_SAMPLES; i++) {
      const json = JSON.stringify(Object.fromEntries(wall.wall(OPS)));
      wallBytes = Buffer.byteLength(json);
      const r = await pa.page.evaluate((j) => (window as unknown as BenchWindow).bench.load(j), json);
      paint.push(r);
    }
    differ.diff(wall.wall(OPS));
    aDrawn = await pa.page.evaluate(() => (window as unknown as BenchWindow).bench.drawn());
    heap.push({ at: 0, used: await heapUsed(pa.cdp) });
    for (let i = 1; i <= Math.max(A_UPDATES, HEAP_UPDATES); i++) {
      churn(s, ids, random);
      const r = await send(pa.page, { wall: differ.diff(wall.wall(OPS)), clusters: {} });
      aAll.push(r.ms);
      aSeries.push(r.series);
      if (i <= A_UPDATES) aSplit.push(r);
      if (i % HEAP_EVERY === 0 && i <= HEAP_UPDATES) heap.push({ at: i, used: await heapUsed(pa.cdp) });
    }
  } finally {
    await pa.close();
  }

  // (b) every cluster expanded, merged as the store merges expansions.
  log(`(b) everything expanded: ${B_UPDATES} updates …`);
  const pb = await openPage(url);
  const b: number[] = [];
  const bSeries: number[] = [];
  const bNodeSideMs: number[] = [];
  const bSplit: Split[] = [];
  let bDrawn: BrowserResult['bDrawn'];
  let bLoad: BrowserResult['bLoad'];
  let bBytes = 0;
  try {
    const wallDiffer = new Differ();
    const clusterIds = expandable(s);
    const differs = new Map(clusterIds.map((id) => [id, new Differ()]));
    const wallJson = JSON.stringify(wallDiffer.diff(wall.wall(OPS)).upserts);
    const clusters = Object.fromEntries(clusterIds.map((id) => [id, differs.get(id)!.diff(wall.cluster(id, OPS)).upserts]));
    const clustersJson = JSON.stringify(clusters);
    bBytes = Buffer.byteLength(wallJson) + Buffer.byteLength(clustersJson);
    bLoad = await pb.page.evaluate(([w, c]) => (window as unknown as BenchWindow).bench.load(w, c), [wallJson, clustersJson] as const);
    bDrawn = await pb.page.evaluate(() => (window as unknown as BenchWindow).bench.drawn());
    for (let i = 0; i < B_UPDATES; i++) {
      churn(s, ids, random);
      const t0 = performance.now();
      const changes = {
        wall: wallDiffer.diff(wall.wall(OPS)),
        clusters: Object.fromEntries(clusterIds.map((id) => [id, differs.get(id)!.diff(wall.cluster(id, OPS))])),
      };
      bNodeSideMs.push(performance.now() - t0);
      const r = await send(pb.page, changes);
      b.push(r.ms);
      bSeries.push(r.series);
      bSplit.push(r);
    }
  } finally {
    await pb.close();
  }

  // (c) naive: the whole graph as one `graph` series at the same fixed positions, whole option per update.
  log(`(c) naive graph series: ${C_UPDATES} updates …`);
  const pc = await openPage(url);
  const c: number[] = [];
  let cLoadMs = 0;
  const graph = {
    nodes: ids.map((id) => ({ id, ...wall.layout.position(id)!, status: s.topology.graph.node(id)!.status })),
    edges: [...s.topology.graph.edges()].map((e) => [e.source, e.target]),
  };
  try {
    cLoadMs = (await pc.page.evaluate((j) => (window as unknown as BenchWindow).bench.loadNaive(j), JSON.stringify(graph))).syncMs;
    for (let i = 0; i < C_UPDATES; i++) {
      const set = churn(s, ids, random);
      c.push((await pc.page.evaluate((j) => (window as unknown as BenchWindow).bench.updateNaive(j), JSON.stringify(set))).ms);
    }
  } finally {
    await pc.close();
  }
  return {
    wallBytes,
    paint,
    a: aAll.slice(0, A_UPDATES),
    aAll,
    aSeries,
    aSplit,
    bSplit,
    aDrawn,
    heap,
    b,
    bSeries,
    bDrawn,
    bLoad,
    bBytes,
    bNodeSideMs,
    c,
    cLoadMs,
    cGraph: { nodes: graph.nodes.length, edges: graph.edges.length },
  };
}

// ── report ─────────────────────────────────────────────────────────────────────────────────

function machine(): string {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  const browser = spawnSync(LAUNCH.executablePath ?? 'chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'Playwright Chromium';
  return `nproc ${cpus().length}, ${model}, node ${process.version}, ${browser}`;
}

function revision(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'renderer', 'server', 'shared', 'e2e');
  return dirty ? `${head} plus uncommitted changes to ${dirty.split('\n').length} files under renderer/ server/ shared/ e2e/` : `${head}, clean`;
}

function command(): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  return `${env}node --import tsx bench/topology/run.ts`;
}

async function main(): Promise<void> {
  const started = performance.now();
  process.chdir(ROOT); // startAggregator runs dist/server/cli/main.js relative to the working folder
  log('server-side layout …');
  const layouts: LayoutRow[] = [];
  let stack10k: Stack | null = null;
  for (const scale of SCALES) {
    const { row, s } = layoutAt(scale);
    layouts.push(row);
    if (scale === BROWSER_SCALE) stack10k = s;
    else s.topology.wall.dispose();
  }
  stack10k ??= layoutAt(BROWSER_SCALE).s;
  let got: Awaited<ReturnType<typeof getTopology>> | null = null;
  if (GET) {
    ensureBuilt(); // the built aggregator: rebuild when a source is newer
    log('GET /api/v1/topology at --scale 10000 …');
    got = await getTopology();
  }
  log('bundling the bench page …');
  const dir = await buildPage();
  const { server, url } = await serve(dir);
  let br: BrowserResult;
  try {
    br = await browserSide(stack10k, url);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const a = stats(br.a);
  const aAll = stats(br.aAll);
  const b = stats(br.b);
  const c = stats(br.c);
  const ratio = c.median / b.median;
  const ratioP95 = c.p95 / b.p95;
  const paintFrame = stats(br.paint.map((p) => p.frameMs));
  const paintSync = stats(br.paint.map((p) => p.syncMs));
  const after = br.heap.filter((h) => h.at >= HEAP_EVERY);
  const base = after[0]?.used ?? NaN;
  const heapSpread = after.length ? Math.max(...after.map((h) => Math.abs(h.used - base) / base)) : NaN;
  const heapEnd = after.length ? (after.at(-1)!.used - base) / base : NaN;
  const l10 = layouts.find((l) => l.scale === BROWSER_SCALE);
  const layoutMed = (l: LayoutRow) => quantile(l.relayoutMs, 0.5);
  const getMed = got ? quantile(got.ms, 0.5) : NaN;

  const layoutRows = [
    '| nodes | edges | clusters | declare ms | first syncLayout ms | relayout() ms, median of ' + LAYOUT_REPEATS + ' (all) | first `topology` wall build ms | wall entities |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...layouts.map(
      (l) =>
        `| ${int(l.nodes)} | ${int(l.edges)} | ${l.clusters} | ${int(l.declareMs)} | ${int(l.firstSyncMs)} | ${f1(layoutMed(l))} (${l.relayoutMs.map(f1).join(', ')}) | ${int(l.firstWallMs)} | ${int(l.wallEntities)} |`,
    ),
  ];
  const updRows = [
    '| view | updates | drawn nodes / lines | series sent per update (median) | median ms | p95 ms | max ms | median ms split |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    `| (a) wall, level of detail | ${a.n} | ${int(br.aDrawn.nodes)} / ${int(br.aDrawn.lines)} | ${quantile(br.aSeries.slice(0, A_UPDATES), 0.5)} | ${f1(a.median)} | ${f1(a.p95)} | ${f1(a.max)} | ${splitOf(br.aSplit)} |`,
    `| (a) same, all ${aAll.n} updates of the heap run | ${aAll.n} | | ${quantile(br.aSeries, 0.5)} | ${f1(aAll.median)} | ${f1(aAll.p95)} | ${f1(aAll.max)} | |`,
    `| (b) every cluster expanded | ${b.n} | ${int(br.bDrawn.nodes)} / ${int(br.bDrawn.lines)} | ${quantile(br.bSeries, 0.5)} | ${f1(b.median)} | ${f1(b.p95)} | ${f1(b.max)} | ${splitOf(br.bSplit)} |`,
    `| (c) naive \`graph\` series, layout 'none', whole setOption | ${c.n} | ${int(br.cGraph.nodes)} / ${int(br.cGraph.edges)} | 1 (all) | ${f1(c.median)} | ${f1(c.p95)} | ${f1(c.max)} | all in setOption + paint |`,
  ];
  const verdicts = [
    l10 ? `layout at 10k: relayout() median ${f1(layoutMed(l10))} ms, first syncLayout ${int(l10.firstSyncMs)} ms (target ≤ 5 s: ${verdict(Math.max(layoutMed(l10), l10.firstSyncMs) <= TARGET.layoutMs)})` : 'layout at 10k: not run',
    ...layouts.filter((l) => l.scale !== BROWSER_SCALE).map((l) => `layout at ${int(l.nodes)} nodes: relayout() median ${f1(layoutMed(l))} ms, first syncLayout ${int(l.firstSyncMs)} ms (no target; 10k's ≤ 5 s would be ${verdict(Math.max(layoutMed(l), l.firstSyncMs) <= TARGET.layoutMs)})`),
    got
      ? `GET /api/v1/topology at --scale 10000 (${int(got.nodes)} nodes, ${int(got.edges)} edges, ${mib(got.bytes)} MiB): median of ${got.ms.length} warm calls ${f1(getMed)} ms (p95 ${f1(quantile(got.ms, 0.95))}, first call ${f1(got.coldMs)} ms) (target < 1 s: ${verdict(getMed < TARGET.getMs)})`
      : 'GET /api/v1/topology: not run (BENCH_GET=0)',
    `(a) p95 ${f1(a.p95)} ms (target ≤ 16 ms: ${verdict(a.p95 <= TARGET.aP95)})`,
    `(b) p95 ${f1(b.p95)} ms (target ≤ 50 ms: ${verdict(b.p95 <= TARGET.bP95)})`,
    `(c) / (b) = ${f1(ratio)}× by median, ${f1(ratioP95)}× by p95 (target ≥ 20×: ${verdict(ratio >= TARGET.ratio)})`,
    `first frame after the wall snapshot (${mib(br.wallBytes)} MiB of JSON parsed inside the span): median ${int(paintFrame.median)} ms, max ${int(paintFrame.max)} ms of ${paintFrame.n}; synchronous part median ${int(paintSync.median)} ms (target ≤ 1 s: ${verdict(paintFrame.max <= TARGET.paintMs)})`,
    `heap after forced GC over ${HEAP_UPDATES} updates of (a): within ${(heapSpread * 100).toFixed(1)}% of the 100-update reading, end ${heapEnd >= 0 ? '+' : ''}${(heapEnd * 100).toFixed(1)}% (target flat within 5%: ${verdict(heapSpread <= TARGET.heap)})`,
    `heap MiB at updates ${br.heap.map((h) => h.at).join(', ')}: ${br.heap.map((h) => mib(h.used)).join(', ')}`,
  ];
  const text = [...layoutRows, '', ...updRows, '', ...verdicts].join('\n');
  log(`\n${text}\n(b) expanded ${br.bDrawn.expanded} clusters, ${br.bDrawn.dropped} entities dropped by member caps\n`);

  const entry = [
    '',
    `## topology: ${new Date().toISOString()}`,
    '',
    `- machine: ${machine()}`,
    `- command: \`${command()}\` (\`npm run bench:topology\`); code: ${revision()}`,
    `- workload (1): in Node, \`buildStack()\` (real metrics + topology + ingest) with \`createSimulatedCloud({ seed: 7, scale })\` declared; "first syncLayout" is \`wall.syncLayout()\` on the fresh graph (the full layout), then \`wall.layout.relayout()\` ${LAYOUT_REPEATS}× warm, then the first \`wall.wall({ kind: 'operations' })\` (structure + entities). ` +
      `GET: the built aggregator \`serve --simulate --scale 10000\`, admin, polled until the document holds all 10,000 nodes (that call is the first), then ${GET_SAMPLES} timed (fetch until the whole body is read, on the same machine)`,
    `- workload (2): the 10k stack's entities fed to the renderer's own topology-model.ts + topology-chart-renderer.ts (bench/topology/page, vite-bundled, ECharts via renderer/app/echarts.ts, canvas 1920×1080, wall mode, English texts) in headless Chromium. ` +
      `Each update sets a new status (ok/warning/critical/down, never the current one) on 1% of the nodes (${int(Math.round(br.cGraph.nodes / 100))}) with \`graph.setStatus\`, recomputes the entities in Node, and sends only those whose JSON changed; ` +
      `timed in the page with performance.now(): JSON.parse + apply to the model + render() + setOption + \`getZr().refreshImmediately()\` (no await in between). ` +
      `(b) expands all ${br.bDrawn.expanded} expandable clusters (\`wall.cluster(id)\` snapshots merged as the store does, ${br.bDrawn.dropped} entities dropped by the member caps), ${mib(br.bBytes)} MiB at load, first frame ${int(br.bLoad.frameMs)} ms; recomputing its changes in Node took median ${f1(quantile(br.bNodeSideMs, 0.5))} ms per update (not counted). ` +
      `(c) \`graph\` series, layout 'none', the same positions, every node and edge coloured by status per item, rebuilt and set whole per update (load ${int(br.cLoadMs)} ms). p95 is nearest-rank.`,
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
