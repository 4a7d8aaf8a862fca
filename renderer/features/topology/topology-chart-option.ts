import type { CustomSeriesOption, LinesSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { CustomSeriesRenderItem } from 'echarts/types/dist/option';
import { STATUSES, STATUS_RANK, type NodeStatus } from '../../../shared/domain/topology';
import { LAYOUT_CELL, LOD_CAP, type TopologyLinkEntity, type TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import type { SkyfortChartOption } from '../../app/echarts';
import { STATUS_STYLE } from '../../app/status-style';
import { statusSymbol } from './status-symbols';
import { buildClusterSeries, buildFrameSeries, textWidth } from './topology-custom-series';
import { clusterPasses, nodePasses, searchMatches, type TopologyFilters } from './topology-filters';
import { findNode, type TopologyModel } from './topology-model';
import { MAX_HEALTH_NODES, buildBadgeSeries, buildHealthSeries } from './topology-overlays';
import { SERIES, type BuiltSeries, type Primitive, type Range, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';

/**
 * The topology wall as an ECharts option, from the store's plain state. Pure: same input, same
 * option; nothing here lays anything out. Every drawn coordinate is the server's x, y (boxes
 * x, y, w, h) handed to a cartesian grid whose axes are hidden, with y inverted so the
 * business band is on top.
 *
 * Why these series (architecture.md, "what the close peers got wrong"): `scatter` and `lines` in
 * `large` mode cost ~13 ms per 1 % recolour at 2,000 nodes where `graph` costs 340 ms. Large mode
 * draws one colour and one symbol per series, so there is one scatter series per status (its
 * own colour *and* shape) and one lines series per worst status. Lines and the background sit on
 * zlevel 0, clusters and nodes on zlevel 1: recolouring nodes repaints only the top canvas.
 */

/** Most nodes and lines drawn at once, whatever arrives (architecture.md: every array capped). */
export const MAX_DRAWN_NODES = 25_000;
export const MAX_DRAWN_LINES = 25_000;
/** At most this many nodes ringed by a search. */
export const MAX_HIGHLIGHTS = 50;
/** Business systems' names are drawn (overlaps hidden) while at most this many are visible. */
const LABEL_LIMIT = { desk: 400, wall: 150 } as const;

export interface TopologyChartInput {
  model: TopologyModel;
  filters: TopologyFilters;
  /** The node a search or a click picked: ringed and named. */
  focus: string | null;
}

/** How much more one axis may be stretched than the other to fill the screen. */
export const MAX_STRETCH = 1.8;

/**
 * Axis ranges that show the whole frame, centred, with a small margin and a strip of
 * `1.6 × fontPx` pixels above it for the first band's and the data centers' names.
 *
 * A wall is 16:9 and a frame is whatever the platform is (wide with many data centers): one
 * scale on both axes would leave a third of the wall empty, a free stretch would squash boxes.
 * So the axes may differ by up to MAX_STRETCH, filling most screens while boxes stay boxes.
 */
export function fitRange(frame: { width: number; height: number } | null, view: Pick<TopologyChartView, 'widthPx' | 'heightPx' | 'fontPx'>): Range {
  const w = Math.max(1, view.widthPx);
  const h = Math.max(1, view.heightPx);
  const top = Math.min(h / 4, Math.ceil(view.fontPx * 1.6));
  const width = Math.max(1, frame?.width ?? 1);
  const height = Math.max(1, frame?.height ?? 1);
  let sx = w / (width * 1.04);
  let sy = (h - top) / (height * 1.04);
  if (sx > sy * MAX_STRETCH) sx = sy * MAX_STRETCH;
  if (sy > sx * MAX_STRETCH) sy = sx * MAX_STRETCH;
  const ux = w / sx;
  // Whatever height is left over is shared above and below, under the reserved strip.
  const yMin = -(top + (h - top - height * sy) / 2) / sy;
  return { xMin: width / 2 - ux / 2, xMax: width / 2 + ux / 2, yMin, yMax: yMin + h / sy, pxPerUnit: Math.min(sx, sy) };
}

/** A member cell's size on screen, clamped so a node stays visible and never swamps its neighbours. */
export function nodeSymbolSize(range: Range, view: TopologyChartView): number {
  const min = view.mode === 'wall' ? 6 : 5;
  const max = view.mode === 'wall' ? 28 : 18;
  return Math.round(Math.min(max, Math.max(min, LAYOUT_CELL * range.pxPerUnit * 0.8)));
}

/** Every node drawn: wall level first, then the expanded clusters' members not already drawn. */
export function* drawnNodes(model: TopologyModel): Generator<TopologyPlacedNodeEntity> {
  yield* model.nodes.values();
  for (const c of model.expanded.values()) for (const n of c.nodes.values()) if (!model.nodes.has(n.id)) yield n;
}

/** Grows a Float64Array by doubling, so a series' coordinates are written once, without a number[] in between. */
class Floats {
  private buf = new Float64Array(64);
  length = 0;
  push2(a: number, b: number): void {
    if (this.length + 2 > this.buf.length) this.grow();
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
  }
  push5(a: number, b: number, c: number, d: number, e: number): void {
    if (this.length + 5 > this.buf.length) this.grow();
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
    this.buf[this.length++] = c;
    this.buf[this.length++] = d;
    this.buf[this.length++] = e;
  }
  private grow(): void {
    const next = new Float64Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
  /** A copy of exactly the written part (the chart keeps it; the builder's buffer is dropped). */
  done(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Nodes: one scatter series per status (its colour and its shape), each drawn from a flat
 * Float64Array of x, y pairs with the node ids beside it (`ids`), always in `large` mode (one
 * path per series). Typed arrays and large mode because ECharts re-reads and re-renders every
 * series on every setOption, changed or not (GlobalModel merges each series with {} and
 * rebuilds its data): a typed array is copied where an array of objects is parsed item by item,
 * and one path is rebuilt where a symbol element per node was updated (bench:topology).
 *
 * While few enough business systems are drawn to name them, their names are a `names` series
 * of plain texts (buildNameSeries): platform members are named by their box ("VM × 120") and the
 * tooltip, so their many names do not bury the boxes' labels.
 */
export function buildNodeSeries(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): BuiltSeries[] {
  const { model, filters } = input;
  const xy = new Map<NodeStatus, Floats>(STATUSES.map((s) => [s, new Floats()]));
  const idsOf = new Map<NodeStatus, string[]>(STATUSES.map((s) => [s, []]));
  const business: TopologyPlacedNodeEntity[] = [];
  // Health mode: nodes the `health` topic scores leave their status series for the health one.
  const bands = model.colourBy === 'health' ? model.health : null;
  const scored: TopologyPlacedNodeEntity[] = [];
  let count = 0;
  for (const n of drawnNodes(model)) {
    if (count >= MAX_DRAWN_NODES) break;
    if (!nodePasses(n, filters)) continue;
    count++;
    if (n.layer === 'business') business.push(n);
    if (bands?.has(n.id) && scored.length < MAX_HEALTH_NODES) {
      scored.push(n);
      continue;
    }
    const s = STATUS_STYLE[n.status] ? n.status : 'unknown';
    xy.get(s)!.push2(n.x, n.y);
    idsOf.get(s)!.push(n.id);
  }
  const size = nodeSymbolSize(fitRange(model.frame, view), view);
  const sizeOf = (s: NodeStatus) => (s === 'ok' ? size : Math.round(size * 1.35));
  const out: BuiltSeries[] = STATUSES.map((s) => {
    const id = SERIES.nodes(s);
    // Worse statuses a little larger and above: the eye finds them first.
    const symbolSize = sizeOf(s);
    const ids = idsOf.get(s)!;
    const coords = xy.get(s)!.done();
    const option: ScatterSeriesOption = {
      type: 'scatter',
      id,
      name: texts.status[s],
      coordinateSystem: 'cartesian2d',
      zlevel: 1,
      z: 3 + STATUS_RANK[s],
      symbol: statusSymbol(s),
      symbolSize,
      large: true,
      largeThreshold: 1,
      // Progressive (multi-frame) drawing only for really large sets; below it a frame is cheaper.
      progressive: 5_000,
      progressiveThreshold: 10_000,
      clip: true,
      animation: false,
      itemStyle: { color: STATUS_STYLE[s].color, opacity: 1 },
      dimensions: ['x', 'y'],
      data: coords,
    };
    return { id, option, sig: [symbolSize, texts.locale], ids, coords };
  });
  out.push(buildHealthSeries(scored, bands ?? new Map(), sizeOf));
  out.push(buildNameSeries(business.length <= LABEL_LIMIT[view.mode] ? business : [], size, view));
  return out;
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

/**
 * Business systems' names beside their symbols: one plain text each in a `custom` series (no
 * symbol element, no label, no label-layout pass per update), worse statuses first; a name that
 * would overlap one already placed is skipped for this frame, as `hideOverlap` would.
 */
function buildNameSeries(business: TopologyPlacedNodeEntity[], symbolPx: number, view: TopologyChartView): BuiltSeries {
  const named = [...business].sort((a, b) => (STATUS_RANK[b.status] ?? 0) - (STATUS_RANK[a.status] ?? 0));
  const font = Math.round(view.fontPx * 0.8);
  const names = named.map((n) => n.name);
  const sig: Primitive[] = [font, symbolPx, ...names];
  const coords = new Float64Array(named.length * 2);
  named.forEach((n, i) => {
    coords[2 * i] = n.x;
    coords[2 * i + 1] = n.y;
  });
  const gap = Math.round(symbolPx * 0.7) + 4;
  let placed: Array<[number, number, number, number]> = [];
  const renderItem: CustomSeriesRenderItem = (params, api) => {
    if (params.dataIndexInside === 0) placed = [];
    const text = names[params.dataIndex] ?? '';
    const p = api.coord([Number(api.value(0)), Number(api.value(1))]);
    const x = p[0]! + gap;
    const y = p[1]! - font / 2;
    const w = textWidth(text, font);
    const hit = placed.some(([ax, ay, aw, ah]) => x < ax + aw && ax < x + w && y < ay + ah && ay < y + font);
    if (!hit) placed.push([x, y, w, font]);
    return { type: 'text', x, y, ignore: hit, style: { text, fill: '#dbe4f0', fontSize: font } };
  };
  const option: CustomSeriesOption = {
    type: 'custom',
    id: SERIES.names,
    coordinateSystem: 'cartesian2d',
    zlevel: 1,
    z: 10,
    silent: true,
    clip: true,
    animation: false,
    dimensions: ['x', 'y'],
    encode: { x: 0, y: 1 },
    // Read back by tests (the names' size); the texts are the series' own elements, not labels.
    label: { show: false, fontSize: font },
    renderItem,
    data: named.length > 0 ? coords : [],
  };
  return { id: SERIES.names, option, sig, ids: named.map((n) => n.id), coords };
}

type Geo = { x: number; y: number; w: number; h: number };

/** Where a line meets a drawn element: a node's centre, or the side of a box facing the other end. */
export function anchor(a: Geo, b: Geo): [number, number] {
  if (a.w === 0 && a.h === 0) return [a.x, a.y];
  const by = b.y + b.h / 2;
  const bx = b.x + b.w / 2;
  if (by > a.y + a.h) return [a.x + a.w / 2, a.y + a.h];
  if (by < a.y) return [a.x + a.w / 2, a.y];
  return bx < a.x ? [a.x, a.y + a.h / 2] : [a.x + a.w, a.y + a.h / 2];
}

/** Where each drawn node is, by id (one pass per build instead of a search per line end). */
function nodeIndex(model: TopologyModel): Map<string, TopologyPlacedNodeEntity> {
  const out = new Map<string, TopologyPlacedNodeEntity>();
  // drawnNodes yields each id once: the wall's first, then the first expanded cluster holding it.
  for (const n of drawnNodes(model)) out.set(n.id, n);
  return out;
}

function endGeo(model: TopologyModel, nodes: Map<string, TopologyPlacedNodeEntity>, filters: TopologyFilters, end: TopologyLinkEntity['source']): Geo | null {
  if (end.kind === 'node') {
    const n = nodes.get(end.id);
    return n && nodePasses(n, filters) ? { x: n.x, y: n.y, w: 0, h: 0 } : null;
  }
  const c = model.clusters.get(end.id);
  return c && clusterPasses(c, filters) ? { x: c.x, y: c.y, w: c.w, h: c.h } : null;
}

/**
 * Links and edges: one `lines` series per worst status, in `large` mode, each drawn from a flat
 * Float64Array in ECharts' typed format (2, x1, y1, x2, y2 per line) with the entity keys and
 * edge counts beside it (`ids`, `values`): see buildNodeSeries for why typed arrays.
 */
export function buildLineSeries(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): BuiltSeries[] {
  const { model, filters } = input;
  const flat = new Map<NodeStatus, Floats>(STATUSES.map((s) => [s, new Floats()]));
  const idsOf = new Map<NodeStatus, string[]>(STATUSES.map((s) => [s, []]));
  const valuesOf = new Map<NodeStatus, number[]>(STATUSES.map((s) => [s, []]));
  let count = 0;
  const push = (id: string, a: Geo | null, b: Geo | null, n: number, worst: NodeStatus) => {
    if (!a || !b || count >= MAX_DRAWN_LINES) return;
    const s = STATUS_STYLE[worst] ? worst : 'unknown';
    const p = anchor(a, b);
    const q = anchor(b, a);
    flat.get(s)!.push5(2, p[0], p[1], q[0], q[1]);
    idsOf.get(s)!.push(id);
    valuesOf.get(s)!.push(n);
    count++;
  };
  const nodes = nodeIndex(model);
  const geo = (end: TopologyLinkEntity['source']) => endGeo(model, nodes, filters, end);
  const nodeGeo = (id: string) => {
    const n = nodes.get(id);
    return n && nodePasses(n, filters) ? { x: n.x, y: n.y, w: 0, h: 0 } : null;
  };
  // A cluster this console expanded is replaced by its members' own links and edges.
  const replaced = (end: TopologyLinkEntity['source']) => end.kind === 'cluster' && model.expanded.has(end.id);
  for (const [key, l] of model.links) {
    if (replaced(l.source) || replaced(l.target)) continue;
    push(key, geo(l.source), geo(l.target), l.count, l.worst);
  }
  for (const c of model.expanded.values()) {
    for (const [key, l] of c.links) push(`${c.id}/${key}`, geo(l.source), geo(l.target), l.count, l.worst);
    for (const [key, e] of c.edges) push(`${c.id}/${key}`, nodeGeo(e.source), nodeGeo(e.target), 1, e.worst);
  }
  const wall = view.mode === 'wall';
  // Level of detail for lines: past LOD_CAP (expansions open) they are hairlines, colour still
  // by status. Thousands of member edges at wall width were an unreadable mat, and software
  // raster strokes a 3.75 px line several times slower than a 1 px one (bench:topology (b)).
  const dense = count > LOD_CAP;
  return STATUSES.map((s) => {
    const id = SERIES.lines(s);
    const calm = s === 'ok' || s === 'maintenance';
    const width = dense ? 1 : (calm ? 1.2 : 2.5) * (wall ? 1.5 : 1);
    const coords = flat.get(s)!.done();
    const option: LinesSeriesOption = {
      type: 'lines',
      id,
      name: texts.status[s],
      coordinateSystem: 'cartesian2d',
      // Below the nodes' canvas: links repaint only when a link itself changes.
      zlevel: 0,
      z: 2 + STATUS_RANK[s],
      large: true,
      // One path per series (large mode) whatever the count: several times cheaper to rebuild
      // than a line element per link. (Typed data is drawn in large mode only anyway.)
      largeThreshold: 1,
      polyline: false,
      silent: wall,
      animation: false,
      lineStyle: { color: STATUS_STYLE[s].color, width, opacity: calm ? 0.35 : 0.85 },
      // ECharts recognises the typed format by its first number (an empty series is a plain []),
      // and keeps one slot per line in a typed array of this one dimension.
      dimensions: ['value'],
      data: coords.length > 0 ? coords : [],
    };
    return { id, option, sig: [width, texts.locale], ids: idsOf.get(s)!, coords, values: valuesOf.get(s)! };
  });
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

export function buildCategory(cat: SeriesCategory, input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): BuiltSeries[] {
  switch (cat) {
    case 'frame':
      return buildFrameSeries(input.model, view, texts);
    case 'lines':
      return buildLineSeries(input, view, texts);
    case 'clusters':
      return [buildClusterSeries(input.model, input.filters, view, texts)];
    case 'nodes':
      return buildNodeSeries(input, view, texts);
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

/** The whole option: base plus every series, in the fixed order the renderer keeps. */
export function buildTopologyOption(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): SkyfortChartOption {
  return buildTopologyChart(input, view, texts).option;
}

/** The whole option and what its typed-array series' items are. */
export function buildTopologyChart(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): { option: SkyfortChartOption; lookup: ItemLookup } {
  const built = CATEGORIES.flatMap((c) => buildCategory(c, input, view, texts));
  const lookup = itemLookup(built);
  return { option: { ...buildBaseOption(input, view, texts, lookup), series: built.map((b) => b.option) } as SkyfortChartOption, lookup };
}

/** What a typed-array series' item is, by series id and data index (clicks, tooltips, the test hook). */
export interface ItemLookup {
  id(seriesId: string, dataIndex: number): string | undefined;
  value(seriesId: string, dataIndex: number): number | undefined;
  ids(seriesId: string): readonly string[] | undefined;
}

/** A lookup over built series (the renderer keeps its own, updated as series are sent). */
export function itemLookup(built: Iterable<BuiltSeries> | Map<string, BuiltSeries>): ItemLookup {
  const by = built instanceof Map ? built : new Map([...built].map((b) => [b.id, b]));
  return {
    id: (s, i) => by.get(s)?.ids?.[i],
    value: (s, i) => by.get(s)?.values?.[i],
    ids: (s) => by.get(s)?.ids,
  };
}
