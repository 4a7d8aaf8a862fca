import { graphic, registerUpdateLifecycle, type EChartsType, type ElementEvent } from 'echarts/core';
import { STATUS_POLYGON } from './status-symbols';
import type { BuiltMarks, MarkStyle } from './topology-chart-types';
import type { RenderResult } from './topology-chart-renderer';

/**
 * The topology's bulk drawn beside ECharts, on the chart's own zrender: every set of node marks
 * in one zrender element above the boxes, every set of line marks in another under them. ECharts
 * keeps the frame (grid, pan/zoom, tooltips, boxes, names); the marks follow its grid: layout
 * units map to pixels through the same axes, read back after every update, zoom and resize.
 *
 * Why not series: ECharts re-reads and re-renders every series whenever an option carries any
 * (GlobalModel merges each existing series with {}), so a 1 % recolour of 10,000 nodes as
 * scatter and lines series cost as much as drawing them all (bench:topology). Why not plain
 * zrender paths either: a zrender path records every command in its own buffer as it draws and
 * replays them on each repaint of its canvas, about as much work again as drawing. Here each set
 * is a native Path2D, traced again only when its set changed, and a repaint fills or strokes it
 * in one call on the layer's own canvas (so rasterising stays where zrender's own drawing does).
 * An own offscreen canvas shown as an image was tried: drawImage forced the whole raster into
 * every update (bench:topology (b): 120 ms a paint).
 *
 * Hit-testing is ours: a node under the pointer (its symbol's box), or a line within a few
 * pixels. A click on a node and the tooltip of whatever is under the pointer go to `events`.
 * Outside a 2D canvas (the SVG renderer of component tests) the marks are kept, hit-tested and
 * read by the test hook, but not painted.
 */

/** Layout units → pixels on each axis: px = a·x + b. */
interface Mapping {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

interface View {
  w: number;
  h: number;
  dpr: number;
}

export interface MarkLayerEvents {
  /** A click on a node (`nodes:<status>` marks) at a data index. */
  pickNode(marksId: string, index: number): void;
  /** Tooltip HTML for the item under the pointer, or null (a wall shows none). */
  tooltip(marksId: string, index: number): string | null;
}

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

/**
 * Stands in for zrender's PathProxy of a MarkSets element (zrender's canvas painter calls only
 * these on it): instead of recording commands it hands the layer's context to the element,
 * which draws its Path2Ds there, both when its shape changed and on every other repaint.
 */
class DirectDraw {
  ctx: CanvasRenderingContext2D | null = null;
  constructor(private readonly owner: MarkSets) {}
  setContext(ctx: unknown): void {
    if (isCanvas(ctx)) this.ctx = ctx;
  }
  rebuildPath(ctx: unknown): void {
    // The SVG painter rebuilds into its own path builder: nothing to draw there.
    if (isCanvas(ctx)) this.owner.draw(ctx);
  }
  /** The SVG painter's cache key: the marks are never turned into SVG. */
  getVersion(): number {
    return 0;
  }
  setScale(): void {}
  setDPR(): void {}
  reset(): void {}
  beginPath(): void {}
  toStatic(): void {}
}

const isCanvas = (ctx: unknown): ctx is CanvasRenderingContext2D => typeof ctx === 'object' && ctx !== null && 'fillStyle' in ctx;

const BasePath = graphic.extendShape({ shape: {}, buildPath: () => undefined });

/** Every set of one kind (nodes, or lines), drawn in z order as one zrender element. */
class MarkSets extends BasePath {
  readonly sets = new Map<string, Drawn>();
  map: Mapping = { ax: 1, bx: 0, ay: 1, by: 0 };
  view: View = { w: 0, h: 0, dpr: 1 };
  /** What the last hit test found (what a click or tooltip is about). */
  hit: { marksId: string; index: number } | null = null;

  /** `z` within its canvas: as the lowest of its sets (the series they replaced) had, so ECharts' boxes, names and rings keep their order around them. */
  constructor(zlevel: number, z: number) {
    // No fill or stroke of its own: zrender draws nothing for it but what draw() does.
    super({ shape: {}, zlevel, z, style: { fill: 'none', stroke: 'none' } });
    // Also for a silent element (lines on a wall), which zrender would otherwise draw through a shared proxy.
    this.createPathProxy();
  }

  override createPathProxy(): void {
    (this as unknown as { path: unknown }).path = new DirectDraw(this);
  }

  override buildPath(ctx: unknown): void {
    // zrender's canvas painter passes our DirectDraw (its context set); other painters get nothing.
    if (ctx instanceof DirectDraw && ctx.ctx) this.draw(ctx.ctx);
  }

  override getBoundingRect(): InstanceType<typeof graphic.BoundingRect> {
    return new graphic.BoundingRect(0, 0, this.view.w, this.view.h);
  }

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

  /** New mapping or screen: every set is traced again. */
  follow(map: Mapping, view: View): void {
    this.map = map;
    this.view = view;
    for (const d of this.sets.values()) d.path = null;
    this.dirtyShape();
  }

  draw(ctx: CanvasRenderingContext2D): void {
    // zrender keeps track of the context's style between elements: leave it as found.
    ctx.save();
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
    ctx.restore();
  }

  /** zrender's hover and click test: the item under (x, y) in pixels, the topmost set first. */
  override contain(x: number, y: number): boolean {
    this.hit = null;
    const sets = [...this.sets.values()];
    for (let i = sets.length - 1; i >= 0; i--) {
      const m = sets[i]!.marks;
      if (m.style.kind === 'lines' && m.style.silent) continue;
      const index = pick(m, this.map, x, y);
      if (index >= 0) {
        this.hit = { marksId: m.id, index };
        return true;
      }
    }
    return false;
  }
}

/** Each layer by its chart's zrender: ECharts' update lifecycle is global and names a chart only by its API. */
const layerOf = new WeakMap<object, TopologyMarkLayer>();
let lifecycleHooked = false;

/**
 * After ECharts has laid out an update (setOption, zoom, resize) and before it paints (setOption
 * paints synchronously), the marks follow the grid: in the same paint, not in a second one (at
 * first frame the second paint's raster cost ~300 ms on a 1080p wall, bench:topology).
 */
function hookLifecycle(): void {
  if (lifecycleHooked) return;
  lifecycleHooked = true;
  registerUpdateLifecycle('afterupdate', (_model, api) => layerOf.get(api.getZr())?.follow());
}

/**
 * Applies a render (topology-chart-renderer.ts) to one ECharts instance: the option to ECharts,
 * the marks to the layer, the grid's mapping to the marks. The console's chart and
 * bench:topology's page both paint through it.
 */
export class TopologyMarkLayer {
  /** Lines under the boxes (with the background), nodes above them (with the boxes and names). */
  // Over the background (z 0), under the boxes' canvas; over the boxes (z 1), under names (z 10).
  private readonly lines = new MarkSets(0, 2);
  private readonly nodes = new MarkSets(1, 3);
  private map: Mapping | null = null;
  private listening = false;

  constructor(
    private readonly chart: EChartsType,
    private readonly events: MarkLayerEvents,
  ) {
    hookLifecycle();
    const zr = chart.getZr();
    layerOf.set(zr, this);
    zr.add(this.lines);
    zr.add(this.nodes);
  }

  /** The marks drawn now (the test hook reads positions back from them). */
  marks(): BuiltMarks[] {
    return [...this.lines.sets.values(), ...this.nodes.sets.values()].map((d) => d.marks);
  }

  private canvasOf(m: BuiltMarks): MarkSets {
    return m.style.kind === 'lines' ? this.lines : this.nodes;
  }

  apply(r: RenderResult): void {
    // Marks first: an option's setOption paints them with everything else, in one paint.
    if (r.full) {
      const keep = new Set(r.marks.map((m) => m.id));
      for (const m of this.marks()) if (!keep.has(m.id)) this.canvasOf(m).remove(m.id);
    }
    for (const m of r.marks) this.canvasOf(m).setMarks(m);
    if (r.option) this.chart.setOption(r.full ? this.keepZoom(r.option) : r.option, r.full ? { notMerge: true } : { lazyUpdate: false });
    else this.follow();
    if (!this.listening) this.listen();
  }

  /** Follow the grid: after a zoom, a resize or any update the layout → pixel mapping may have moved. */
  readonly follow = (): void => {
    const p0 = this.chart.convertToPixel({ gridIndex: 0 }, [0, 0]);
    const p1 = this.chart.convertToPixel({ gridIndex: 0 }, [1, 1]);
    if (!Array.isArray(p0) || !Array.isArray(p1)) return;
    const map: Mapping = { ax: p1[0]! - p0[0]!, bx: p0[0]!, ay: p1[1]! - p0[1]!, by: p0[1]! };
    const view: View = { w: this.chart.getWidth(), h: this.chart.getHeight(), dpr: this.chart.getDevicePixelRatio() };
    const m = this.map;
    const v = this.nodes.view;
    if (m && m.ax === map.ax && m.bx === map.bx && m.ay === map.ay && m.by === map.by && v.w === view.w && v.h === view.h && v.dpr === view.dpr) return;
    this.map = map;
    this.lines.follow(map, view);
    this.nodes.follow(map, view);
  };

  /**
   * After the first option: ECharts' tooltip registers its own pointer handlers then, and ours
   * must run after it (its handler hides the tip when the pointer is over an element it does not
   * know; ours then shows the mark's).
   */
  private listen(): void {
    this.listening = true;
    const zr = this.chart.getZr();
    zr.on('click', this.onClick);
    zr.on('mousemove', this.onMove);
    // After every ECharts update (setOption, zoom and pan, resize), before it paints.
    this.chart.on('updated', this.follow);
  }


  private hitOf(e: ElementEvent): { marksId: string; index: number } | null {
    const t = e.target;
    return t instanceof MarkSets ? t.hit : null;
  }

  private readonly onClick = (e: ElementEvent): void => {
    const hit = this.hitOf(e);
    if (hit && e.target === this.nodes) this.events.pickNode(hit.marksId, hit.index);
  };

  private readonly onMove = (e: ElementEvent): void => {
    const hit = this.hitOf(e);
    const html = hit ? this.events.tooltip(hit.marksId, hit.index) : null;
    if (html === null) return;
    this.chart.dispatchAction({ type: 'showTip', x: e.offsetX, y: e.offsetY, tooltip: { formatter: () => html } });
  };

  /**
   * A whole option (new size, language) would reset pan and zoom: the operator's window is
   * carried into it, so it is applied (and painted) once.
   */
  private keepZoom(option: NonNullable<RenderResult['option']>): NonNullable<RenderResult['option']> {
    type Zoom = { id?: string | number; start?: number; end?: number };
    const now = ((this.chart.getOption() as { dataZoom?: Zoom[] } | undefined)?.dataZoom ?? []).filter((z) => z.id !== undefined && ((z.start ?? 0) !== 0 || (z.end ?? 100) !== 100));
    if (now.length === 0 || !Array.isArray(option.dataZoom)) return option;
    const dataZoom = (option.dataZoom as Zoom[]).map((z) => {
      const kept = now.find((n) => n.id === z.id);
      return kept ? { ...z, start: kept.start ?? 0, end: kept.end ?? 100 } : z;
    });
    return { ...option, dataZoom } as NonNullable<RenderResult['option']>;
  }

  dispose(): void {
    const zr = this.chart.getZr();
    if (this.listening) {
      zr.off('click', this.onClick);
      zr.off('mousemove', this.onMove);
      this.chart.off('updated', this.follow);
    }
    zr.remove(this.lines);
    zr.remove(this.nodes);
    layerOf.delete(zr);
    this.lines.sets.clear();
    this.nodes.sets.clear();
  }
}
