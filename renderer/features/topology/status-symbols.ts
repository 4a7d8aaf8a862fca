import type { NodeStatus } from '../../../shared/domain/topology';

/**
 * One shape per status, so the wall never tells status by colour alone (product.md).
 *
 * The path chart uses ECharts' built-in symbols, not `path://` ones: in `large` mode ECharts draws a
 * series as one path and asks the symbol to build itself at each point, and a `path://` symbol
 * ignores the point (it appends its own path, unmoved, and rebuilds the whole bundle per point:
 * quadratic; a 1,000-node series hung or crashed headless Chromium here). Built-ins are placed
 * and sized per point. Of them, these six stay apart at 6 px: circle, triangle, diamond, pin
 * (a drop pointing down), square, arrowhead.
 *
 * The same outlines as polygons in a 24 × 24 box (following ECharts' geometry for each built-in,
 * echarts/lib/util/symbol.js) draw the legend, the glyphs on cluster boxes and the wall's node
 * marks (topology-mark-layer.ts), so all three show the same shape. Polygons, not a
 * custom series' `path` with `pathData`: that path is fitted to its box once, when created, and
 * an update that moves the box leaves it where it was (seen after a resize in Chromium).
 */
const ECHARTS_SYMBOL: Record<NodeStatus, string> = {
  ok: 'circle',
  warning: 'triangle',
  critical: 'diamond',
  down: 'pin',
  unknown: 'rect',
  maintenance: 'arrow',
};

type Point = [number, number];

function arc(cx: number, cy: number, r: number, fromDeg: number, toDeg: number, steps: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((fromDeg + ((toDeg - fromDeg) * i) / steps) * Math.PI) / 180;
    out.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return out;
}

/** A pin: a round head and a tip below it, the sides tangent to the head (y grows downwards). */
function pin(): Point[] {
  const [cx, cy, r, tipY] = [12, 9, 8.5, 23];
  const half = (Math.acos(r / (tipY - cy)) * 180) / Math.PI;
  return [...arc(cx, cy, r, 90 + half, 450 - half, 20), [cx, tipY]];
}

export const STATUS_POLYGON: Record<NodeStatus, readonly Point[]> = {
  ok: arc(12, 12, 11, 0, 345, 23),
  warning: [[12, 1], [23, 23], [1, 23]],
  critical: [[12, 0.5], [23.5, 12], [12, 23.5], [0.5, 12]],
  down: pin(),
  unknown: [[2, 2], [22, 2], [22, 22], [2, 22]],
  maintenance: [[12, 1], [22, 23], [12, 17], [2, 23]],
};

const round = (n: number) => Math.round(n * 100) / 100;

/** The outline of each status's symbol as an SVG path in a 24 × 24 box (legend). */
export const STATUS_SYMBOL_PATH = Object.fromEntries(
  Object.entries(STATUS_POLYGON).map(([s, pts]) => [s, `M${pts.map(([x, y]) => `${round(x)} ${round(y)}`).join('L')}Z`]),
) as Record<NodeStatus, string>;

/** A status's polygon placed in the square at (x, y) of side `size` (screen pixels). */
export function statusPolygon(status: NodeStatus, x: number, y: number, size: number): Point[] {
  return STATUS_POLYGON[status].map(([px, py]) => [x + (px * size) / 24, y + (py * size) / 24]);
}

/** The ECharts symbol for a status: a built-in, safe in large mode. */
export function statusSymbol(status: NodeStatus): string {
  return ECHARTS_SYMBOL[status];
}
