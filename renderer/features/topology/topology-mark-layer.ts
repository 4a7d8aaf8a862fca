import { graphic, type EChartsType, type ElementEvent } from 'echarts/core';
import { STATUS_POLYGON } from './status-symbols';
import type { BuiltMarks, MarkStyle } from './topology-chart-types';
import type { RenderResult } from './topology-chart-renderer';

/**
 * The topology's bulk drawn beside ECharts, on the chart's own zrender: one path per set of
 * marks (nodes of one status, lines of one worst status), each rebuilt only when its set
 * changed. ECharts keeps the frame (grid, pan/zoom, tooltips, boxes, names); the paths follow
 * its grid: layout units map to pixels through the same axes, read back after every update,
 * zoom and resize.
 *
 * Why not series: ECharts re-reads and re-renders every series whenever an option carries any
 * (GlobalModel merges each existing series with {}), so a 1 % recolour of 10,000 nodes as
 * scatter and lines series cost as much as drawing them all (bench:topology); here it rebuilds
 * the two or three paths whose sets changed and repaints their canvases.
 *
 * Hit-testing is the paths' own: a node under the pointer (its symbol's box), or a line within a
 * few pixels. A click on a node and the tooltip of whatever is under the pointer go to `events`.
 */

/** Layout units → pixels on each axis: px = a·x + b. */
interface Mapping {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

export interface MarkLayerEvents {
  /** A click on a node (`nodes:<status>` marks) at a data index. */
  pickNode(marksId: string, index: number): void;
  /** Tooltip HTML for the item under the pointer, or null (a wall shows none). */
  tooltip(marksId: string, index: number): string | null;
}

/** Pixels around a line that still count as on it. */
const LINE_HIT_PX = 4;

/** A node's symbol outline around its centre at `sizePx`: polygon offsets, or null for a circle. */
function outline(style: MarkStyle): Float64Array | null {
  if (style.kind !== 'nodes' || style.status === 'ok') return null;
  const pts = STATUS_POLYGON[style.status];
  const out = new Float64Array(pts.length * 2);
  pts.forEach(([x, y], i) => {
    out[2 * i] = ((x - 12) * style.sizePx) / 24;
    out[2 * i + 1] = ((y - 12) * style.sizePx) / 24;
  });
  return out;
}

const BasePath = graphic.extendShape({ shape: {}, buildPath: () => undefined });

/** One set of marks as one zrender path: a subpath per node or line, built from the typed arrays. */
class MarksPath extends BasePath {
  marks: BuiltMarks;
  map: Mapping = { ax: 1, bx: 0, ay: 1, by: 0 };
  /** The view's size in pixels: marks outside are left out of the path. */
  view = { w: 0, h: 0 };
  /** The data index the last hit test found (what a click or tooltip is about), or -1. */
  hit = -1;
  private shapeOutline: Float64Array | null;

  constructor(marks: BuiltMarks) {
    super({ shape: {}, silent: marks.style.kind === 'lines' && marks.style.silent, zlevel: marks.style.kind === 'lines' ? 0 : 1, z: marks.style.z });
    this.marks = marks;
    this.shapeOutline = outline(marks.style);
    this.restyle();
  }

  /** New contents: rebuilt on the next paint. */
  setMarks(marks: BuiltMarks): void {
    const restyle = marks.style !== this.marks.style;
    this.marks = marks;
    if (restyle) {
      this.shapeOutline = outline(marks.style);
      this.restyle();
      this.silent = marks.style.kind === 'lines' && marks.style.silent;
      this.z = marks.style.z;
    }
    this.dirtyShape();
  }

  private restyle(): void {
    const s = this.marks.style;
    if (s.kind === 'nodes') this.useStyle({ fill: s.color, lineWidth: 0 });
    else this.useStyle({ fill: 'none', stroke: s.color, lineWidth: s.widthPx, opacity: s.opacity });
  }

  override buildPath(ctx: Parameters<InstanceType<typeof BasePath>['buildPath']>[0]): void {
    const { ax, bx, ay, by } = this.map;
    const d = this.marks.coords;
    const s = this.marks.style;
    if (s.kind === 'lines') {
      for (let i = 0; i + 3 < d.length; i += 4) {
        const x1 = ax * d[i]! + bx;
        const y1 = ay * d[i + 1]! + by;
        const x2 = ax * d[i + 2]! + bx;
        const y2 = ay * d[i + 3]! + by;
        // Both ends off the same side of the view: nothing of it shows.
        if ((x1 < 0 && x2 < 0) || (y1 < 0 && y2 < 0) || (x1 > this.view.w && x2 > this.view.w) || (y1 > this.view.h && y2 > this.view.h)) continue;
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
      }
      return;
    }
    const r = s.sizePx / 2;
    const o = this.shapeOutline;
    for (let i = 0; i + 1 < d.length; i += 2) {
      const x = ax * d[i]! + bx;
      const y = ay * d[i + 1]! + by;
      if (x < -r || y < -r || x > this.view.w + r || y > this.view.h + r) continue;
      if (!o) {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2, false);
        continue;
      }
      // No closePath: a fill closes every subpath anyway, and Chromium's closePath walks the
      // whole path so far (quadratic: 20 s of a 15-update (b) run went there).
      ctx.moveTo(x + o[0]!, y + o[1]!);
      for (let k = 2; k < o.length; k += 2) ctx.lineTo(x + o[k]!, y + o[k + 1]!);
    }
  }

  /** zrender's hover and click test: the item under (x, y) in pixels, topmost (last drawn) first. */
  override contain(x: number, y: number): boolean {
    this.hit = this.pick(x, y);
    return this.hit >= 0;
  }

  pick(px: number, py: number): number {
    const { ax, bx, ay, by } = this.map;
    const d = this.marks.coords;
    const s = this.marks.style;
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
}

/**
 * Applies a render (topology-chart-renderer.ts) to one ECharts instance: the option to ECharts,
 * the marks to the layer, the grid's mapping to the marks. The console's chart and
 * bench:topology's page both paint through it.
 */
export class TopologyMarkLayer {
  private readonly paths = new Map<string, MarksPath>();
  private map: Mapping | null = null;
  private listening = false;

  constructor(
    private readonly chart: EChartsType,
    private readonly events: MarkLayerEvents,
  ) {}

  /** The marks drawn now (the test hook reads positions back from them). */
  marks(): BuiltMarks[] {
    return [...this.paths.values()].map((p) => p.marks);
  }

  apply(r: RenderResult): void {
    // A whole option (new size, language) resets pan and zoom; the operator's window is kept.
    const zoom = r.full ? this.zoomWindow() : null;
    if (r.option) this.chart.setOption(r.option, r.full ? { notMerge: true } : { lazyUpdate: false });
    if (zoom) this.chart.setOption({ dataZoom: zoom });
    const zr = this.chart.getZr();
    if (r.full) {
      const keep = new Set(r.marks.map((m) => m.id));
      for (const [id, p] of this.paths) {
        if (keep.has(id)) continue;
        zr.remove(p);
        this.paths.delete(id);
      }
    }
    for (const m of r.marks) {
      const p = this.paths.get(m.id);
      if (p) p.setMarks(m);
      else {
        const path = new MarksPath(m);
        this.paths.set(m.id, path);
        zr.add(path);
      }
    }
    if (!this.listening) this.listen();
    this.sync();
  }

  /** Follow the grid: after a zoom, a resize or any update the layout → pixel mapping may have moved. */
  private readonly sync = (): void => {
    const p0 = this.chart.convertToPixel({ gridIndex: 0 }, [0, 0]);
    const p1 = this.chart.convertToPixel({ gridIndex: 0 }, [1, 1]);
    if (!Array.isArray(p0) || !Array.isArray(p1)) return;
    const map: Mapping = { ax: p1[0]! - p0[0]!, bx: p0[0]!, ay: p1[1]! - p0[1]!, by: p0[1]! };
    const zr = this.chart.getZr();
    const view = { w: zr.getWidth() ?? 0, h: zr.getHeight() ?? 0 };
    const m = this.map;
    const moved = !m || m.ax !== map.ax || m.bx !== map.bx || m.ay !== map.ay || m.by !== map.by;
    for (const p of this.paths.values()) {
      if (!moved && p.view.w === view.w && p.view.h === view.h) continue;
      p.map = map;
      p.view = view;
      p.dirtyShape();
    }
    this.map = map;
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
    this.chart.on('updated', this.sync);
  }


  private hitOf(e: ElementEvent): MarksPath | null {
    const t = e.target;
    return t instanceof MarksPath && t.hit >= 0 ? t : null;
  }

  private readonly onClick = (e: ElementEvent): void => {
    const p = this.hitOf(e);
    if (p && p.marks.style.kind === 'nodes') this.events.pickNode(p.marks.id, p.hit);
  };

  private readonly onMove = (e: ElementEvent): void => {
    const p = this.hitOf(e);
    const html = p ? this.events.tooltip(p.marks.id, p.hit) : null;
    if (html === null) return;
    this.chart.dispatchAction({ type: 'showTip', x: e.offsetX, y: e.offsetY, tooltip: { formatter: () => html } });
  };

  /** The current inside-zoom windows (percent), or null when the whole frame is shown. */
  private zoomWindow(): Array<{ id: string; start: number; end: number }> | null {
    const zooms = (this.chart.getOption() as { dataZoom?: Array<{ id?: string; start?: number; end?: number }> } | undefined)?.dataZoom ?? [];
    const out = zooms.filter((z) => z.id && ((z.start ?? 0) !== 0 || (z.end ?? 100) !== 100)).map((z) => ({ id: String(z.id), start: z.start ?? 0, end: z.end ?? 100 }));
    return out.length > 0 ? out : null;
  }

  dispose(): void {
    const zr = this.chart.getZr();
    if (this.listening) {
      zr.off('click', this.onClick);
      zr.off('mousemove', this.onMove);
      this.chart.off('updated', this.sync);
    }
    for (const p of this.paths.values()) zr.remove(p);
    this.paths.clear();
  }
}
