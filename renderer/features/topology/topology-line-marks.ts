import { STATUSES, STATUS_RANK } from '../../../shared/domain/topology';
import { LOD_CAP, type TopologyLinkEntity, type TopologyPlacedNodeEntity } from '../../../shared/protocol/topology-layout';
import { STATUS_STYLE } from '../../app/status-style';
import { clusterPasses, nodePasses, type TopologyFilters } from './topology-filters';
import { LINE_LOG_SIZE, lineAt, type LineEntity, type TopologyModel } from './topology-model';
import { MAX_DRAWN_LINES, drawnNodes, statusSlot, type TopologyChartInput } from './topology-marks';
import { SERIES, type BuiltMarks, type TopologyChartView } from './topology-chart-types';

/**
 * Links and edges as line marks, one set per worst status, `lines:<status>`: x1, y1, x2, y2
 * quads with the entity keys and edge counts beside them (`ids`, `values`). Pure in what it
 * returns (the same model gives the same sets); what it keeps between calls only saves work.
 *
 * Every line has a slot in a table kept per model while nothing that places lines moves (the
 * ends' geometry, `versions.geometry`, and the filters, by identity): its quad, anchored once
 * (NaN: an end is not drawn), and its current status and count. A recolour then applies the
 * model's line log (the lines the deltas touched, looked up again; topology-model.ts) to those slots and sorts
 * the slots into sets; it never walks the 24,000 lines of an everything-expanded wall, whose
 * entities are scattered through the heap (the walk was most of such an update, bench:topology
 * (b)). A full walk happens after a structural change, when the log has wrapped past what the
 * table applied, and always under a status filter (which hides ends as statuses change).
 */

type Geo = { x: number; y: number; w: number; h: number };
type End = TopologyLinkEntity['source'];

/** Where a line meets a drawn element: a node's centre, or the side of a box facing the other end. */
export function anchor(a: Geo, b: Geo): [number, number] {
  if (a.w === 0 && a.h === 0) return [a.x, a.y];
  const by = b.y + b.h / 2;
  const bx = b.x + b.w / 2;
  if (by > a.y + a.h) return [a.x + a.w / 2, a.y + a.h];
  if (by < a.y) return [a.x + a.w / 2, a.y];
  return bx < a.x ? [a.x, a.y + a.h / 2] : [a.x + a.w, a.y + a.h / 2];
}

/** Where each drawn node is, by id (one pass per table instead of a search per line end). */
function nodeIndex(model: TopologyModel): Map<string, TopologyPlacedNodeEntity> {
  const out = new Map<string, TopologyPlacedNodeEntity>();
  // drawnNodes yields each id once: the wall's first, then the first expanded cluster holding it.
  for (const n of drawnNodes(model)) out.set(n.id, n);
  return out;
}

/** Typed per-slot columns, grown by doubling. */
function grown<T extends Float64Array | Uint8Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const next = make(Math.max(256, 2 * a.length, need));
  next.set(a);
  return next;
}

class LineTable {
  readonly slotByKey = new Map<string, number>();
  readonly ids: string[] = [];
  quads = new Float64Array(0);
  status = new Uint8Array(0);
  counts = new Float64Array(0);
  alive = new Uint8Array(0);
  /** The line log's seq this table has applied up to; -1: never filled. */
  seq = -1;
  private nodes: Map<string, TopologyPlacedNodeEntity> | null = null;

  constructor(
    private readonly model: TopologyModel,
    readonly geometry: number,
    readonly filters: TopologyFilters,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  private geo(end: End): Geo | null {
    if (end.kind === 'node') {
      this.nodes ??= nodeIndex(this.model);
      const n = this.nodes.get(end.id);
      return n && nodePasses(n, this.filters) ? { x: n.x, y: n.y, w: 0, h: 0 } : null;
    }
    const c = this.model.clusters.get(end.id);
    return c && clusterPasses(c, this.filters) ? { x: c.x, y: c.y, w: c.w, h: c.h } : null;
  }

  /** The line's slot, placed on first sight (its ends anchored once). */
  private slot(id: string, e: LineEntity): number {
    let slot = this.slotByKey.get(id);
    if (slot !== undefined) return slot;
    slot = this.ids.length;
    this.ids.push(id);
    this.slotByKey.set(id, slot);
    this.quads = grown(this.quads, 4 * slot + 4, (n) => new Float64Array(n));
    this.status = grown(this.status, slot + 1, (n) => new Uint8Array(n));
    this.counts = grown(this.counts, slot + 1, (n) => new Float64Array(n));
    this.alive = grown(this.alive, slot + 1, (n) => new Uint8Array(n));
    const source: End = typeof e.source === 'string' ? { kind: 'node', id: e.source } : e.source;
    const target: End = typeof e.target === 'string' ? { kind: 'node', id: e.target } : e.target;
    const a = this.geo(source);
    const b = this.geo(target);
    const p = a && b ? anchor(a, b) : [NaN, NaN];
    const q = a && b ? anchor(b, a) : [NaN, NaN];
    this.quads.set([p[0]!, p[1]!, q[0]!, q[1]!], 4 * slot);
    return slot;
  }

  /** A line as it is now (null: gone). A wall link to a cluster this console expanded is replaced by its members' own. */
  put(cluster: string | null, key: string, e: LineEntity | null): void {
    const id = cluster === null ? key : `${cluster}/${key}`;
    if (e === null || (cluster === null && this.replaced(e as TopologyLinkEntity))) {
      const slot = this.slotByKey.get(id);
      if (slot !== undefined) this.alive[slot] = 0;
      return;
    }
    const slot = this.slot(id, e);
    this.alive[slot] = 1;
    this.status[slot] = statusSlot(e.worst);
    this.counts[slot] = e.type === 'link' ? e.count : 1;
  }

  private replaced(l: TopologyLinkEntity): boolean {
    const x = this.model.expanded;
    return (l.source.kind === 'cluster' && x.has(l.source.id)) || (l.target.kind === 'cluster' && x.has(l.target.id));
  }

  /** Every line the model holds. */
  walk(): void {
    this.alive.fill(0);
    const m = this.model;
    m.links.forEach((l, key) => this.put(null, key, l));
    for (const c of m.expanded.values()) {
      c.links.forEach((l, key) => this.put(c.id, key, l));
      c.edges.forEach((e, key) => this.put(c.id, key, e));
    }
  }

  /** Brings the table up to the model's lines: the log since it last looked, or a full walk. */
  update(): void {
    const log = this.model.lineLog;
    if (this.seq < 0 || log.seq - this.seq > LINE_LOG_SIZE) this.walk();
    else {
      for (let n = this.seq; n < log.seq; n++) {
        const i = n % LINE_LOG_SIZE;
        const cluster = log.cluster[i] ?? null;
        const key = log.key[i];
        if (key === null || key === undefined) continue;
        this.put(cluster, key, lineAt(this.model, cluster, key) ?? null);
        // Applied: the ring holds no key longer than it has to (this table is the model's one reader that replays).
        log.cluster[i] = null;
        log.key[i] = null;
      }
    }
    this.seq = log.seq;
  }
}

const tables = new WeakMap<TopologyModel, LineTable>();

function tableFor(model: TopologyModel, filters: TopologyFilters): LineTable {
  const kept = tables.get(model);
  // Bounded: slots of lines gone since the geometry last moved go with the whole table.
  if (kept && kept.geometry === model.versions.geometry && kept.filters === filters && kept.size <= 2 * MAX_DRAWN_LINES) return kept;
  const fresh = new LineTable(model, model.versions.geometry, filters);
  if (filters.status === null) tables.set(model, fresh);
  else tables.delete(model);
  return fresh;
}

export function buildLineMarks(input: TopologyChartInput, view: TopologyChartView): BuiltMarks[] {
  const t = tableFor(input.model, input.filters);
  t.update();
  // Two passes over the slots' columns: count per status (up to the cap), then fill each set at its size.
  const total = new Int32Array(STATUSES.length);
  let drawn = 0;
  const { alive, quads, status, counts, ids } = t;
  for (let s = 0; s < t.size && drawn < MAX_DRAWN_LINES; s++) {
    if (alive[s] === 0 || Number.isNaN(quads[4 * s])) continue;
    total[status[s]!]!++;
    drawn++;
  }
  const sets = STATUSES.map((_, k) => ({ coords: new Float64Array(4 * total[k]!), ids: new Array<string>(total[k]!), values: new Array<number>(total[k]!) }));
  const filled = new Int32Array(STATUSES.length);
  for (let s = 0, left = drawn; s < t.size && left > 0; s++) {
    if (alive[s] === 0 || Number.isNaN(quads[4 * s])) continue;
    const k = status[s]!;
    const j = filled[k]!++;
    const set = sets[k]!;
    set.coords.set(quads.subarray(4 * s, 4 * s + 4), 4 * j);
    set.ids[j] = ids[s]!;
    set.values[j] = counts[s]!;
    left--;
  }
  const wall = view.mode === 'wall';
  // Level of detail for lines: past LOD_CAP (expansions open) they are hairlines, colour still
  // by status. Thousands of member edges at wall width were an unreadable mat, and software
  // raster strokes a 3.75 px line several times slower than a 1 px one (bench:topology (b)).
  const dense = drawn > LOD_CAP;
  return STATUSES.map((status, k): BuiltMarks => {
    const calm = status === 'ok' || status === 'maintenance';
    const widthPx = dense ? 1 : (calm ? 1.2 : 2.5) * (wall ? 1.5 : 1);
    const opacity = calm ? 0.35 : 0.85;
    return {
      id: SERIES.lines(status),
      layer: 'marks',
      // Links sit under the nodes; on a wall nobody points at them.
      style: { kind: 'lines', status, color: STATUS_STYLE[status].color, widthPx, opacity, z: 2 + STATUS_RANK[status], silent: wall },
      sig: [widthPx, opacity, wall],
      ...sets[k]!,
    };
  });
}
