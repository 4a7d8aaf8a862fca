import type { CustomSeriesOption } from 'echarts/charts';
import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts/types/dist/option';
import type { NodeStatus } from '../../../shared/domain/topology';
import type { TopologyFrameEntity } from '../../../shared/protocol/topology-layout';
import { STATUS_DISPLAY_ORDER, STATUS_STYLE } from '../../app/status-style';
import { statusPolygon } from './status-symbols';
import { clusterPasses, type TopologyFilters } from './topology-filters';
import type { TopologyModel } from './topology-model';
import type { BuiltSeries, Primitive, TopologyChartTexts, TopologyChartView } from './topology-chart-types';
import { SERIES } from './topology-chart-types';

/**
 * The two `custom` series of the topology wall: the background (layer bands and data-center
 * columns) and the cluster boxes. Custom series because a box is a rectangle in layout units:
 * `api.coord` maps its corners, so boxes follow pan and zoom exactly like the nodes, and the
 * label level of detail is decided per frame from the box's size in pixels.
 */

const TEXT = '#e6edf7';
const MUTED = '#9fb0cc';
const BAND_FILL = ['rgba(255,255,255,0.025)', 'rgba(255,255,255,0.05)'];
const DC_LINE = '#2c3b55';
/** Behind a name drawn over lines: the console background, nearly opaque. */
const PLATE = 'rgba(11,18,32,0.8)';
/** Statuses a collapsed box counts on its face (ok is the rest). */
const COUNTED = STATUS_DISPLAY_ORDER.filter((s) => s !== 'ok');

/** Counts on boxes: one formatter, not a new one per `toLocaleString` call in every renderItem. */
const COUNT_FORMAT = new Intl.NumberFormat();

/** One drawn element (renderItem's return minus the nothing-to-draw cases). */
type El = NonNullable<CustomSeriesRenderItemReturn>;
type Box = { x: number; y: number; width: number; height: number };

/** Estimated width of a label: CJK glyphs are about a square, Latin about 0.6 of the size. */
export function textWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? fontPx : fontPx * 0.6;
  return w;
}

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** The box's screen rectangle: corners mapped through the axes (y is inverted: business on top). */
function screenBox(api: Parameters<CustomSeriesRenderItem>[1]): Box {
  const x = Number(api.value(0));
  const y = Number(api.value(1));
  const p0 = api.coord([x, y]);
  const p1 = api.coord([x + Number(api.value(2)), y + Number(api.value(3))]);
  return { x: Math.min(p0[0]!, p1[0]!), y: Math.min(p0[1]!, p1[1]!), width: Math.abs(p1[0]! - p0[0]!), height: Math.abs(p1[1]! - p0[1]!) };
}

function statusGlyph(status: NodeStatus, x: number, y: number, size: number): El {
  return { type: 'polygon', shape: { points: statusPolygon(status, x, y, size) }, style: { fill: STATUS_STYLE[status].color } };
}

/**
 * The background: a tinted rectangle per layer band and a dashed separator per data-center
 * column on the bottom canvas (with the links: static, so recolouring never repaints them), and
 * their names in a second series on the top canvas, over the links, on a dark plate so they
 * stay readable where lines cross them.
 */
export function buildFrameSeries(model: TopologyModel, view: TopologyChartView, texts: TopologyChartTexts): BuiltSeries[] {
  const frame: TopologyFrameEntity | null = model.frame;
  const items: Array<{ kind: 'band' | 'dc'; label: string; index: number }> = [];
  const data: Array<{ name: string; value: number[] }> = [];
  const sig: Primitive[] = [view.fontPx, texts.locale];
  if (frame) {
    frame.bands.forEach((b, index) => {
      items.push({ kind: 'band', label: texts.layer[b.layer] ?? b.layer, index });
      data.push({ name: b.layer, value: [0, b.y, frame.width, b.h] });
      sig.push('b', b.layer, b.y, b.h, frame.width);
    });
    frame.dcs.forEach((d, index) => {
      items.push({ kind: 'dc', label: d.dc, index });
      data.push({ name: d.dc, value: [d.x, 0, d.w, frame.height] });
      sig.push('d', d.dc, d.x, d.w, frame.height);
    });
  }
  const font = Math.round(view.fontPx * 1.05);
  const shapes: CustomSeriesRenderItem = (params, api) => {
    const item = items[params.dataIndex];
    if (!item) return null;
    const r = screenBox(api);
    // Every item returns one element of a fixed type (see the clusters' renderItem): the first
    // column's separator is there but ignored.
    if (item.kind === 'band') return { type: 'rect', shape: r, style: { fill: BAND_FILL[item.index % 2] } };
    return { type: 'line', ignore: item.index === 0, shape: { x1: r.x, y1: r.y, x2: r.x, y2: r.y + r.height }, style: { stroke: DC_LINE, lineWidth: 2, lineDash: [8, 6] } };
  };
  // Names sit just above what they name (in the gap between bands; fitRange keeps a strip above
  // the frame); a band's name stays at the visible left edge while the operator pans.
  const names: CustomSeriesRenderItem = (params, api) => {
    const item = items[params.dataIndex];
    if (!item) return null;
    const r = screenBox(api);
    const grid = params.coordSys as unknown as Box;
    const band = item.kind === 'band';
    return {
      type: 'text',
      x: band ? Math.max(r.x, grid.x) + font * 0.4 : r.x + r.width / 2,
      y: band ? r.y - 2 : Math.max(r.y, grid.y + font + 2) - 2,
      style: { text: item.label, fill: MUTED, fontSize: font, fontWeight: 700, align: band ? 'left' : 'center', verticalAlign: 'bottom', backgroundColor: PLATE, padding: [1, 4], borderRadius: 3 },
    };
  };
  const common: CustomSeriesOption = { type: 'custom', coordinateSystem: 'cartesian2d', silent: true, clip: true, animation: false, dimensions: ['x', 'y', 'w', 'h'], encode: { x: 0, y: 1 }, data };
  const background: CustomSeriesOption = { ...common, id: SERIES.frame, zlevel: 0, z: 0, renderItem: shapes };
  const labels: CustomSeriesOption = { ...common, id: SERIES.frameLabels, zlevel: 1, z: 30, renderItem: names };
  return [
    { id: SERIES.frame, option: background, sig },
    { id: SERIES.frameLabels, option: labels, sig },
  ];
}

interface ClusterInfo {
  /** Longest first; the renderer draws the longest that fits the box on screen. */
  labels: string[];
  worst: NodeStatus;
  byStatus: Record<NodeStatus, number>;
  /** collapsed: counts only; server: the wall draws its members; console: expanded here. */
  mode: 'collapsed' | 'server' | 'console';
}

export function buildClusterSeries(model: TopologyModel, filters: TopologyFilters, view: TopologyChartView, texts: TopologyChartTexts): BuiltSeries {
  const infos: ClusterInfo[] = [];
  const data: Array<{ id: string; name: string; value: number[] }> = [];
  const sig: Primitive[] = [view.fontPx, texts.locale];
  for (const c of model.clusters.values()) {
    if (!clusterPasses(c, filters)) continue;
    const mode = model.expanded.has(c.id) ? 'console' : c.expanded ? 'server' : 'collapsed';
    const labels = texts.clusterLabels(c);
    infos.push({ labels, worst: c.worst, byStatus: c.byStatus, mode });
    data.push({ id: c.id, name: labels[0] ?? c.id, value: [c.x, c.y, c.w, c.h] });
    sig.push(c.id, c.x, c.y, c.w, c.h, c.worst, mode, ...labels);
    for (const s of STATUS_DISPLAY_ORDER) sig.push(c.byStatus[s] ?? 0);
  }
  const font = Math.round(view.fontPx * 0.85);
  const glyph = Math.round(font * 0.9);
  const pad = Math.max(3, Math.round(font * 0.3));
  const renderItem: CustomSeriesRenderItem = (params, api) => {
    const info = infos[params.dataIndex];
    if (!info) return null;
    const r = screenBox(api);
    const color = STATUS_STYLE[info.worst].color;
    const children: El[] = [
      {
        type: 'rect',
        shape: { ...r, r: 3 },
        style: {
          fill: rgba(color, info.mode === 'collapsed' ? 0.16 : 0.04),
          stroke: color,
          lineWidth: info.worst === 'ok' ? 1.5 : 3,
          lineDash: info.mode === 'console' ? [6, 4] : undefined,
        },
      },
    ];
    const collapsed = info.mode === 'collapsed';
    // Over an open box the label sits above it, so it never covers the members' cells; the
    // members show their own statuses there, so the box needs no worst-status glyph.
    const ty = collapsed ? r.y + pad : r.y - font - pad;
    const room = r.width - (collapsed ? glyph + 3 * pad : 2 * pad);
    // Level of detail: the worst status's glyph whenever it fits, then the longest label that
    // fits beside it ("VM × 120 · DC-A", "VM × 120", "VM"); a box too small keeps colour and shape.
    // Every box returns the same children in the same order, hidden parts `ignore`d: ECharts
    // merges a custom element's children by index, and a child left out after a resize stayed
    // on screen at its old place (seen in Chromium).
    const label = info.labels.find((l) => textWidth(l, font) <= room);
    const showGlyph = collapsed && r.width >= glyph + 2 * pad && r.height >= glyph + 2 * pad;
    children.push({ ...statusGlyph(info.worst, r.x + r.width - glyph - pad, ty, glyph), ignore: !showGlyph });
    children.push({ type: 'text', x: r.x + pad, y: ty, ignore: !label || (collapsed && r.height < font + 2 * pad), style: { text: label ?? '', fill: TEXT, fontSize: font, fontWeight: 600 } });
    // Per-status counts, worst first, each behind its own glyph (never colour alone).
    let x = r.x + pad;
    const y = r.y + pad * 2 + font;
    let fits = collapsed && r.height >= font * 2.6 + 2 * pad && r.width >= font * 3;
    for (const s of COUNTED) {
      const n = info.byStatus[s] ?? 0;
      const text = n > 0 ? COUNT_FORMAT.format(n) : '';
      const w = glyph + pad + text.length * font * 0.62 + pad * 2;
      if (x + w > r.x + r.width) fits = false;
      const show = fits && n > 0;
      children.push({ ...statusGlyph(s, x, y, glyph), ignore: !show });
      children.push({ type: 'text', x: x + glyph + pad * 0.6, y, ignore: !show, style: { text, fill: STATUS_STYLE[s].color, fontSize: font, fontWeight: 700 } });
      if (show) x += w;
    }
    return { type: 'group', children };
  };
  const option: CustomSeriesOption = {
    type: 'custom',
    id: SERIES.clusters,
    name: SERIES.clusters,
    coordinateSystem: 'cartesian2d',
    zlevel: 1,
    z: 1,
    silent: false,
    clip: true,
    animation: false,
    dimensions: ['x', 'y', 'w', 'h'],
    encode: { x: 0, y: 1, tooltip: [] },
    renderItem,
    data,
  };
  return { id: SERIES.clusters, option, sig };
}

