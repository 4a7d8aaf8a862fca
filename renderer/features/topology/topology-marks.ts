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

/** A Float64Array grown by doubling: the line table's quads, written once per line. */
class Floats {
  private buf = new Float64Array(256);
  length = 0;
  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = a;
    this.buf[this.length++] = b;
    this.buf[this.length++] = c;
    this.buf[this.length++] = d;
  }
  at(i: number): number {
    return this.buf[i]!;
  }
}

/** A status's set; anything else the stream may carry is drawn as unknown. One Map lookup per item (35,000 everything expanded). */
const STATUS_SLOT = new Map<string, number>(STATUSES.map((s, i) => [s, i]));
const UNKNOWN_SLOT = STATUSES.indexOf('unknown');
const STATUS_INDEX = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<NodeStatus, number>;

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
    const k = STATUS_SLOT.get(status) ?? UNKNOWN_SLOT;
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
  const marks = STATUSES.map((status): BuiltMarks => {
    const sizePx = sizeOf(status);
    return {
      id: SERIES.nodes(status),
      layer: 'marks',
      style: { kind: 'nodes', status, color: STATUS_STYLE[status].color, sizePx, z: 3 + STATUS_RANK[status] },
      sig: [sizePx],
      ...sets[STATUS_INDEX[status]]!,
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
 * Where each line is drawn while nothing that places it moves: the ends' geometry
 * (`versions.geometry`) and the filters (by identity). A recolour then looks each line up by
 * its entity (an object: no string to hash) and copies four numbers, instead of finding both
 * ends and anchoring them again (most of an everything-expanded update, bench:topology (b));
 * only entities the delta replaced are looked up by key. A status filter hides ends as
 * statuses change, so under one nothing is kept.
 */
class LinePlaces {
  /** Entity → slot; a replaced entity (a new worst status) misses once and finds its slot by key. */
  readonly slotOf = new WeakMap<object, number>();
  readonly slotByKey = new Map<string, number>();
  /** Per slot: its quad (NaN: an end is not drawn) and its id. */
  readonly quads = new Floats();
  readonly ids: string[] = [];
  /**
   * The entity met at each position of the last walk, and its slot. The model's maps keep their
   * order (an upsert replaces in place), so a walk meets mostly the same entities in the same
   * places: one identity compare finds the slot, with no hashing (25,000 lines everything expanded).
   */
  walked: object[] = [];
  walkedSlot = new Int32Array(0);
  constructor(
    readonly geometry: number,
    readonly filters: TopologyFilters,
  ) {}
}

const linePlaces = new WeakMap<TopologyModel, LinePlaces>();

function placesFor(model: TopologyModel, filters: TopologyFilters): LinePlaces {
  const kept = linePlaces.get(model);
  // Bounded: keys of links gone since the geometry last moved are dropped with the whole table.
  if (kept && kept.geometry === model.versions.geometry && kept.filters === filters && kept.ids.length <= 2 * MAX_DRAWN_LINES) return kept;
  const fresh = new LinePlaces(model.versions.geometry, filters);
  if (filters.status === null) linePlaces.set(model, fresh);
  else linePlaces.delete(model);
  return fresh;
}

type End = TopologyLinkEntity['source'];
type LineEntity = object;

/**
 * Links and edges: one set per worst status, `lines:<status>`, as x1, y1, x2, y2 quads with the
 * entity keys and edge counts beside them (`ids`, `values`).
 */
export function buildLineMarks(input: TopologyChartInput, view: TopologyChartView): BuiltMarks[] {
  const { model, filters } = input;
  const places = placesFor(model, filters);
  let nodes: Map<string, TopologyPlacedNodeEntity> | null = null;
  const geo = (end: End): Geo | null => {
    if (end.kind === 'node') {
      nodes ??= nodeIndex(model);
      const n = nodes.get(end.id);
      return n && nodePasses(n, filters) ? { x: n.x, y: n.y, w: 0, h: 0 } : null;
    }
    const c = model.clusters.get(end.id);
    return c && clusterPasses(c, filters) ? { x: c.x, y: c.y, w: c.w, h: c.h } : null;
  };
  // On a miss only (a new or replaced entity): the line's key, and its ends placed once per key.
  const miss = (entity: LineEntity, prefix: string | null, key: string, source: End | string, target: End | string): number => {
    const id = prefix === null ? key : `${prefix}/${key}`;
    let slot = places.slotByKey.get(id);
    if (slot === undefined) {
      slot = places.ids.length;
      places.ids.push(id);
      places.slotByKey.set(id, slot);
      const a = geo(typeof source === 'string' ? { kind: 'node', id: source } : source);
      const b = geo(typeof target === 'string' ? { kind: 'node', id: target } : target);
      const p = a && b ? anchor(a, b) : [NaN, NaN];
      const q = a && b ? anchor(b, a) : [NaN, NaN];
      places.quads.push4(p[0]!, p[1]!, q[0]!, q[1]!);
    }
    places.slotOf.set(entity, slot);
    return slot;
  };
  // Items are slots (small integers: nothing allocated per line on a hit); edge counts beside them.
  const bins = new StatusBins<number>();
  const counts: number[] = [];
  const push = (slot: number, count: number, worst: NodeStatus) => {
    if (bins.size >= MAX_DRAWN_LINES || Number.isNaN(places.quads.at(4 * slot))) return;
    bins.add(slot, worst);
    counts.push(count);
  };
  const walked = places.walked;
  let walkedSlot = places.walkedSlot;
  let at = 0;
  const slotOf = (entity: LineEntity, prefix: string | null, key: string, source: End | string, target: End | string): number => {
    let slot: number;
    if (walked[at] === entity) slot = walkedSlot[at]!;
    else {
      slot = places.slotOf.get(entity) ?? miss(entity, prefix, key, source, target);
      walked[at] = entity;
      if (at >= walkedSlot.length) {
        const grown = new Int32Array(Math.max(256, 2 * walkedSlot.length));
        grown.set(walkedSlot);
        walkedSlot = places.walkedSlot = grown;
      }
      walkedSlot[at] = slot;
    }
    at++;
    return slot;
  };
  // A cluster this console expanded is replaced by its members' own links and edges.
  const replaced = (end: End) => end.kind === 'cluster' && model.expanded.has(end.id);
  // forEach, not for…of: no [key, value] pair per entry.
  model.links.forEach((l, key) => {
    if (replaced(l.source) || replaced(l.target)) return;
    push(slotOf(l, null, key, l.source, l.target), l.count, l.worst);
  });
  for (const c of model.expanded.values()) {
    c.links.forEach((l, key) => push(slotOf(l, c.id, key, l.source, l.target), l.count, l.worst));
    c.edges.forEach((e, key) => push(slotOf(e, c.id, key, e.source, e.target), 1, e.worst));
  }
  walked.length = at;
  const values = STATUSES.map((): number[] => []);
  const q = places.quads;
  const sets = bins.sort(
    4,
    (slot, out, at) => {
      const from = 4 * slot;
      out[at] = q.at(from);
      out[at + 1] = q.at(from + 1);
      out[at + 2] = q.at(from + 2);
      out[at + 3] = q.at(from + 3);
      return places.ids[slot]!;
    },
    (i, k) => values[k]!.push(counts[i]!),
  );
  const wall = view.mode === 'wall';
  // Level of detail for lines: past LOD_CAP (expansions open) they are hairlines, colour still
  // by status. Thousands of member edges at wall width were an unreadable mat, and software
  // raster strokes a 3.75 px line several times slower than a 1 px one (bench:topology (b)).
  const dense = bins.size > LOD_CAP;
  return STATUSES.map((status): BuiltMarks => {
    const calm = status === 'ok' || status === 'maintenance';
    const widthPx = dense ? 1 : (calm ? 1.2 : 2.5) * (wall ? 1.5 : 1);
    const opacity = calm ? 0.35 : 0.85;
    const k = STATUS_INDEX[status];
    return {
      id: SERIES.lines(status),
      layer: 'marks',
      // Links sit under the nodes; on a wall nobody points at them.
      style: { kind: 'lines', status, color: STATUS_STYLE[status].color, widthPx, opacity, z: 2 + STATUS_RANK[status], silent: wall },
      sig: [widthPx, opacity, wall],
      ...sets[k]!,
      values: values[k]!,
    };
  });
}
