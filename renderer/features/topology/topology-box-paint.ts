import type { NodeStatus } from '../../../shared/domain/topology';
import { FONT_FAMILY } from '../../app/echarts';
import { STATUS_STYLE } from '../../app/status-style';
import { STATUS_POLYGON } from './status-symbols';
import type { BuiltBoxes, BuiltNames } from './topology-chart-types';
import { LayerElement, type LayerHit, type Mapping, type View } from './topology-layer-element';

/**
 * Cluster boxes and business systems' names drawn on the chart's own layer, at the grid's
 * current mapping. Level of detail is decided per paint from each box's size in pixels: the
 * worst status's glyph whenever it fits, then the longest label that fits beside it
 * ("VM × 120 · DC-A", "VM × 120", "VM"), then the counts per status, each behind its own glyph
 * (never colour alone); a box too small keeps colour and outline.
 */

const TEXT = '#e6edf7';
const NAME = '#dbe4f0';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A box's screen rectangle: corners through the mapping (y is inverted: business on top). */
function screenRect(d: Float64Array, i: number, m: Mapping): Rect {
  const x0 = m.ax * d[4 * i]! + m.bx;
  const y0 = m.ay * d[4 * i + 1]! + m.by;
  const x1 = m.ax * (d[4 * i]! + d[4 * i + 2]!) + m.bx;
  const y1 = m.ay * (d[4 * i + 1]! + d[4 * i + 3]!) + m.by;
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0) };
}

const outside = (r: Rect, v: View) => r.x > v.w || r.y > v.h || r.x + r.w < 0 || r.y + r.h < 0;

function glyph(ctx: CanvasRenderingContext2D, status: NodeStatus, x: number, y: number, size: number): void {
  const pts = STATUS_POLYGON[status];
  ctx.beginPath();
  ctx.moveTo(x + (pts[0]![0] * size) / 24, y + (pts[0]![1] * size) / 24);
  for (let k = 1; k < pts.length; k++) ctx.lineTo(x + (pts[k]![0] * size) / 24, y + (pts[k]![1] * size) / 24);
  ctx.fillStyle = STATUS_STYLE[status].color;
  ctx.fill();
}

const font = (weight: number, px: number) => `${weight} ${px}px ${FONT_FAMILY}`;

export function paintBoxes(ctx: CanvasRenderingContext2D, b: BuiltBoxes, m: Mapping, view: View): void {
  const size = b.fontPx;
  const g = Math.round(size * 0.9);
  const pad = Math.max(3, Math.round(size * 0.3));
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  for (let i = 0; i < b.faces.length; i++) {
    const f = b.faces[i]!;
    const r = screenRect(b.coords, i, m);
    if (outside(r, view)) continue;
    ctx.beginPath();
    ctx.roundRect(r.x, r.y, r.w, r.h, 3);
    ctx.fillStyle = f.fill;
    ctx.fill();
    ctx.setLineDash(f.mode === 'console' ? [6, 4] : []);
    ctx.lineWidth = f.lineWidth;
    ctx.strokeStyle = f.stroke;
    ctx.stroke();
    ctx.setLineDash([]);
    const collapsed = f.mode === 'collapsed';
    // Over an open box the label sits above it, so it never covers the members' cells; the
    // members show their own statuses there, so the box needs no worst-status glyph.
    const ty = collapsed ? r.y + pad : r.y - size - pad;
    if (collapsed && r.w >= g + 2 * pad && r.h >= g + 2 * pad) glyph(ctx, f.worst, r.x + r.w - g - pad, ty, g);
    const room = r.w - (collapsed ? g + 3 * pad : 2 * pad);
    const label = f.labels.find((l) => l.widthPx <= room);
    if (label && !(collapsed && r.h < size + 2 * pad)) {
      ctx.font = font(600, size);
      ctx.fillStyle = TEXT;
      ctx.fillText(label.text, r.x + pad, ty);
    }
    if (!collapsed || r.h < size * 2.6 + 2 * pad || r.w < size * 3) continue;
    let x = r.x + pad;
    const y = r.y + pad * 2 + size;
    ctx.font = font(700, size);
    for (const c of f.counts) {
      const w = g + pad + c.text.length * size * 0.62 + pad * 2;
      if (x + w > r.x + r.w) break;
      glyph(ctx, c.status, x, y, g);
      ctx.fillStyle = c.color;
      ctx.fillText(c.text, x + g + pad * 0.6, y);
      x += w;
    }
  }
}

/** Pixels above an open box that belong to it: its label's strip, the handle that closes it (its inside is its members'). */
export const handleStripPx = (fontPx: number) => fontPx + 2 * Math.max(3, Math.round(fontPx * 0.3));

/** The box under (px, py), the last drawn first, or -1: inside a box, or on an open box's label strip. */
export function pickBox(b: BuiltBoxes, m: Mapping, px: number, py: number): number {
  const strip = handleStripPx(b.fontPx);
  for (let i = b.faces.length - 1; i >= 0; i--) {
    const r = screenRect(b.coords, i, m);
    const top = b.faces[i]!.mode === 'collapsed' ? r.y : r.y - strip;
    if (px >= r.x && px <= r.x + r.w && py >= top && py <= r.y + r.h) return i;
  }
  return -1;
}

/** Names beside their nodes; one that would overlap a name already placed waits for a roomier zoom. */
export function paintNames(ctx: CanvasRenderingContext2D, n: BuiltNames, m: Mapping, view: View): void {
  const size = n.fontPx;
  ctx.font = font(400, size);
  ctx.fillStyle = NAME;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  // Placed rectangles as x, y, w quads (all `size` high): at most one per name.
  const placed = new Float64Array(3 * n.names.length);
  let count = 0;
  for (let i = 0; i < n.names.length; i++) {
    const x = m.ax * n.coords[2 * i]! + m.bx + n.gapPx;
    const y = m.ay * n.coords[2 * i + 1]! + m.by - size / 2;
    const w = n.widths[i]!;
    if (x > view.w || y > view.h || x + w < 0 || y + size < 0) continue;
    let hit = false;
    for (let k = 0; k < count && !hit; k++) {
      const ax = placed[3 * k]!;
      const ay = placed[3 * k + 1]!;
      hit = x < ax + placed[3 * k + 2]! && ax < x + w && y < ay + size && ay < y + size;
    }
    if (hit) continue;
    placed[3 * count] = x;
    placed[3 * count + 1] = y;
    placed[3 * count + 2] = w;
    count++;
    ctx.fillText(n.names[i]!, x, y);
  }
}

/** One drawn part (the boxes, or the names) as one element, repainted when it is replaced. */
abstract class PartElement<P extends BuiltBoxes | BuiltNames> extends LayerElement {
  part: P | null = null;
  setPart(p: P | null): void {
    this.part = p;
    this.dirtyShape();
  }
}

/** The cluster boxes as one element (under the node marks): clickable, with tooltips. */
export class BoxesElement extends PartElement<BuiltBoxes> {
  protected draw(ctx: CanvasRenderingContext2D): void {
    if (this.part) paintBoxes(ctx, this.part, this.map, this.view);
  }
  protected pickAt(x: number, y: number): LayerHit | null {
    const i = this.part ? pickBox(this.part, this.map, x, y) : -1;
    return i >= 0 ? { partId: this.part!.id, index: i } : null;
  }
}

/** The names as one element (over the node marks): read, never pointed at. */
export class NamesElement extends PartElement<BuiltNames> {
  protected draw(ctx: CanvasRenderingContext2D): void {
    if (this.part) paintNames(ctx, this.part, this.map, this.view);
  }
  protected pickAt(): LayerHit | null {
    return null;
  }
}
