import { STATUSES, STATUS_RANK, type NodeStatus } from '../../../shared/domain/topology';
import { LOD_CAP, type TopologyLinkEntity, type TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import { STATUS_STYLE } from '../../app/status-style';
import { clusterPasses, nodePasses, type TopologyFilters } from './topology-filters';
import { fitRange, nodeSymbolSize } from './topology-fit';
import type { TopologyModel } from './topology-model';
import { MAX_HEALTH_NODES } from './topology-overlays';
import { SERIES, type BuiltMarks, type TopologyChartView } from './topology-chart-types';

/**
 * The wall's bulk, nodes and lines, as flat typed arrays per status (BuiltMarks) for the mark
 * layer (topology-mark-layer.ts). Pure: same model, same marks; every coordinate is the
 * server's x, y (a line's ends where it meets what it joins), mapped to pixels only when drawn.
 */

/** Most nodes and lines drawn at once, whatever arrives (architecture.md: every array capped). */
export const MAX_DRAWN_NODES = 25_000;
export const MAX_DRAWN_LINES = 25_000;

export interface TopologyChartInput {
  model: TopologyModel;
  filters: TopologyFilters;
  /** The node a search or a click picked: ringed and named. */
  focus: string | null;
}

/** Every node drawn: wall level first, then the expanded clusters' members not already drawn. */
export function* drawnNodes(model: TopologyModel): Generator<TopologyPlacedNodeEntity> {
  yield* model.nodes.values();
  for (const c of model.expanded.values()) for (const n of c.nodes.values()) if (!model.nodes.has(n.id)) yield n;
}

/** Grows a Float64Array by doubling, so coordinates are written once, without a number[] in between. */
class Floats {
  private buf = new Float64Array(64);
  length = 0;
  push2(a: number, b: number): void {
    if (this.length + 2 > this.buf.length) this.grow();
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
  }
  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.buf.length) this.grow();
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
    this.buf[this.length++] = c;
    this.buf[this.length++] = d;
  }
  private grow(): void {
    const next = new Float64Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
  /** A copy of exactly the written part (the layer keeps it; the builder's buffer is dropped). */
  done(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}

const perStatus = <T>(make: () => T) => new Map<NodeStatus, T>(STATUSES.map((s) => [s, make()]));
const known = (s: NodeStatus): NodeStatus => (STATUS_STYLE[s] ? s : 'unknown');

/** The node marks and what else one walk over the drawn nodes collects for the series beside them. */
export interface NodeWalk {
  /** One set per status, `nodes:<status>`: each status its own colour and shape, worse ones a little larger. */
  marks: BuiltMarks[];
  /** Business systems drawn (the names series labels them while few enough). */
  business: TopologyPlacedNodeEntity[];
  /** Health mode: nodes the `health` topic scores, drawn by the health series instead of their status set. */
  scored: TopologyPlacedNodeEntity[];
  /** Symbol size in pixels of a status's nodes. */
  sizeOf: (s: NodeStatus) => number;
}

export function walkNodes(input: TopologyChartInput, view: TopologyChartView): NodeWalk {
  const { model, filters } = input;
  const xy = perStatus(() => new Floats());
  const idsOf = perStatus((): string[] => []);
  const business: TopologyPlacedNodeEntity[] = [];
  const bands = model.colourBy === 'health' ? model.health : null;
  const scored: TopologyPlacedNodeEntity[] = [];
  let count = 0;
  for (const n of drawnNodes(model)) {
    if (count >= MAX_DRAWN_NODES) break;
    if (!nodePasses(n, filters)) continue;
    count++;
    if (n.layer === 'business') business.push(n);
    if (bands?.has(n.id) && scored.length < MAX_HEALTH_NODES) {
      scored.push(n);
      continue;
    }
    const s = known(n.status);
    xy.get(s)!.push2(n.x, n.y);
    idsOf.get(s)!.push(n.id);
  }
  const size = nodeSymbolSize(fitRange(model.frame, view), view);
  // Worse statuses a little larger and above: the eye finds them first.
  const sizeOf = (s: NodeStatus) => (s === 'ok' ? size : Math.round(size * 1.35));
  const marks = STATUSES.map((status): BuiltMarks => {
    const sizePx = sizeOf(status);
    return {
      id: SERIES.nodes(status),
      style: { kind: 'nodes', status, color: STATUS_STYLE[status].color, sizePx, z: 3 + STATUS_RANK[status] },
      sig: [sizePx],
      ids: idsOf.get(status)!,
      coords: xy.get(status)!.done(),
    };
  });
  return { marks, business, scored, sizeOf };
}

type Geo = { x: number; y: number; w: number; h: number };

/** Where a line meets a drawn element: a node's centre, or the side of a box facing the other end. */
export function anchor(a: Geo, b: Geo): [number, number] {
  if (a.w === 0 && a.h === 0) return [a.x, a.y];
  const by = b.y + b.h / 2;
  const bx = b.x + b.w / 2;
  if (by > a.y + a.h) return [a.x + a.w / 2, a.y + a.h];
  if (by < a.y) return [a.x + a.w / 2, a.y];
  return bx < a.x ? [a.x, a.y + a.h / 2] : [a.x + a.w, a.y + a.h / 2];
}

/** Where each drawn node is, by id (one pass per build instead of a search per line end). */
function nodeIndex(model: TopologyModel): Map<string, TopologyPlacedNodeEntity> {
  const out = new Map<string, TopologyPlacedNodeEntity>();
  // drawnNodes yields each id once: the wall's first, then the first expanded cluster holding it.
  for (const n of drawnNodes(model)) out.set(n.id, n);
  return out;
}

/**
 * Links and edges: one set per worst status, `lines:<status>`, as x1, y1, x2, y2 quads with the
 * entity keys and edge counts beside them (`ids`, `values`).
 */
export function buildLineMarks(input: TopologyChartInput, view: TopologyChartView): BuiltMarks[] {
  const { model, filters } = input;
  const flat = perStatus(() => new Floats());
  const idsOf = perStatus((): string[] => []);
  const valuesOf = perStatus((): number[] => []);
  let count = 0;
  const push = (id: string, a: Geo | null, b: Geo | null, n: number, worst: NodeStatus) => {
    if (!a || !b || count >= MAX_DRAWN_LINES) return;
    const s = known(worst);
    const p = anchor(a, b);
    const q = anchor(b, a);
    flat.get(s)!.push4(p[0], p[1], q[0], q[1]);
    idsOf.get(s)!.push(id);
    valuesOf.get(s)!.push(n);
    count++;
  };
  const nodes = nodeIndex(model);
  const nodeGeo = (id: string): Geo | null => {
    const n = nodes.get(id);
    return n && nodePasses(n, filters) ? { x: n.x, y: n.y, w: 0, h: 0 } : null;
  };
  const geo = (end: TopologyLinkEntity['source']): Geo | null => {
    if (end.kind === 'node') return nodeGeo(end.id);
    const c = model.clusters.get(end.id);
    return c && clusterPasses(c, filters) ? { x: c.x, y: c.y, w: c.w, h: c.h } : null;
  };
  // A cluster this console expanded is replaced by its members' own links and edges.
  const replaced = (end: TopologyLinkEntity['source']) => end.kind === 'cluster' && model.expanded.has(end.id);
  for (const [key, l] of model.links) {
    if (replaced(l.source) || replaced(l.target)) continue;
    push(key, geo(l.source), geo(l.target), l.count, l.worst);
  }
  for (const c of model.expanded.values()) {
    for (const [key, l] of c.links) push(`${c.id}/${key}`, geo(l.source), geo(l.target), l.count, l.worst);
    for (const [key, e] of c.edges) push(`${c.id}/${key}`, nodeGeo(e.source), nodeGeo(e.target), 1, e.worst);
  }
  const wall = view.mode === 'wall';
  // Level of detail for lines: past LOD_CAP (expansions open) they are hairlines, colour still
  // by status. Thousands of member edges at wall width were an unreadable mat, and software
  // raster strokes a 3.75 px line several times slower than a 1 px one (bench:topology (b)).
  const dense = count > LOD_CAP;
  return STATUSES.map((status): BuiltMarks => {
    const calm = status === 'ok' || status === 'maintenance';
    const widthPx = dense ? 1 : (calm ? 1.2 : 2.5) * (wall ? 1.5 : 1);
    const opacity = calm ? 0.35 : 0.85;
    return {
      id: SERIES.lines(status),
      // Links sit under the nodes; on a wall nobody points at them.
      style: { kind: 'lines', status, color: STATUS_STYLE[status].color, widthPx, opacity, z: 2 + STATUS_RANK[status], silent: wall },
      sig: [widthPx, opacity, wall],
      ids: idsOf.get(status)!,
      coords: flat.get(status)!.done(),
      values: valuesOf.get(status)!,
    };
  });
}
