/** bench:topology's report: the tables and verdicts printed and appended to bench/RESULTS.md. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Drawn, Split } from './bench-api.js';
import { LAUNCH } from './browser.js';
import { f1, int, mib, quantile, stats, verdict } from './report-format.js';
import type { GetResult, LayoutRow } from './server-side.js';
import type { BrowserResult, ViewCounts } from './views.js';

export const TARGET = { layoutMs: 5_000, getMs: 1_000, aP95: 16, bP95: 50, ratio: 20, paintMs: 1_000, heap: 0.05 };

export function machine(): string {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  const browser = spawnSync(LAUNCH.executablePath ?? 'chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'Playwright Chromium';
  return `nproc ${cpus().length}, ${model}, node ${process.version}, ${browser}`;
}

export function revision(root: string): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'renderer', 'server', 'shared', 'e2e', 'bench/topology');
  return dirty ? `${head} plus uncommitted changes to ${dirty.split('\n').length} files under renderer/ server/ shared/ e2e/ bench/topology/` : `${head}, clean`;
}

export function command(): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  return `${env}node --import tsx bench/topology/run.ts`;
}

const splitOf = (xs: Split[]) =>
  xs.length === 0
    ? ''
    : `renderer build ${f1(quantile(xs.map((x) => x.buildMs), 0.5))} / apply ${f1(quantile(xs.map((x) => x.applyMs), 0.5))} / forced paint ${f1(quantile(xs.map((x) => x.paintMs), 0.5))}`;
const drawnOf = (d: Drawn | null) => (d ? `${int(d.nodes)} / ${int(d.lines)} / ${int(d.clusters)}` : '–');
const cpuOf = (xs: number[]) => (xs.length ? `${f1(quantile(xs, 0.5))} / ${f1(quantile(xs, 0.95))}` : '–');
const med = (xs: number[]) => (xs.length ? quantile(xs, 0.5) : NaN);

export interface ReportInput {
  layouts: LayoutRow[];
  layoutRepeats: number;
  browserScale: number;
  got: GetResult | null;
  br: BrowserResult;
  counts: ViewCounts;
  /** LOD_CAP: the most elements the wall draws at wall scale. */
  lodCap: number;
}

/** The tables and verdicts (markdown lines), shared by the console output and the RESULTS.md entry. */
export function reportLines(x: ReportInput): { layoutRows: string[]; updRows: string[]; verdicts: string[] } {
  const { br, counts } = x;
  const a = stats(br.a);
  const aAll = stats(br.aAll);
  const b = stats(br.b);
  const c = stats(br.c);
  const ratio = c.median / b.median;
  const ratioP95 = c.p95 / b.p95;
  const paintFrame = stats(br.paint.map((p) => p.frameMs));
  const paintSync = stats(br.paint.map((p) => p.syncMs));
  const after = br.heap.filter((h) => h.at >= counts.heapEvery);
  const base = after[0]?.used ?? NaN;
  const heapSpread = after.length ? Math.max(...after.map((h) => Math.abs(h.used - base) / base)) : NaN;
  const heapEnd = after.length ? (after.at(-1)!.used - base) / base : NaN;
  const l10 = x.layouts.find((l) => l.scale === x.browserScale);
  const layoutMed = (l: LayoutRow) => quantile(l.relayoutMs, 0.5);
  const got = x.got;
  const getMed = got ? quantile(got.ms, 0.5) : NaN;
  const aDrawnTotal = br.aDrawn ? br.aDrawn.nodes + br.aDrawn.lines + br.aDrawn.clusters : NaN;

  const layoutRows = [
    `| nodes | edges | clusters | declare ms | first syncLayout ms | relayout() ms, median of ${x.layoutRepeats} (all) | first \`topology\` wall build ms | wall entities |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...x.layouts.map(
      (l) =>
        `| ${int(l.nodes)} | ${int(l.edges)} | ${l.clusters} | ${int(l.declareMs)} | ${int(l.firstSyncMs)} | ${f1(layoutMed(l))} (${l.relayoutMs.map(f1).join(', ')}) | ${int(l.firstWallMs)} | ${int(l.wallEntities)} |`,
    ),
  ];
  const updRows = [
    '| view | updates | drawn nodes / lines / boxes | series + mark sets sent per update (median) | median ms | p95 ms | max ms | main-thread CPU ms median / p95 | median ms split |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    `| (a) wall, level of detail | ${a.n} | ${drawnOf(br.aDrawn)} | ${med(br.aSeries.slice(0, counts.aUpdates))} | ${f1(a.median)} | ${f1(a.p95)} | ${f1(a.max)} | ${cpuOf(br.aCpu)} | ${splitOf(br.aSplit)} |`,
    `| (a) same, all ${aAll.n} updates of the heap run | ${aAll.n} | | ${med(br.aSeries)} | ${f1(aAll.median)} | ${f1(aAll.p95)} | ${f1(aAll.max)} | | |`,
    `| (b) every cluster expanded | ${b.n} | ${drawnOf(br.bDrawn)} | ${med(br.bSeries)} | ${f1(b.median)} | ${f1(b.p95)} | ${f1(b.max)} | ${cpuOf(br.bCpu)} | ${splitOf(br.bSplit)} |`,
    `| (c) naive \`graph\` series, layout 'none', whole setOption | ${c.n} | ${int(br.cGraph.nodes)} / ${int(br.cGraph.edges)} / – | 1 (all) | ${f1(c.median)} | ${f1(c.p95)} | ${f1(c.max)} | ${cpuOf(br.cCpu)} | all in setOption + paint |`,
  ];
  const verdicts = [
    l10 ? `layout at 10k: relayout() median ${f1(layoutMed(l10))} ms, first syncLayout ${int(l10.firstSyncMs)} ms (target ≤ 5 s: ${verdict(Math.max(layoutMed(l10), l10.firstSyncMs) <= TARGET.layoutMs)})` : 'layout at 10k: not run',
    ...x.layouts
      .filter((l) => l.scale !== x.browserScale)
      .map((l) => `layout at ${int(l.nodes)} nodes: relayout() median ${f1(layoutMed(l))} ms, first syncLayout ${int(l.firstSyncMs)} ms (no target; 10k's ≤ 5 s would be ${verdict(Math.max(layoutMed(l), l.firstSyncMs) <= TARGET.layoutMs)})`),
    got
      ? `GET /api/v1/topology at --scale 10000 (${int(got.nodes)} nodes, ${int(got.edges)} edges, ${mib(got.bytes)} MiB): median of ${got.ms.length} warm calls ${f1(getMed)} ms (p95 ${f1(quantile(got.ms, 0.95))}, first call ${f1(got.coldMs)} ms) (target < 1 s: ${verdict(getMed < TARGET.getMs)})`
      : 'GET /api/v1/topology: not run (BENCH_GET=0)',
    `(a) p95 ${f1(a.p95)} ms (target ≤ 16 ms: ${verdict(a.p95 <= TARGET.aP95)}); drawn elements ${int(aDrawnTotal)} (level-of-detail cap ${int(x.lodCap)}: ${verdict(aDrawnTotal <= x.lodCap)})`,
    `(b) p95 ${f1(b.p95)} ms (target ≤ 50 ms: ${verdict(b.p95 <= TARGET.bP95)}); draws ${int(br.bDrawn?.nodes ?? 0)} of ${int(br.cGraph.nodes)} nodes (all: ${verdict(br.bDrawn?.nodes === br.cGraph.nodes)})`,
    `(c) / (b) = ${f1(ratio)}× by median, ${f1(ratioP95)}× by p95 (target ≥ 20×: ${verdict(ratio >= TARGET.ratio)}); by main-thread CPU time ${f1(med(br.cCpu) / med(br.bCpu))}× by median`,
    `first frame after the wall snapshot (${mib(br.wallBytes)} MiB of JSON parsed inside the span): median ${int(paintFrame.median)} ms, max ${int(paintFrame.max)} ms of ${paintFrame.n}; synchronous part median ${int(paintSync.median)} ms (target ≤ 1 s: ${verdict(paintFrame.max <= TARGET.paintMs)})`,
    `heap after forced GC over ${counts.heapUpdates} updates of (a): within ${(heapSpread * 100).toFixed(1)}% of the ${counts.heapEvery}-update reading, end ${heapEnd >= 0 ? '+' : ''}${(heapEnd * 100).toFixed(1)}% (target flat within 5%: ${verdict(heapSpread <= TARGET.heap)})`,
    `heap MiB at updates ${br.heap.map((h) => h.at).join(', ')}: ${br.heap.map((h) => mib(h.used)).join(', ')}`,
  ];
  return { layoutRows, updRows, verdicts };
}

/** The workload paragraphs of a RESULTS.md entry. */
export function workloadLines(x: ReportInput): string[] {
  const { br, layoutRepeats } = x;
  return [
    `- workload (1): in Node, \`buildStack()\` (real metrics + topology + ingest) with \`createSimulatedCloud({ seed: 7, scale })\` declared; "first syncLayout" is \`wall.syncLayout()\` on the fresh graph (the full layout), then \`wall.layout.relayout()\` ${layoutRepeats}× warm, then the first \`wall.wall({ kind: 'operations' })\` (structure + entities). ` +
      `GET: the built aggregator \`serve --simulate --scale 10000\`, admin, polled until the document holds all 10,000 nodes (that call is the first), then ${x.got?.ms.length ?? 0} timed (fetch until the whole body is read, on the same machine)`,
    `- workload (2): the 10k stack's entities fed to the renderer's own topology-model.ts + topology-chart-renderer.ts (bench/topology/page, vite-bundled, ECharts via renderer/app/echarts.ts, canvas 1920×1080, wall mode, English texts) in headless Chromium. ` +
      `Each update sets a new status (ok/warning/critical/down, never the current one) on 1% of the nodes (${int(Math.round(br.cGraph.nodes / 100))}) with \`graph.setStatus\`, recomputes the entities in Node, and sends only those whose JSON changed; ` +
      `timed in the page with performance.now(): JSON.parse + apply to the model + render() + apply as the console does (TopologyMarkLayer.apply: setOption of the series that moved, the node and line mark sets that moved) + \`getZr().refreshImmediately()\` (the paint; no await in between). ` +
      `(b) expands all ${br.bDrawn?.expanded ?? 0} expandable clusters (\`wall.cluster(id)\` snapshots merged as the store does, with the bench's model limits lifted to draw everything; ${br.bDrawn?.dropped ?? 0} entities dropped), ${mib(br.bBytes)} MiB at load, first frame ${int(br.bLoad.frameMs)} ms; recomputing its changes in Node took median ${f1(med(br.bNodeSideMs))} ms per update (not counted). ` +
      `(c) \`graph\` series, layout 'none', the same positions, every node and edge coloured by status per item, rebuilt and set whole per update (load ${int(br.cLoadMs)} ms). p95 is nearest-rank.`,
  ];
}
