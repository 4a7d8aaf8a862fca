import { LAYOUT_CELL } from '../../../shared/protocol/topology-layout';
import type { Range, TopologyChartView } from './topology-chart-types';

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
