import { graphic } from 'echarts/core';

/**
 * A zrender element that draws itself straight onto its canvas: the base of everything the
 * topology's own layer draws (marks, boxes, names; topology-mark-layer.ts).
 *
 * zrender's paths record every command in their own buffer as they draw and replay it on each
 * repaint of their canvas, about as much work again as drawing. This element hands zrender a
 * stand-in for that buffer (DirectDraw), so zrender gives it the canvas's context and it draws
 * there, both when its shape changed and on every other repaint; z order, dirty tracking and
 * pointer events stay zrender's.
 */

/** Layout units → pixels on each axis: px = a·x + b. */
export interface Mapping {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

export interface View {
  w: number;
  h: number;
  dpr: number;
}

/** What a hit test found: an item of one drawn part. */
export interface LayerHit {
  partId: string;
  index: number;
}

/**
 * Stands in for zrender's PathProxy of a LayerElement (zrender's canvas painter calls only
 * these on it): instead of recording commands it hands the canvas's context to the element.
 */
class DirectDraw {
  ctx: CanvasRenderingContext2D | null = null;
  constructor(private readonly owner: LayerElement) {}
  setContext(ctx: unknown): void {
    if (isCanvas(ctx)) this.ctx = ctx;
  }
  rebuildPath(ctx: unknown): void {
    // The SVG painter rebuilds into its own path builder: nothing to draw there.
    if (isCanvas(ctx)) this.owner.paint(ctx);
  }
  /** The SVG painter's cache key: the layer is never turned into SVG. */
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

export abstract class LayerElement extends BasePath {
  map: Mapping = { ax: 1, bx: 0, ay: 1, by: 0 };
  view: View = { w: 0, h: 0, dpr: 1 };
  /** What the last hit test found (what a click or tooltip is about). */
  hit: LayerHit | null = null;

  /** `zlevel` is the canvas, `z` the place on it among ECharts' own elements. */
  constructor(zlevel: number, z: number, silent = false) {
    // No fill or stroke of its own: zrender draws nothing for it but what paint() does.
    super({ shape: {}, zlevel, z, silent, style: { fill: 'none', stroke: 'none' } });
    // Also for a silent element, which zrender would otherwise draw through a shared proxy.
    this.createPathProxy();
  }

  override createPathProxy(): void {
    (this as unknown as { path: unknown }).path = new DirectDraw(this);
  }

  override buildPath(ctx: unknown): void {
    // zrender's canvas painter passes our DirectDraw (its context set); other painters get nothing.
    if (ctx instanceof DirectDraw && ctx.ctx) this.paint(ctx.ctx);
  }

  override getBoundingRect(): InstanceType<typeof graphic.BoundingRect> {
    return new graphic.BoundingRect(0, 0, this.view.w, this.view.h);
  }

  /** New mapping or screen. */
  follow(map: Mapping, view: View): void {
    this.map = map;
    this.view = view;
    this.moved();
    this.dirtyShape();
  }

  /** Called after the mapping moved, before the repaint. */
  protected moved(): void {}

  /** Draws everything on `ctx`, leaving its state as found (zrender tracks it between elements). */
  paint(ctx: CanvasRenderingContext2D): void {
    ctx.save();
    this.draw(ctx);
    ctx.restore();
  }

  protected abstract draw(ctx: CanvasRenderingContext2D): void;

  /** The item under (x, y) in pixels, topmost first, or null. */
  protected abstract pickAt(x: number, y: number): LayerHit | null;

  /** zrender's hover and click test. */
  override contain(x: number, y: number): boolean {
    this.hit = this.silent ? null : this.pickAt(x, y);
    return this.hit !== null;
  }
}
