import { STATUS_RANK, type NodeStatus } from '../../../shared/domain/topology';
import type { TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import { STATUS_DISPLAY_ORDER, STATUS_STYLE } from '../../app/status-style';
import { clusterPasses, type TopologyFilters } from './topology-filters';
import type { TopologyModel } from './topology-model';
import { SERIES, type BoxFace, type BuiltBoxes, type BuiltNames, type Primitive, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';

/**
 * The cluster boxes and the business systems' names, built for the chart's own layer
 * (topology-box-paint.ts draws them). Pure: same model, same parts. Everything a paint would
 * otherwise work out per box per frame (colours, label widths, count texts) is worked out here,
 * once per change, so a paint only maps corners and writes.
 */

/** Statuses a collapsed box counts on its face (ok is the rest). */
const COUNTED = STATUS_DISPLAY_ORDER.filter((s) => s !== 'ok');

/** Counts on boxes: one formatter, not a new one per `toLocaleString` call. */
const COUNT_FORMAT = new Intl.NumberFormat();

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

/** The boxes' label size for a view (the names' is smaller). */
const boxFontPx = (view: TopologyChartView) => Math.round(view.fontPx * 0.85);

export function buildClusterBoxes(model: TopologyModel, filters: TopologyFilters, view: TopologyChartView, texts: TopologyChartTexts): BuiltBoxes {
  const font = boxFontPx(view);
  const ids: string[] = [];
  const faces: BoxFace[] = [];
  const quads: number[] = [];
  const sig: Primitive[] = [font, texts.locale];
  for (const c of model.clusters.values()) {
    if (!clusterPasses(c, filters)) continue;
    const mode = model.expanded.has(c.id) ? 'console' : c.expanded ? 'server' : 'collapsed';
    const labels = texts.clusterLabels(c);
    const color = STATUS_STYLE[c.worst].color;
    const counts: Array<{ status: NodeStatus; text: string; color: string }> = [];
    for (const s of COUNTED) {
      const n = c.byStatus[s] ?? 0;
      if (n > 0) counts.push({ status: s, text: COUNT_FORMAT.format(n), color: STATUS_STYLE[s].color });
    }
    ids.push(c.id);
    quads.push(c.x, c.y, c.w, c.h);
    faces.push({
      worst: c.worst,
      mode,
      fill: rgba(color, mode === 'collapsed' ? 0.16 : 0.04),
      stroke: color,
      lineWidth: c.worst === 'ok' ? 1.5 : 3,
      labels: labels.map((text) => ({ text, widthPx: textWidth(text, font) })),
      counts,
    });
    sig.push(c.worst, mode, ...labels);
    for (const k of counts) sig.push(k.status, k.text);
  }
  return { id: SERIES.clusters, layer: 'boxes', sig, ids, coords: Float64Array.from(quads), faces, fontPx: font };
}

/**
 * Business systems' names beside their symbols, worse statuses first: a name that would
 * overlap one already placed is skipped for that frame (the paint decides, at its mapping).
 */
export function buildNames(business: TopologyPlacedNodeEntity[], symbolPx: number, view: TopologyChartView): BuiltNames {
  const named = [...business].sort((a, b) => (STATUS_RANK[b.status] ?? 0) - (STATUS_RANK[a.status] ?? 0));
  const font = Math.round(view.fontPx * 0.8);
  const names = named.map((n) => n.name);
  const coords = new Float64Array(named.length * 2);
  const widths = new Float64Array(named.length);
  named.forEach((n, i) => {
    coords[2 * i] = n.x;
    coords[2 * i + 1] = n.y;
    widths[i] = textWidth(n.name, font);
  });
  const gap = Math.round(symbolPx * 0.7) + 4;
  return { id: SERIES.names, layer: 'names', sig: [font, gap, ...names], ids: named.map((n) => n.id), coords, names, widths, fontPx: font, gapPx: gap };
}
