import type { EChartsCoreOption } from 'echarts/core';
import { handleStripPx } from './topology-box-paint';
import type { LayerPart } from './topology-chart-types';

/**
 * A read-only window onto what the topology chart actually draws, for end-to-end tests: they
 * compare drawn positions with what the server sent and check the drawn count stays within
 * LOD_CAP. Everything is read back from what the chart holds, the ECharts instance's current
 * option (getOption) and the marks its mark layer draws, not from the store, so a bug between
 * store and chart shows up.
 */
export interface DrawnElement {
  /** The stream's entity key: `n:<nodeId>` or `c:<clusterId>`. */
  id: string;
  kind: 'node' | 'cluster';
  x: number;
  y: number;
  w?: number;
  h?: number;
}

export interface TopologyTestHook {
  drawnPositions(): DrawnElement[];
  /** Nodes + cluster boxes + lines drawn (background and search rings excluded). */
  drawnCount(): number;
  /** The layout each series applies: `'none'` for every series that draws given coordinates. */
  seriesLayouts(): string[];
  /** Where on the page (client px) an element is drawn now, pan and zoom included: for clicking it. A box's centre. */
  pixelOf(id: string): { x: number; y: number } | null;
  /** Where to click a box to open or close it: its centre when closed, its label strip above it when open (members fill its inside). */
  handleOf(id: string): { x: number; y: number } | null;
  /** What the items of a typed-array series are, as last sent (e.g. 'badges': `c:<id>`/`n:<id>`; 'nodes:health': node ids). */
  idsOf(seriesId: string): string[];
  /** Font sizes in px the layer writes the boxes' labels and the business systems' names in (legible from 5 m on a wall). */
  labelPx(): { boxes: number | null; names: number | null };
}

declare global {
  interface Window {
    __skyfortTopology?: TopologyTestHook;
  }
}

/** What the chart draws: ECharts' option and the mark layer's nodes and lines. */
export interface Drawing {
  option: EChartsCoreOption | undefined;
  marks: readonly LayerPart[];
}

type SeriesRead = { id?: string; type?: string; layout?: string; data?: ArrayLike<unknown> };
/** The ids behind a typed-array series' data indices (the renderer's table for what it sent). */
export type IdsOf = (seriesId: string) => readonly string[] | undefined;

const typed = (d: unknown): d is Float64Array | Float32Array => ArrayBuffer.isView(d);

function seriesOf(option: EChartsCoreOption | undefined): SeriesRead[] {
  const s = (option as { series?: SeriesRead[] } | undefined)?.series;
  return Array.isArray(s) ? s : [];
}

/**
 * Nodes are read from the marks (x, y pairs named by their ids) and from node series (health
 * fills: x, y pairs of a typed array named by `idsOf`, or items with an id and a value); boxes
 * from the layer's boxes (x, y, w, h quads named by their ids).
 */
export function drawnPositions(drawing: Drawing, idsOf?: IdsOf): DrawnElement[] {
  const out: DrawnElement[] = [];
  for (const m of drawing.marks) {
    const c = m.coords;
    if (m.layer === 'boxes') {
      for (let i = 0; 4 * i + 3 < c.length; i++) out.push({ id: `c:${m.ids[i]}`, kind: 'cluster', x: c[4 * i]!, y: c[4 * i + 1]!, w: c[4 * i + 2]!, h: c[4 * i + 3]! });
    }
    if (m.layer !== 'marks' || m.style.kind !== 'nodes') continue;
    for (let i = 0; 2 * i + 1 < c.length; i++) out.push({ id: `n:${m.ids[i]}`, kind: 'node', x: c[2 * i]!, y: c[2 * i + 1]! });
  }
  for (const s of seriesOf(drawing.option)) {
    if (s.id?.startsWith('nodes:') && typed(s.data)) {
      const ids = idsOf?.(s.id) ?? [];
      for (let i = 0; 2 * i + 1 < s.data.length; i++) out.push({ id: `n:${ids[i] ?? `?${i}`}`, kind: 'node', x: s.data[2 * i]!, y: s.data[2 * i + 1]! });
      continue;
    }
    const data = (s.data ?? []) as Array<{ id?: string; value?: number[] }>;
    if (s.id?.startsWith('nodes:')) {
      for (const d of data) out.push({ id: `n:${d.id}`, kind: 'node', x: d.value![0]!, y: d.value![1]! });
    }
  }
  return out;
}

/** Drawn nodes (marks and health fills; a typed series holds x, y pairs), lines (marks: x1, y1, x2, y2 quads) and cluster boxes. */
export function drawnCounts(drawing: Drawing): { nodes: number; lines: number; clusters: number } {
  const out = { nodes: 0, lines: 0, clusters: 0 };
  for (const m of drawing.marks) {
    if (m.layer === 'boxes') out.clusters += m.ids.length;
    else if (m.layer !== 'marks') continue;
    else if (m.style.kind === 'nodes') out.nodes += m.coords.length / 2;
    else out.lines += m.coords.length / 4;
  }
  for (const s of seriesOf(drawing.option)) {
    const n = s.data?.length ?? 0;
    if (s.id?.startsWith('nodes:')) out.nodes += typed(s.data) ? n / 2 : n;
  }
  return out;
}

/** Nodes + cluster boxes + lines drawn (background and search rings excluded). */
export function drawnCount(drawing: Drawing): number {
  const c = drawnCounts(drawing);
  return c.nodes + c.lines + c.clusters;
}

export function labelPx(drawing: Drawing): { boxes: number | null; names: number | null } {
  const out: { boxes: number | null; names: number | null } = { boxes: null, names: null };
  for (const m of drawing.marks) if (m.layer !== 'marks') out[m.layer] = m.fontPx;
  return out;
}

/** A graph series lays out unless its layout is 'none'; no other series type lays anything out. */
export function seriesLayouts(option: EChartsCoreOption | undefined): string[] {
  return seriesOf(option).map((s) => (s.type === 'graph' ? (s.layout ?? 'none') : 'none'));
}

type AxisRead = { min?: number; max?: number };
type ZoomRead = { xAxisIndex?: number | number[]; yAxisIndex?: number | number[]; start?: number; end?: number };

/**
 * An element's position in client pixels, from the option alone: the grid fills the chart box
 * (no margins), the axes span min..max, and each inside dataZoom narrows its axis to start..end %.
 */
export function pixelOf(drawing: Drawing, box: Pick<DOMRect, 'left' | 'top' | 'width' | 'height'>, id: string, idsOf?: IdsOf, at = { fx: 0.5, fy: 0.5 }): { x: number; y: number } | null {
  const el = drawnPositions(drawing, idsOf).find((d) => d.id === id);
  const o = drawing.option as { xAxis?: AxisRead[]; yAxis?: AxisRead[]; dataZoom?: ZoomRead[] } | undefined;
  const xa = o?.xAxis?.[0];
  const ya = o?.yAxis?.[0];
  if (!el || xa?.min === undefined || xa.max === undefined || ya?.min === undefined || ya.max === undefined) return null;
  const window = (min: number, max: number, axis: 'xAxisIndex' | 'yAxisIndex'): [number, number] => {
    const z = o?.dataZoom?.find((d) => d[axis] !== undefined && ([] as number[]).concat(d[axis]!).includes(0));
    const s = (z?.start ?? 0) / 100;
    const e = (z?.end ?? 100) / 100;
    return [min + (max - min) * s, min + (max - min) * e];
  };
  const [x0, x1] = window(xa.min, xa.max, 'xAxisIndex');
  const [y0, y1] = window(ya.min, ya.max, 'yAxisIndex');
  const cx = el.x + (el.w ?? 0) * at.fx;
  const cy = el.y + (el.h ?? 0) * at.fy;
  // y grows downwards on screen and in layout units alike (the axis is inverted).
  return { x: box.left + ((cx - x0) / (x1 - x0)) * box.width, y: box.top + ((cy - y0) / (y1 - y0)) * box.height };
}

/** Installs the hook for one chart; the returned function removes it (only if it is still ours). */
export function installTopologyTestHook(drawing: () => Drawing, box: () => DOMRect | undefined, idsOf?: IdsOf): () => void {
  const hook: TopologyTestHook = {
    drawnPositions: () => drawnPositions(drawing(), idsOf),
    drawnCount: () => drawnCount(drawing()),
    seriesLayouts: () => seriesLayouts(drawing().option),
    pixelOf: (id) => {
      const r = box();
      return r ? pixelOf(drawing(), r, id, idsOf) : null;
    },
    idsOf: (seriesId) => [...(idsOf?.(seriesId) ?? [])],
    labelPx: () => labelPx(drawing()),
    handleOf: (id) => {
      const r = box();
      const d = drawing();
      const boxes = d.marks.find((m) => m.layer === 'boxes');
      if (!r || !boxes || boxes.layer !== 'boxes') return null;
      const face = boxes.faces[boxes.ids.indexOf(id.slice(2))];
      if (!face || face.mode === 'collapsed') return pixelOf(d, r, id, idsOf);
      const topLeft = pixelOf(d, r, id, idsOf, { fx: 0.1, fy: 0 });
      return topLeft && { x: topLeft.x, y: topLeft.y - handleStripPx(boxes.fontPx) / 2 };
    },
  };
  window.__skyfortTopology = hook;
  return () => {
    if (window.__skyfortTopology === hook) delete window.__skyfortTopology;
  };
}
