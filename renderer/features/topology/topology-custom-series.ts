import type { CustomSeriesOption } from 'echarts/charts';
import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts/types/dist/option';
import type { TopologyFrameEntity } from '../../../shared/protocol/topology-layout';
import type { TopologyModel } from './topology-model';
import type { BuiltSeries, Primitive, TopologyChartTexts, TopologyChartView } from './topology-chart-types';
import { SERIES } from './topology-chart-types';

/**
 * The topology wall's background as `custom` series: layer bands and data-center columns, and
 * their names. Custom series because a band is a rectangle in layout units: `api.coord` maps its
 * corners, so it follows pan and zoom exactly like the nodes. They change only with the frame
 * (a new data center), so ECharts re-renders them rarely; the boxes, nodes, lines and names,
 * which change all the time, are drawn by the chart's own layer (topology-mark-layer.ts).
 */

const MUTED = '#9fb0cc';
const BAND_FILL = ['rgba(255,255,255,0.025)', 'rgba(255,255,255,0.05)'];
const DC_LINE = '#2c3b55';
/** Behind a name drawn over lines: the console background, nearly opaque. */
const PLATE = 'rgba(11,18,32,0.8)';
/** One drawn element (renderItem's return minus the nothing-to-draw cases). */
type El = NonNullable<CustomSeriesRenderItemReturn>;
type Box = { x: number; y: number; width: number; height: number };

/** The box's screen rectangle: corners mapped through the axes (y is inverted: business on top). */
function screenBox(api: Parameters<CustomSeriesRenderItem>[1]): Box {
  const x = Number(api.value(0));
  const y = Number(api.value(1));
  const p0 = api.coord([x, y]);
  const p1 = api.coord([x + Number(api.value(2)), y + Number(api.value(3))]);
  return { x: Math.min(p0[0]!, p1[0]!), y: Math.min(p0[1]!, p1[1]!), width: Math.abs(p1[0]! - p0[0]!), height: Math.abs(p1[1]! - p0[1]!) };
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
