import type { ScatterSeriesOption } from 'echarts/charts';
import type { NodeStatus } from '../../../shared/domain/topology';
import type { TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import type { SkyfortChartOption } from '../../app/echarts';
import { buildClusterBoxes, buildNames } from './topology-boxes';
import { buildFrameSeries } from './topology-custom-series';
import { clusterPasses, nodePasses, searchMatches } from './topology-filters';
import { fitRange, nodeSymbolSize } from './topology-fit';
import { buildLineMarks } from './topology-line-marks';
import { drawnNodes, walkNodes, type TopologyChartInput } from './topology-marks';
import { findNode, type TopologyModel } from './topology-model';
import { buildBadgeSeries, buildHealthSeries } from './topology-overlays';
import { SERIES, onLayer, type Built, type BuiltPart, type BuiltSeries, type LayerPart, type Primitive, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';

/**
 * The topology wall: an ECharts option for the frame around the bulk, and the bulk itself as
 * marks (topology-marks.ts), from the store's plain state. Pure: same input, same output;
 * nothing here lays anything out. Every drawn coordinate is the server's x, y (boxes x, y, w, h)
 * on a cartesian grid whose axes are hidden, with y inverted so the business band is on top.
 *
 * ECharts draws the background, the cluster boxes, names, badges, search rings and health
 * fills, and owns pan/zoom and tooltips; nodes and lines, thousands of them, are marks drawn by
 * the chart's own layer (topology-mark-layer.ts) in step with the grid. Why: ECharts re-reads
 * and re-renders every series whenever an option carries any series (GlobalModel merges each
 * existing series with {}), so as series a 1 % recolour cost as much as drawing everything
 * (bench:topology); as marks it redraws only the status sets that changed.
 */

/** At most this many nodes ringed by a search. */
export const MAX_HIGHLIGHTS = 50;
/** Business systems' names are drawn (overlaps hidden) while at most this many are visible. */
const LABEL_LIMIT = { desk: 400, wall: 150 } as const;

export type { TopologyChartInput } from './topology-marks';

/**
 * Nodes: the marks of each status, the health fills over them (health mode) and, while few
 * enough business systems are drawn to name them, their names (buildNames): platform
 * members are named by their box ("VM × 120") and the tooltip, so their many names do not bury
 * the boxes' labels. One walk over the drawn nodes feeds all three.
 */
export function buildNodeParts(input: TopologyChartInput, view: TopologyChartView): BuiltPart[] {
  const { marks, business, scored, sizeOf } = walkNodes(input, view);
  const bands = input.model.colourBy === 'health' ? input.model.health : null;
  return [
    ...marks,
    buildHealthSeries(scored, bands ?? new Map(), sizeOf),
    buildNames(business.length <= LABEL_LIMIT[view.mode] ? business : [], sizeOf('ok'), view),
  ];
}

/** Open-alarm badges on the clusters and drawn nodes that pass the filters (topology-overlays.ts). */
export function buildBadges(input: TopologyChartInput, view: TopologyChartView): BuiltSeries {
  const { model, filters } = input;
  const size = nodeSymbolSize(fitRange(model.frame, view), view);
  const alarms = model.alarms;
  return buildBadgeSeries(
    alarms && {
      byNode: alarms.byNode ?? {},
      byCluster: alarms.byCluster ?? {},
      node: (id) => {
        const n = findNode(model, id);
        return n && nodePasses(n, filters) ? n : undefined;
      },
      cluster: (id) => {
        const c = model.clusters.get(id);
        return c && clusterPasses(c, filters) ? c : undefined;
      },
    },
    size,
    view,
  );
}

export function buildHighlightSeries(input: TopologyChartInput, view: TopologyChartView): BuiltSeries {
  const { model, filters, focus } = input;
  const data: Array<{ id: string; name: string; value: [number, number] }> = [];
  const sig: Primitive[] = [view.fontPx];
  const add = (n: TopologyPlacedNodeEntity) => {
    if (data.length >= MAX_HIGHLIGHTS || data.some((d) => d.id === n.id)) return;
    data.push({ id: n.id, name: n.name, value: [n.x, n.y] });
    sig.push(n.id, n.name, n.x, n.y);
  };
  const f = focus ? findNode(model, focus) : undefined;
  if (f) add(f);
  if (filters.search.trim()) {
    for (const n of drawnNodes(model)) {
      if (data.length >= MAX_HIGHLIGHTS) break;
      if (nodePasses(n, filters) && searchMatches(n, filters.search)) add(n);
    }
  }
  const size = nodeSymbolSize(fitRange(model.frame, view), view);
  const option: ScatterSeriesOption = {
    type: 'scatter',
    id: SERIES.highlight,
    coordinateSystem: 'cartesian2d',
    zlevel: 1,
    z: 20,
    symbol: 'circle',
    symbolSize: Math.max(18, size * 2.6),
    animation: false,
    itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#ffffff', borderWidth: 3 },
    label: {
      show: true,
      position: 'top',
      formatter: '{b}',
      fontSize: Math.round(view.fontPx * 1.05),
      fontWeight: 700,
      color: '#ffffff',
      backgroundColor: 'rgba(17,26,46,0.85)',
      padding: [2, 6],
    },
    data,
  };
  return { id: SERIES.highlight, option, sig };
}

export type SeriesCategory = 'frame' | 'lines' | 'clusters' | 'nodes' | 'badges' | 'highlight';
export const CATEGORIES: readonly SeriesCategory[] = ['frame', 'lines', 'clusters', 'nodes', 'badges', 'highlight'];

export function buildCategory(cat: SeriesCategory, input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): BuiltPart[] {
  switch (cat) {
    case 'frame':
      return buildFrameSeries(input.model, view, texts);
    case 'lines':
      return buildLineMarks(input, view);
    case 'clusters':
      return [buildClusterBoxes(input.model, input.filters, view, texts)];
    case 'nodes':
      return buildNodeParts(input, view);
    case 'badges':
      return [buildBadges(input, view)];
    case 'highlight':
      return [buildHighlightSeries(input, view)];
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Tooltip text for whatever is under the pointer, read from the live maps (names are data: escaped). */
export function tooltipFor(model: TopologyModel, texts: TopologyChartTexts, p: { seriesId?: string; dataIndex?: number; data?: unknown }, lookup?: ItemLookup): string {
  const item = p.data as { id?: string; value?: unknown } | undefined;
  const id = item?.id ?? (p.seriesId !== undefined && p.dataIndex !== undefined ? lookup?.id(p.seriesId, p.dataIndex) : undefined) ?? '';
  let lines: string[] = [];
  if (p.seriesId?.startsWith('nodes:') || p.seriesId === SERIES.highlight) {
    const n = findNode(model, id);
    if (n) lines = texts.nodeTooltip(n);
  } else if (p.seriesId === SERIES.clusters) {
    const c = model.clusters.get(id);
    if (c) lines = texts.clusterTooltip(c);
  } else if (p.seriesId?.startsWith('lines:')) {
    const count = p.dataIndex !== undefined ? lookup?.value(p.seriesId, p.dataIndex) : undefined;
    lines = texts.linkTooltip(count ?? 1, p.seriesId.slice('lines:'.length) as NodeStatus);
  }
  return lines.map(escapeHtml).join('<br/>');
}

/** Grid, hidden axes fitted to the frame, pan/zoom, tooltip: everything but the series. */
export function buildBaseOption(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts, lookup?: ItemLookup): SkyfortChartOption {
  const r = fitRange(input.model.frame, view);
  return {
    animation: false,
    grid: { left: 0, right: 0, top: 0, bottom: 0, containLabel: false },
    xAxis: { id: 'x', type: 'value', show: false, min: r.xMin, max: r.xMax },
    yAxis: { id: 'y', type: 'value', show: false, inverse: true, min: r.yMin, max: r.yMax },
    // filterMode none: a box half out of view is still drawn, and nothing is re-filtered per pan.
    dataZoom: [
      { id: 'zoom-x', type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { id: 'zoom-y', type: 'inside', yAxisIndex: 0, filterMode: 'none' },
    ],
    tooltip:
      view.mode === 'desk'
        ? { trigger: 'item', confine: true, formatter: (p: unknown) => tooltipFor(input.model, texts, p as { seriesId?: string; dataIndex?: number; data?: unknown }, lookup) }
        : { show: false },
  };
}

/** What the chart draws: the ECharts option and the marks beside it. */
export interface TopologyDrawing {
  option: SkyfortChartOption;
  /** What the chart's own layer draws (marks, boxes, names). */
  marks: LayerPart[];
  lookup: ItemLookup;
}

/** Everything at once, in the fixed order the renderer keeps: base plus every series, and the marks. */
export function buildTopologyChart(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): TopologyDrawing {
  const built = CATEGORIES.flatMap((c) => buildCategory(c, input, view, texts));
  const lookup = itemLookup(built);
  const series = built.filter((b): b is BuiltSeries => !onLayer(b)).map((b) => b.option);
  return { option: { ...buildBaseOption(input, view, texts, lookup), series } as SkyfortChartOption, marks: built.filter(onLayer), lookup };
}

/** What a typed-array item is, by series (or marks) id and data index (clicks, tooltips, the test hook). */
export interface ItemLookup {
  id(seriesId: string, dataIndex: number): string | undefined;
  value(seriesId: string, dataIndex: number): number | undefined;
  ids(seriesId: string): readonly string[] | undefined;
}

/** A lookup over built parts (the renderer keeps its own, updated as parts are sent). */
export function itemLookup(built: Iterable<Built> | Map<string, Built>): ItemLookup {
  const by = built instanceof Map ? built : new Map([...built].map((b) => [b.id, b]));
  return {
    id: (s, i) => by.get(s)?.ids?.[i],
    value: (s, i) => by.get(s)?.values?.[i],
    ids: (s) => by.get(s)?.ids,
  };
}
