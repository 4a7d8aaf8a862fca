import type { CustomSeriesOption } from 'echarts/charts';
import type { CustomSeriesRenderItem } from 'echarts/types/dist/option';
import { SEVERITY_RANK, type Severity } from '../../../shared/domain/alarms';
import { HEALTH_BANDS, type HealthStatus } from '../../../shared/domain/health';
import type { NodeStatus } from '../../../shared/domain/topology';
import type { TopologyClusterEntity, TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import { STATUS_STYLE } from '../../app/status-style';
import { SEVERITY_STYLE } from '../alarms/severity-style';
import { statusPolygon } from './status-symbols';
import { SERIES, type BuiltSeries, type Primitive, type TopologyChartView } from './topology-chart-types';

/**
 * What the topology wall draws over the status picture, each as ONE small `custom` series so the
 * wall's update cost stays low (ECharts re-renders every series on every setOption):
 *
 *  - alarm badges (issue #6 item 7): "✖ 3" chips (the alarm board's severity glyph and the open
 *    count on a plate edged in the severity's colour) at the top-right corner of each cluster box
 *    and beside each drawn node with open alarms, from the `alarms` topic's summary; at most
 *    MAX_BADGES, worst first;
 *  - health colouring (issue #7 item 3): in health mode, nodes the `health` topic scores are
 *    drawn here instead of in their status series, in their status's shape (meaning never rests
 *    on colour alone) filled with their score's band colour; at most MAX_HEALTH_NODES.
 */

/** Most badges drawn at once (clusters and nodes together), worst first. */
export const MAX_BADGES = 300;
/** Most nodes recoloured by health at once (the topic carries business systems and the worst 200 components). */
export const MAX_HEALTH_NODES = 1_000;

/** Behind a badge: the console background, nearly opaque, so it reads over lines and boxes. */
const PLATE = 'rgba(11,18,32,0.9)';

/**
 * A health score's band as a status (shared/domain/health.ts): ≥ 90 ok, ≥ 70 warning, ≥ 40
 * critical, below that down. A score the engine marked maintenance or unknown (low confidence)
 * keeps that.
 */
export function healthBandOf(score: number, status?: HealthStatus): NodeStatus {
  if (status === 'maintenance' || status === 'unknown') return status;
  if (!Number.isFinite(score)) return 'unknown';
  if (score >= HEALTH_BANDS.ok) return 'ok';
  if (score >= HEALTH_BANDS.warning) return 'warning';
  if (score >= HEALTH_BANDS.critical) return 'critical';
  return 'down';
}

/** Node id → band, from the `health` topic's entities (`n:<nodeId>`; domains and summary skipped). */
export function healthBands(entities: Readonly<Record<string, unknown>>): Map<string, NodeStatus> {
  const out = new Map<string, NodeStatus>();
  for (const e of Object.values(entities)) {
    const h = e as { type?: unknown; nodeId?: unknown; score?: unknown; status?: HealthStatus } | null;
    if (h?.type === 'health' && typeof h.nodeId === 'string' && typeof h.score === 'number') out.set(h.nodeId, healthBandOf(h.score, h.status));
  }
  return out;
}

/** Same bands for the same nodes (the store bumps the chart only when they move). */
export function sameBands(a: ReadonlyMap<string, NodeStatus> | null, b: ReadonlyMap<string, NodeStatus> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [id, s] of a) if (b.get(id) !== s) return false;
  return true;
}

/**
 * The health-coloured nodes: one polygon each, the node's status shape at its status series'
 * size, filled with its band's colour. Always present (empty in status mode), so every update
 * stays a merge by id.
 */
export function buildHealthSeries(nodes: readonly TopologyPlacedNodeEntity[], bands: ReadonlyMap<string, NodeStatus>, sizeOf: (s: NodeStatus) => number): BuiltSeries {
  const coords = new Float64Array(nodes.length * 2);
  const shapes: NodeStatus[] = [];
  const fills: string[] = [];
  const sizes: number[] = [];
  const sig: Primitive[] = [];
  nodes.forEach((n, i) => {
    coords[2 * i] = n.x;
    coords[2 * i + 1] = n.y;
    const shape = STATUS_STYLE[n.status] ? n.status : 'unknown';
    const band = bands.get(n.id) ?? shape;
    shapes.push(shape);
    fills.push(STATUS_STYLE[band].color);
    sizes.push(sizeOf(shape));
    sig.push(shape, band, sizes[i]);
  });
  const renderItem: CustomSeriesRenderItem = (params, api) => {
    const i = params.dataIndex;
    const shape = shapes[i];
    if (!shape) return null;
    const p = api.coord([Number(api.value(0)), Number(api.value(1))]);
    const size = sizes[i]!;
    return { type: 'polygon', shape: { points: statusPolygon(shape, p[0]! - size / 2, p[1]! - size / 2, size) }, style: { fill: fills[i], stroke: PLATE, lineWidth: 1 } };
  };
  const option: CustomSeriesOption = {
    type: 'custom',
    id: SERIES.healthNodes,
    coordinateSystem: 'cartesian2d',
    // Above every status series (z 3..8), below names and rings.
    zlevel: 1,
    z: 9,
    clip: true,
    animation: false,
    dimensions: ['x', 'y'],
    encode: { x: 0, y: 1, tooltip: [] },
    renderItem,
    data: nodes.length > 0 ? coords : [],
  };
  return { id: SERIES.healthNodes, option, sig, ids: nodes.map((n) => n.id), coords };
}

export interface BadgeSource {
  /** Open alarms per drawn node (worst severity, count). */
  byNode: Readonly<Record<string, { severity: Severity; count: number }>>;
  byCluster: Readonly<Record<string, { severity: Severity; count: number }>>;
  /** A drawn node passing the filters, or undefined. */
  node(id: string): TopologyPlacedNodeEntity | undefined;
  /** A drawn cluster box passing the filters, or undefined. */
  cluster(id: string): TopologyClusterEntity | undefined;
}

/** A badge's words: the severity's glyph and the count ("✖3", "▲12", "◆9999+"). */
export function badgeText(severity: Severity, count: number): string {
  return `${SEVERITY_STYLE[severity].glyph}${count > 9999 ? '9999+' : Math.max(0, Math.round(count))}`;
}

interface Badge {
  key: string;
  x: number;
  y: number;
  cluster: boolean;
  severity: Severity;
  count: number;
}

/**
 * Alarm badges: a cluster's at its box's top-right corner, just above it (clear of the box's own
 * label and worst-status glyph); a node's above and right of its symbol. Silent (clicks go to
 * what is under them). Ids in `ids` are the stream's keys, `c:<clusterId>` / `n:<nodeId>`.
 */
export function buildBadgeSeries(src: BadgeSource | null, symbolPx: number, view: TopologyChartView): BuiltSeries {
  const all: Badge[] = [];
  if (src) {
    for (const [id, b] of Object.entries(src.byCluster)) {
      const c = src.cluster(id);
      if (c && b.count > 0 && SEVERITY_STYLE[b.severity]) all.push({ key: `c:${id}`, x: c.x + c.w, y: c.y, cluster: true, severity: b.severity, count: b.count });
    }
    for (const [id, b] of Object.entries(src.byNode)) {
      const n = src.node(id);
      if (n && b.count > 0 && SEVERITY_STYLE[b.severity]) all.push({ key: `n:${id}`, x: n.x, y: n.y, cluster: false, severity: b.severity, count: b.count });
    }
  }
  // Worst kept when capped, and drawn last (on top).
  all.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.count - b.count || Number(a.cluster) - Number(b.cluster) || (a.key < b.key ? -1 : 1));
  const kept = all.length > MAX_BADGES ? all.slice(all.length - MAX_BADGES) : all;
  const font = Math.max(10, Math.round(view.fontPx * 0.75));
  const offset = Math.round(symbolPx * 0.4);
  const coords = new Float64Array(kept.length * 2);
  const texts: string[] = [];
  const colours: string[] = [];
  const clusters: boolean[] = [];
  const sig: Primitive[] = [font, offset];
  kept.forEach((b, i) => {
    coords[2 * i] = b.x;
    coords[2 * i + 1] = b.y;
    texts.push(badgeText(b.severity, b.count));
    colours.push(SEVERITY_STYLE[b.severity].color);
    clusters.push(b.cluster);
    sig.push(texts[i]);
  });
  const renderItem: CustomSeriesRenderItem = (params, api) => {
    const i = params.dataIndex;
    const text = texts[i];
    if (text === undefined) return null;
    const p = api.coord([Number(api.value(0)), Number(api.value(1))]);
    const cluster = clusters[i]!;
    return {
      type: 'text',
      x: cluster ? p[0]! : p[0]! + offset,
      y: cluster ? p[1]! - 2 : p[1]! - offset,
      style: {
        text,
        fill: colours[i],
        fontSize: font,
        fontWeight: 700,
        align: cluster ? 'right' : 'left',
        verticalAlign: 'bottom',
        backgroundColor: PLATE,
        borderColor: colours[i],
        borderWidth: 1,
        borderRadius: 3,
        padding: [0, 3],
      },
    };
  };
  const option: CustomSeriesOption = {
    type: 'custom',
    id: SERIES.badges,
    coordinateSystem: 'cartesian2d',
    zlevel: 1,
    z: 25,
    silent: true,
    clip: true,
    animation: false,
    dimensions: ['x', 'y'],
    encode: { x: 0, y: 1 },
    renderItem,
    data: kept.length > 0 ? coords : [],
  };
  return { id: SERIES.badges, option, sig, ids: kept.map((b) => b.key), coords };
}
