import { registerUpdateLifecycle, type EChartsType, type ElementEvent } from 'echarts/core';
import { BoxesElement, NamesElement } from './topology-box-paint';
import type { LayerPart } from './topology-chart-types';
import type { RenderResult } from './topology-chart-renderer';
import { LayerElement, type LayerHit, type Mapping, type View } from './topology-layer-element';
import { MarkSets } from './topology-mark-sets';

/**
 * The topology's bulk drawn beside ECharts, on the chart's own zrender: node marks, line marks,
 * cluster boxes and business systems' names (topology-mark-sets.ts, topology-box-paint.ts),
 * each kind one zrender element placed among ECharts' own by zlevel and z. ECharts keeps the
 * frame (grid, pan/zoom, tooltips, background, badges, search rings); the layer follows its
 * grid: layout units map to pixels through the same axes, read back after every update, zoom
 * and resize.
 *
 * Why not series: ECharts re-reads and re-renders every series whenever an option carries any
 * (GlobalModel merges each existing series with {}), so a 1 % recolour of 10,000 nodes as
 * series cost as much as drawing them all, and the boxes' counts, which move with nearly every
 * recolour, kept ECharts re-rendering everything on a wall (bench:topology (a)). On the layer a
 * recolour re-traces only the sets that changed and repaints; ECharts is not involved.
 *
 * Hit-testing is ours (each element's contain): a node, a box or a line under the pointer. A
 * click and the tooltip of whatever is under the pointer go to `events`. Outside a 2D canvas
 * (the SVG renderer of component tests) the parts are kept, hit-tested and read by the test
 * hook, but not painted.
 */

export interface MarkLayerEvents {
  /** A click on a node (`nodes:<status>` marks) or a box (`clusters`) at a data index. */
  pick(partId: string, index: number): void;
  /** Tooltip HTML for the item under the pointer, or null (a wall shows none). */
  tooltip(partId: string, index: number): string | null;
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
  // Bottom canvas: lines over the background (z 0). Top canvas: boxes (z 1), nodes over them
  // (z 3), names over the nodes (z 10), then ECharts' search rings (z 20) and band labels (z 30).
  private readonly lines = new MarkSets(0, 2);
  private readonly boxes = new BoxesElement(1, 1);
  private readonly nodes = new MarkSets(1, 3);
  private readonly names = new NamesElement(1, 10, true);
  private readonly elements: LayerElement[] = [this.lines, this.boxes, this.nodes, this.names];
  private map: Mapping | null = null;
  private view: View | null = null;
  private listening = false;

  constructor(
    private readonly chart: EChartsType,
    private readonly events: MarkLayerEvents,
  ) {
    hookLifecycle();
    const zr = chart.getZr();
    layerOf.set(zr, this);
    for (const e of this.elements) zr.add(e);
  }

  /** The parts drawn now (the test hook reads positions back from them). */
  marks(): LayerPart[] {
    const out: LayerPart[] = [...this.lines.sets.values(), ...this.nodes.sets.values()].map((d) => d.marks);
    if (this.boxes.part) out.push(this.boxes.part);
    if (this.names.part) out.push(this.names.part);
    return out;
  }

  private put(p: LayerPart): void {
    if (p.layer === 'boxes') this.boxes.setPart(p);
    else if (p.layer === 'names') this.names.setPart(p);
    else (p.style.kind === 'lines' ? this.lines : this.nodes).setMarks(p);
  }

  private drop(p: LayerPart): void {
    if (p.layer === 'boxes') this.boxes.setPart(null);
    else if (p.layer === 'names') this.names.setPart(null);
    else (p.style.kind === 'lines' ? this.lines : this.nodes).remove(p.id);
  }

  apply(r: RenderResult): void {
    // Parts first: an option's setOption paints them with everything else, in one paint.
    if (r.full) {
      const keep = new Set(r.marks.map((m) => m.id));
      for (const m of this.marks()) if (!keep.has(m.id)) this.drop(m);
    }
    for (const m of r.marks) this.put(m);
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
    const v = this.view;
    if (m && v && m.ax === map.ax && m.bx === map.bx && m.ay === map.ay && m.by === map.by && v.w === view.w && v.h === view.h && v.dpr === view.dpr) return;
    this.map = map;
    this.view = view;
    for (const e of this.elements) e.follow(map, view);
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


  private hitOf(e: ElementEvent): LayerHit | null {
    const t = e.target;
    return t instanceof LayerElement ? t.hit : null;
  }

  private readonly onClick = (e: ElementEvent): void => {
    const hit = this.hitOf(e);
    if (hit && (e.target === this.nodes || e.target === this.boxes)) this.events.pick(hit.partId, hit.index);
  };

  private readonly onMove = (e: ElementEvent): void => {
    const hit = this.hitOf(e);
    const html = hit ? this.events.tooltip(hit.partId, hit.index) : null;
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
    for (const e of this.elements) zr.remove(e);
    layerOf.delete(zr);
    this.lines.sets.clear();
    this.nodes.sets.clear();
    this.boxes.setPart(null);
    this.names.setPart(null);
  }
}
