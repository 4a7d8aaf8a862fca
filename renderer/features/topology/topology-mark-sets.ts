import { STATUS_POLYGON } from './status-symbols';
import type { BuiltMarks, MarkStyle } from './topology-chart-types';
import { LayerElement, type LayerHit, type Mapping, type View } from './topology-layer-element';

/**
 * Node and line marks on the chart's own layer: each set (one status of nodes, or of lines) is
 * a native Path2D, traced again only when its set changed or the mapping moved, and a repaint
 * fills or strokes it in one call on the layer's canvas (so rasterising stays where zrender's own
 * drawing does). An own offscreen canvas shown as an image was tried: drawImage forced the whole
 * raster into every update (bench:topology (b): 120 ms a paint).
 *
 * Hit-testing is ours: a node under the pointer (its symbol's box), or a line within a few pixels.
 */

/** Pixels around a line that still count as on it. */
const LINE_HIT_PX = 4;

/**
 * A node's symbol outline around its centre at `sizePx`: polygon offsets, or null for a circle.
 * A point within a pixel of the last one kept is dropped: the legend's outlines are drawn at 24 px
 * (the pin's head alone is 20 arc steps), a wall's nodes at 6–28, where those edges cannot be
 * seen but cost as much to trace and fill (a quarter of everything-expanded's nodes are pins).
 */
function outline(style: MarkStyle): Float64Array | null {
  if (style.kind !== 'nodes' || style.status === 'ok') return null;
  const kept: number[] = [];
  for (const [x, y] of STATUS_POLYGON[style.status]) {
    const px = ((x - 12) * style.sizePx) / 24;
    const py = ((y - 12) * style.sizePx) / 24;
    const n = kept.length;
    if (n >= 2 && Math.hypot(px - kept[n - 2]!, py - kept[n - 1]!) < 1) continue;
    kept.push(px, py);
  }
  return Float64Array.from(kept);
}

/** One set of marks as one native path, in pixels at the current mapping. */
function tracePath(marks: BuiltMarks, map: Mapping, view: View): Path2D {
  const path = new Path2D();
  const { ax, bx, ay, by } = map;
  const d = marks.coords;
  const s = marks.style;
  if (s.kind === 'lines') {
    for (let i = 0; i + 3 < d.length; i += 4) {
      const x1 = ax * d[i]! + bx;
      const y1 = ay * d[i + 1]! + by;
      const x2 = ax * d[i + 2]! + bx;
      const y2 = ay * d[i + 3]! + by;
      // Both ends off the same side of the view: nothing of it shows.
      if ((x1 < 0 && x2 < 0) || (y1 < 0 && y2 < 0) || (x1 > view.w && x2 > view.w) || (y1 > view.h && y2 > view.h)) continue;
      path.moveTo(x1, y1);
      path.lineTo(x2, y2);
    }
    return path;
  }
  const r = s.sizePx / 2;
  const o = outline(s);
  for (let i = 0; i + 1 < d.length; i += 2) {
    const x = ax * d[i]! + bx;
    const y = ay * d[i + 1]! + by;
    if (x < -r || y < -r || x > view.w + r || y > view.h + r) continue;
    if (!o) {
      path.moveTo(x + r, y);
      path.arc(x, y, r, 0, Math.PI * 2);
      continue;
    }
    // No closePath: a fill closes every subpath anyway, and Chromium's closePath walks the whole
    // path so far (quadratic: 20 s of a 15-update everything-expanded run went there).
    path.moveTo(x + o[0]!, y + o[1]!);
    for (let k = 2; k < o.length; k += 2) path.lineTo(x + o[k]!, y + o[k + 1]!);
  }
  return path;
}

/** The data index of the item of `marks` under (px, py), topmost (last drawn) first, or -1. */
function pick(marks: BuiltMarks, map: Mapping, px: number, py: number): number {
  const { ax, bx, ay, by } = map;
  const d = marks.coords;
  const s = marks.style;
  if (s.kind === 'nodes') {
    const r = s.sizePx / 2 + 1;
    for (let i = d.length / 2 - 1; i >= 0; i--) {
      if (Math.abs(ax * d[2 * i]! + bx - px) <= r && Math.abs(ay * d[2 * i + 1]! + by - py) <= r) return i;
    }
    return -1;
  }
  const near = s.widthPx / 2 + LINE_HIT_PX;
  for (let i = d.length / 4 - 1; i >= 0; i--) {
    const x1 = ax * d[4 * i]! + bx;
    const y1 = ay * d[4 * i + 1]! + by;
    const dx = ax * d[4 * i + 2]! + bx - x1;
    const dy = ay * d[4 * i + 3]! + by - y1;
    const len = dx * dx + dy * dy;
    const t = len > 0 ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len)) : 0;
    if (Math.hypot(x1 + t * dx - px, y1 + t * dy - py) <= near) return i;
  }
  return -1;
}

/** A drawn set: its marks and, once traced at the current mapping, its path. */
interface Drawn {
  marks: BuiltMarks;
  path: Path2D | null;
}

/** Every set of one kind (nodes, or lines), drawn in z order as one zrender element. */
export class MarkSets extends LayerElement {
  readonly sets = new Map<string, Drawn>();

  setMarks(marks: BuiltMarks): void {
    this.sets.set(marks.id, { marks, path: null });
    // Drawn in z order (ok first, the worst on top), whatever order the sets arrive in.
    if (this.sets.size > 1) {
      const sorted = [...this.sets.values()].sort((a, b) => a.marks.style.z - b.marks.style.z);
      this.sets.clear();
      for (const d of sorted) this.sets.set(d.marks.id, d);
    }
    this.dirtyShape();
  }

  remove(id: string): void {
    if (this.sets.delete(id)) this.dirtyShape();
  }

  /** Every set is traced again at the new mapping. */
  protected override moved(): void {
    for (const d of this.sets.values()) d.path = null;
  }

  protected draw(ctx: CanvasRenderingContext2D): void {
    for (const d of this.sets.values()) {
      d.path ??= tracePath(d.marks, this.map, this.view);
      const s = d.marks.style;
      if (s.kind === 'nodes') {
        ctx.globalAlpha = 1;
        ctx.fillStyle = s.color;
        ctx.fill(d.path);
      } else {
        ctx.globalAlpha = s.opacity;
        ctx.strokeStyle = s.color;
        ctx.lineWidth = s.widthPx;
        ctx.stroke(d.path);
      }
    }
  }

  /** The topmost set first. */
  protected pickAt(x: number, y: number): LayerHit | null {
    const sets = [...this.sets.values()];
    for (let i = sets.length - 1; i >= 0; i--) {
      const m = sets[i]!.marks;
      if (m.style.kind === 'lines' && m.style.silent) continue;
      const index = pick(m, this.map, x, y);
      if (index >= 0) return { partId: m.id, index };
    }
    return null;
  }
}

