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

/**
 * One series as built, with its signature: a flat list of everything that decides how it looks.
 * The renderer sends a series to ECharts only when its signature changed, so an update that
 * recolours 1 % of the nodes touches the status series involved and nothing else.
 */
export interface BuiltSeries {
  id: string;
  option: TopologySeriesOption;
  /** Everything but the coordinates and ids below that decides how the series looks. */
  sig: Primitive[];
  /**
   * Series drawn from flat typed arrays (nodes: x, y pairs; lines: 2, x1, y1, x2, y2 runs) carry
   * no ids in their data: `ids[dataIndex]` names what each item is (a node id, a link's key),
   * and `values[dataIndex]` a link's edge count. Part of the signature too.
   */
  ids?: readonly string[];
  coords?: Float64Array;
  values?: readonly number[];
}

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
