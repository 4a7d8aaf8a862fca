import type { CustomSeriesOption, LinesSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { Layer, NodeStatus } from '../../../shared/domain/topology';
import type { TopologyClusterEntity, TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';

/** Series ids of the topology chart: a fixed set, so every update is a merge by id. */
export const SERIES = {
  frame: 'frame',
  frameLabels: 'frame-labels',
  clusters: 'clusters',
  highlight: 'highlight',
  nodes: (s: NodeStatus) => `nodes:${s}`,
  /** Business systems' names (while few enough to label), beside their symbols. */
  names: 'names',
  lines: (s: NodeStatus) => `lines:${s}`,
  /** Health mode: scored nodes in their status shape, filled by their health band (a `nodes:` series: clicks and tooltips as nodes). */
  healthNodes: 'nodes:health',
  /** Open-alarm badges on clusters and drawn nodes. */
  badges: 'badges',
} as const;

/** The screen the chart draws on. */
export interface TopologyChartView {
  widthPx: number;
  heightPx: number;
  /** Base label size: 14 at a desk, from the viewport height on a wall (read from 5 m). */
  fontPx: number;
  mode: 'wall' | 'desk';
}

/** Everything user-visible the chart writes, already in the reader's language. */
export interface TopologyChartTexts {
  /** Changes whenever the language does, so the renderer redraws the labels. */
  locale: string;
  status: Record<NodeStatus, string>;
  layer: Record<Layer, string>;
  /** Longest first, e.g. "VM × 120 · DC-A", "VM × 120", "VM": a box shows the longest that fits. */
  clusterLabels(c: TopologyClusterEntity): string[];
  /** Tooltip lines (plain text; the builder escapes them). */
  nodeTooltip(n: TopologyPlacedNodeEntity): string[];
  clusterTooltip(c: TopologyClusterEntity): string[];
  linkTooltip(count: number, worst: NodeStatus): string[];
}

export type TopologySeriesOption = ScatterSeriesOption | LinesSeriesOption | CustomSeriesOption;

export type Primitive = string | number | boolean | null | undefined;

/** What the renderer keeps of anything it built, series or marks: enough to tell whether it changed. */
export interface Built {
  id: string;
  /** Everything but the coordinates and ids below that decides how it looks. */
  sig: Primitive[];
  /**
   * Parts drawn from flat typed arrays (nodes: x, y pairs; lines: x1, y1, x2, y2 quads) carry
   * no ids in their data: `ids[dataIndex]` names what each item is (a node id, a link's key),
   * and `values[dataIndex]` a link's edge count. Part of the signature too.
   */
  ids?: readonly string[];
  coords?: Float64Array;
  values?: readonly number[];
}

/**
 * One ECharts series as built, with its signature: the renderer sends a series to ECharts only
 * when its signature changed.
 */
export interface BuiltSeries extends Built {
  option: TopologySeriesOption;
}

/** How one set of marks looks: every node in it is the same shape, size and colour; every line the same stroke. */
export type MarkStyle =
  | { kind: 'nodes'; status: NodeStatus; color: string; sizePx: number; z: number }
  | { kind: 'lines'; status: NodeStatus; color: string; widthPx: number; opacity: number; z: number; silent: boolean };

/**
 * The bulk of the wall, nodes and lines, one set per status, drawn by the chart's own mark layer
 * (topology-mark-layer.ts) rather than as ECharts series: ECharts re-reads every series on every
 * setOption, so a 1 % recolour cost as much as drawing everything; the layer redraws only the
 * sets whose contents changed. `nodes:<status>` and `lines:<status>` ids, as the series were.
 */
export interface BuiltMarks extends Built {
  layer: 'marks';
  style: MarkStyle;
  ids: readonly string[];
  coords: Float64Array;
}

/** A cluster box's face as built: everything its drawing needs but where it is (the part's coords). */
export interface BoxFace {
  worst: NodeStatus;
  /** collapsed: counts only; server: the wall draws its members; console: expanded here. */
  mode: 'collapsed' | 'server' | 'console';
  fill: string;
  stroke: string;
  lineWidth: number;
  /** Longest first, each with its estimated width at the boxes' font: the longest that fits is drawn. */
  labels: ReadonlyArray<{ text: string; widthPx: number }>;
  /** Open members by status, worst first, only statuses other than ok that have any. */
  counts: ReadonlyArray<{ status: NodeStatus; text: string; color: string }>;
}

/**
 * The cluster boxes (`clusters`): x, y, w, h quads in layout units, each with its face. Drawn by
 * the mark layer, not ECharts, for the same reason as the marks: a box's counts move with
 * almost every recolour, and as an ECharts series that re-rendered every series on the chart.
 */
export interface BuiltBoxes extends Built {
  layer: 'boxes';
  ids: readonly string[];
  coords: Float64Array;
  faces: readonly BoxFace[];
  fontPx: number;
}

/** Business systems' names (`names`) beside their symbols at x, y, worse statuses first (they win an overlap). */
export interface BuiltNames extends Built {
  layer: 'names';
  ids: readonly string[];
  coords: Float64Array;
  names: readonly string[];
  /** Estimated width of each name at fontPx. */
  widths: Float64Array;
  fontPx: number;
  /** From a node's centre to its name's left edge. */
  gapPx: number;
}

/** What the chart's own layer draws rather than ECharts. */
export type LayerPart = BuiltMarks | BuiltBoxes | BuiltNames;

export type BuiltPart = BuiltSeries | LayerPart;

export const onLayer = (b: BuiltPart): b is LayerPart => !('option' in b);
export const isMarks = (b: Built): b is BuiltMarks => 'style' in b;

/** The id of a drawn item: from its data when it carries one, else from the series' id table. */
export type IdLookup = (seriesId: string, dataIndex: number) => string | undefined;

/** A pan/zoom window in layout units. */
export interface Range {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Screen pixels per layout unit at this fit. */
  pxPerUnit: number;
}
