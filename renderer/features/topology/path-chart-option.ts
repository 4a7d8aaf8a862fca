import type { LinesSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { STATUSES, STATUS_RANK, worseStatus, type NodeStatus } from '../../../shared/domain/topology';
import type { TopologyPathResult } from '../../../shared/protocol/topology-layout';
import type { SkyfortChartOption } from '../../app/echarts';
import { STATUS_STYLE } from '../../app/status-style';
import { statusSymbol } from './status-symbols';

/** A click's path drawing stays small: the server truncates, and the console caps what it draws too. */
export const MAX_PATH_NODES = 500;
export const MAX_PATH_EDGES = 1_500;

type PathNode = TopologyPathResult['nodes'][number];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * "Runs on" for one business system: the server's layered drawing (each node's x, y from
 * `/api/v1/topology/paths/:id`) drawn as given, like the wall: one scatter series per status
 * (colour and shape), lines coloured by their worse end with an arrow towards what is depended on.
 */
export function buildPathOption(result: TopologyPathResult, statusText: Record<NodeStatus, string>, fontPx: number): SkyfortChartOption {
  const nodes = result.nodes.slice(0, MAX_PATH_NODES);
  const byId = new Map<string, PathNode>(nodes.map((n) => [n.id, n]));
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x);
    maxX = Math.max(maxX, n.x);
    minY = Math.min(minY, n.y);
    maxY = Math.max(maxY, n.y);
  }
  if (nodes.length === 0) minX = maxX = minY = maxY = 0;
  // Room around the drawing for symbols and the names beside them.
  const padX = Math.max(1, (maxX - minX) * 0.12);
  const padY = Math.max(1, (maxY - minY) * 0.12);

  const nodeSeries: ScatterSeriesOption[] = STATUSES.map((s) => ({
    type: 'scatter',
    id: `path-nodes:${s}`,
    name: statusText[s],
    z: 3 + STATUS_RANK[s],
    symbol: statusSymbol(s),
    symbolSize: (_v, p) => ((p.data as { root?: boolean } | null)?.root ? 22 : 14),
    itemStyle: { color: STATUS_STYLE[s].color },
    // Names where they fit (overlaps dropped); every name is in the tooltip.
    label: { show: true, position: 'right', formatter: '{b}', fontSize: fontPx, color: '#dbe4f0', width: fontPx * 12, overflow: 'truncate' },
    labelLayout: { hideOverlap: true },
    animation: false,
    data: nodes.filter((n) => (STATUS_STYLE[n.status] ? n.status : 'unknown') === s).map((n) => ({ id: n.id, name: n.name, value: [n.x, n.y], root: n.id === result.root })),
  }));

  const lines = new Map<NodeStatus, Array<{ id: string; coords: [number, number][] }>>(STATUSES.map((s) => [s, []]));
  for (const e of result.edges.slice(0, MAX_PATH_EDGES)) {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    if (!a || !b) continue;
    lines.get(worseStatus(a.status, b.status))?.push({ id: e.id, coords: [[a.x, a.y], [b.x, b.y]] });
  }
  const lineSeries: LinesSeriesOption[] = STATUSES.map((s) => ({
    type: 'lines',
    id: `path-lines:${s}`,
    coordinateSystem: 'cartesian2d',
    z: 1,
    silent: true,
    // Source depends on target: the arrow points at what is depended on.
    symbol: ['none', 'arrow'],
    symbolSize: 9,
    animation: false,
    lineStyle: { color: STATUS_STYLE[s].color, width: s === 'ok' ? 1.5 : 2.5, opacity: 0.8 },
    data: lines.get(s)!,
  }));

  return {
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: false },
    xAxis: { type: 'value', show: false, min: minX - padX, max: maxX + padX * 3 },
    yAxis: { type: 'value', show: false, inverse: true, min: minY - padY, max: maxY + padY },
    // A path can be 100 components wide: the operator pans and zooms it like the wall.
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
    ],
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const n = byId.get(String((p as { data?: { id?: string } }).data?.id ?? ''));
        return n ? [n.name, `${n.kind} · ${n.dc}`, statusText[n.status] ?? n.status].map(escapeHtml).join('<br/>') : '';
      },
    },
    series: [...lineSeries, ...nodeSeries],
  } as SkyfortChartOption;
}
