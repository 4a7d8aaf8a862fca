/// <reference lib="dom" />
/**
 * bench:topology's page (bundled by run.ts with vite): the renderer's own topology model, option
 * builder and chart renderer on the console's ECharts build, driven from Node through
 * `window.bench`. Every timed call is synchronous main-thread work: apply the entities, build
 * the option and marks, apply them as the console does (TopologyMarkLayer.apply: setOption when
 * a series moved, the changed marks), and a forced render (`getZr().refreshImmediately()`).
 */
import { GraphChart } from 'echarts/charts';
import type { Bench, Changes, Drawn } from '../bench-api';
import { worseStatus, type NodeStatus } from '../../../shared/domain/topology';
import { STATUS_STYLE } from '../../../renderer/app/status-style';
import { echarts, SKYFORT_DARK_THEME } from '../../../renderer/app/echarts';
import { en } from '../../../renderer/app/locales/en';
import { TopologyChartRenderer } from '../../../renderer/features/topology/topology-chart-renderer';
import { TopologyMarkLayer } from '../../../renderer/features/topology/topology-mark-layer';
import type { TopologyChartView } from '../../../renderer/features/topology/topology-chart-types';
import { NO_FILTERS } from '../../../renderer/features/topology/topology-filters';
import { topologyChartTexts, type Translate } from '../../../renderer/features/topology/topology-texts';
import {
  applyClusterDelta,
  applyClusterSnapshot,
  applyWallDelta,
  applyWallSnapshot,
  bumpAll,
  createExpandedCluster,
  createTopologyModel,
  NO_DRAW_LIMITS,
  type TopologyModel,
} from '../../../renderer/features/topology/topology-model';
import { drawnCounts } from '../../../renderer/features/topology/topology-test-hook';

// (c) only: the series the console deliberately does not register.
echarts.use([GraphChart]);

/** The English messages with vue-i18n's `{name}` interpolation: enough for the chart's labels. */
const t: Translate = (key, named) => {
  let v: unknown = en;
  for (const k of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  const s = typeof v === 'string' ? v : key;
  return named ? s.replace(/\{(\w+)\}/g, (_, k: string) => String(named[k] ?? '')) : s;
};
const texts = topologyChartTexts(t, 'en');

const el = document.getElementById('chart')!;
// As topology-view.vue on a 1080p wall.
const view: TopologyChartView = { widthPx: el.clientWidth, heightPx: el.clientHeight, fontPx: Math.round(Math.max(16, el.clientHeight * 0.0175)), mode: 'wall' };

let chart: ReturnType<typeof echarts.init> | null = null;
let layer: TopologyMarkLayer | null = null;
let model: TopologyModel = createTopologyModel();
let painter = new TopologyChartRenderer();

/** A new chart and model: the product's level-of-detail limits, or none (everything expanded, drawn whole). */
function fresh(unlimited = false): void {
  layer?.dispose();
  chart?.dispose();
  chart = echarts.init(el, SKYFORT_DARK_THEME, { renderer: 'canvas' });
  // A wall: no tooltips; clicks are not part of the workload.
  layer = new TopologyMarkLayer(chart, { pick: () => undefined, tooltip: () => null });
  model = unlimited ? createTopologyModel(NO_DRAW_LIMITS) : createTopologyModel();
  painter = new TopologyChartRenderer();
}

/** Where the last draw's time went: the renderer's build, applying it (setOption, marks), the forced paint. */
const split = { buildMs: 0, applyMs: 0, paintMs: 0 };

/** As topology-chart.vue's draw(), then a forced synchronous paint. */
function draw(): string[] {
  const t0 = performance.now();
  const r = painter.render({ model, filters: NO_FILTERS, focus: null }, view, texts);
  const t1 = performance.now();
  if (r) layer!.apply(r);
  const t2 = performance.now();
  if (r) chart!.getZr().refreshImmediately();
  split.buildMs = t1 - t0;
  split.applyMs = t2 - t1;
  split.paintMs = performance.now() - t2;
  return r?.changed ?? [];
}

type Entities = Record<string, unknown>;

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame((ts) => r(ts)));

// (c): the whole graph as one ECharts `graph` series at fixed positions, rebuilt per update.
let naive: { nodes: Array<{ id: string; x: number; y: number; status: NodeStatus }>; edges: Array<[number, number]>; index: Map<string, number> } | null = null;
const colour = (s: NodeStatus) => (STATUS_STYLE[s] ?? STATUS_STYLE.unknown).color;
function naiveOption(): Parameters<NonNullable<typeof chart>['setOption']>[0] {
  const n = naive!;
  return {
    animation: false,
    series: [
      {
        type: 'graph',
        id: 'naive',
        layout: 'none',
        animation: false,
        symbolSize: 6,
        data: n.nodes.map((x) => ({ id: x.id, name: x.id, x: x.x, y: x.y, itemStyle: { color: colour(x.status) } })),
        links: n.edges.map(([a, b]) => {
          const worst = worseStatus(n.nodes[a]!.status, n.nodes[b]!.status);
          return { source: a, target: b, lineStyle: { color: colour(worst), width: 1, opacity: 0.5 } };
        }),
      },
    ],
  } as Parameters<NonNullable<typeof chart>['setOption']>[0];
}

const bench: Bench = {
  /** Wall snapshot (JSON text, parsed inside the timed span) → the first frame drawn after it. */
  async load(wallJson: string, clustersJson?: string): Promise<{ syncMs: number; frameMs: number; changed: number }> {
    fresh(clustersJson !== undefined);
    await nextFrame();
    const t0 = performance.now();
    applyWallSnapshot(model, JSON.parse(wallJson) as Entities);
    if (clustersJson) {
      for (const [id, entities] of Object.entries(JSON.parse(clustersJson) as Record<string, Entities>)) {
        const c = createExpandedCluster(id);
        model.expanded.set(id, c);
        applyClusterSnapshot(model, c, entities);
      }
      bumpAll(model);
    }
    const changed = draw().length;
    const syncMs = performance.now() - t0;
    // The frame that shows it (topology-chart.vue marks skyfort:topology-first-frame the same way).
    await nextFrame();
    return { syncMs, frameMs: performance.now() - t0, changed };
  },
  /** One update: apply, render the changed series, force the paint. Main-thread ms. */
  update(changesJson: string): { ms: number; series: number; buildMs: number; applyMs: number; paintMs: number } {
    const t0 = performance.now();
    const c = JSON.parse(changesJson) as Changes;
    applyWallDelta(model, c.wall.upserts, c.wall.removes);
    for (const [id, d] of Object.entries(c.clusters)) {
      const x = model.expanded.get(id);
      if (x) applyClusterDelta(model, x, d.upserts, d.removes);
    }
    const series = draw().length;
    return { ms: performance.now() - t0, series, ...split };
  },
  /** What the chart holds: drawn points and lines (to report the workload). */
  drawn(): Drawn {
    let dropped = model.dropped;
    for (const c of model.expanded.values()) dropped += c.dropped;
    return { ...drawnCounts({ option: chart!.getOption(), marks: layer!.marks() }), expanded: model.expanded.size, dropped };
  },
  async loadNaive(json: string): Promise<{ syncMs: number }> {
    fresh();
    await nextFrame();
    const t0 = performance.now();
    const g = JSON.parse(json) as { nodes: Array<{ id: string; x: number; y: number; status: NodeStatus }>; edges: Array<[string, string]> };
    const index = new Map(g.nodes.map((n, i) => [n.id, i]));
    naive = { nodes: g.nodes, index, edges: g.edges.flatMap(([a, b]) => (index.has(a) && index.has(b) ? [[index.get(a)!, index.get(b)!] as [number, number]] : [])) };
    chart!.setOption(naiveOption(), { notMerge: true });
    chart!.getZr().refreshImmediately();
    return { syncMs: performance.now() - t0 };
  },
  /** (c) one update: new statuses, then the whole graph option again. */
  updateNaive(json: string): { ms: number } {
    const t0 = performance.now();
    for (const [id, status] of JSON.parse(json) as Array<[string, NodeStatus]>) {
      const i = naive!.index.get(id);
      if (i !== undefined) naive!.nodes[i]!.status = status;
    }
    chart!.setOption(naiveOption(), { lazyUpdate: false });
    chart!.getZr().refreshImmediately();
    return { ms: performance.now() - t0 };
  },
};

(window as unknown as { bench: Bench }).bench = bench;
document.title = 'bench:topology ready';
