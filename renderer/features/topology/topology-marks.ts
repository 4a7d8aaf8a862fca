import { STATUSES, STATUS_RANK, type NodeStatus } from '../../../shared/domain/topology';
import type { TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import { STATUS_STYLE } from '../../app/status-style';
import { nodePasses, type TopologyFilters } from './topology-filters';
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

/** A status's set; anything else the stream may carry is drawn as unknown. One Map lookup per item (35,000 everything expanded). */
const STATUS_SLOT = new Map<string, number>(STATUSES.map((s, i) => [s, i]));
const UNKNOWN_SLOT = STATUSES.indexOf('unknown');
export const statusSlot = (s: string): number => STATUS_SLOT.get(s) ?? UNKNOWN_SLOT;

/**
 * Items sorted into one set per status in two passes: each item's status is noted, then every
 * set's arrays are allocated at their exact size and filled: no growing, no copying, no
 * intermediate arrays (an everything-expanded update sorts 35,000 items).
 */
class StatusBins<T> {
  private readonly items: T[] = [];
  private readonly statuses: number[] = [];
  private readonly counts = new Int32Array(STATUSES.length);

  get size(): number {
    return this.items.length;
  }

  add(item: T, status: NodeStatus): void {
    const k = statusSlot(status);
    this.items.push(item);
    this.statuses.push(k);
    this.counts[k]!++;
  }

  /** Per status (STATUSES order): `stride` numbers per item written by `write`, which returns the item's id. */
  /** `also` sees each item's position in adding order, for arrays kept beside the items. */
  sort(stride: number, write: (item: T, out: Float64Array, at: number) => string, also?: (index: number, statusIndex: number) => void): Array<{ coords: Float64Array; ids: string[] }> {
    const sets = STATUSES.map((_, k) => ({ coords: new Float64Array(stride * this.counts[k]!), ids: new Array<string>(this.counts[k]!) }));
    const filled = new Int32Array(STATUSES.length);
    for (let i = 0; i < this.items.length; i++) {
      const k = this.statuses[i]!;
      const j = filled[k]!++;
      const set = sets[k]!;
      set.ids[j] = write(this.items[i]!, set.coords, stride * j);
      also?.(i, k);
    }
    return sets;
  }
}

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
  const business: TopologyPlacedNodeEntity[] = [];
  const bands = model.colourBy === 'health' ? model.health : null;
  const scored: TopologyPlacedNodeEntity[] = [];
  const bins = new StatusBins<TopologyPlacedNodeEntity>();
  let count = 0;
  const take = (n: TopologyPlacedNodeEntity) => {
    if (count >= MAX_DRAWN_NODES || !nodePasses(n, filters)) return;
    count++;
    if (n.layer === 'business') business.push(n);
    if (bands?.has(n.id) && scored.length < MAX_HEALTH_NODES) scored.push(n);
    else bins.add(n, n.status);
  };
  // As drawnNodes, without a generator's step per node (an everything-expanded walk is 10,000).
  for (const n of model.nodes.values()) take(n);
  for (const c of model.expanded.values()) for (const n of c.nodes.values()) if (!model.nodes.has(n.id)) take(n);
  const sets = bins.sort(2, (n, out, at) => {
    out[at] = n.x;
    out[at + 1] = n.y;
    return n.id;
  });
  const size = nodeSymbolSize(fitRange(model.frame, view), view);
  // Worse statuses a little larger and above: the eye finds them first.
  const sizeOf = (s: NodeStatus) => (s === 'ok' ? size : Math.round(size * 1.35));
  const marks = STATUSES.map((status, k): BuiltMarks => {
    const sizePx = sizeOf(status);
    return {
      id: SERIES.nodes(status),
      layer: 'marks',
      style: { kind: 'nodes', status, color: STATUS_STYLE[status].color, sizePx, z: 3 + STATUS_RANK[status] },
      sig: [sizePx],
      ...sets[k]!,
    };
  });
  return { marks, business, scored, sizeOf };
}
