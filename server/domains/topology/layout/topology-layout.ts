import dagre from '@dagrejs/dagre';
import { LAYERS, type Layer } from '../../../../shared/domain/topology.js';
import { LAYOUT_CELL, type TopologyFrameEntity } from '../../../../shared/protocol/topology-layout.js';
import type { TopologyGraph, TopologyNodeView } from '../topology-graph.js';

/** Member cells reserved beyond a cluster's size at layout time, so growth does not move anything. */
const ROW_HEADROOM = 1.25;
const CLUSTER_PAD = LAYOUT_CELL;
const CLUSTER_HEADER = 2 * LAYOUT_CELL;
const CLUSTER_GAP = 3 * LAYOUT_CELL;
const BAND_GAP = 6 * LAYOUT_CELL;
const DC_GAP = 10 * LAYOUT_CELL;
/** A data-center column keeps room for clusters that appear after the first layout. */
const DC_WIDTH_HEADROOM = 1.2;

export interface Cluster {
  id: string;
  layer: Layer;
  dc: string;
  group: string;
  x: number;
  y: number;
  cols: number;
  rows: number;
  /** Slot → node id (undefined for a freed slot, reused before the grid grows). */
  slots: Array<string | undefined>;
  free: number[];
  w: number;
  h: number;
}

/** Business systems group by domain (B/O/M), everything else by kind; both per data center. */
export function clusterIdOf(n: Pick<TopologyNodeView, 'layer' | 'dc' | 'kind' | 'domain'>): string {
  const group = n.layer === 'business' ? (n.domain ?? 'B') : n.kind;
  return `${n.layer}.${n.dc}.${group}`.replace(/[^A-Za-z0-9._:-]/g, '-');
}

function gridFor(members: number): { cols: number; rows: number } {
  const cols = Math.max(2, Math.min(80, Math.ceil(Math.sqrt(members * 2))));
  return { cols, rows: Math.max(1, Math.ceil((members * ROW_HEADROOM) / cols)) };
}

/**
 * Where every node is drawn, computed on the server once and then only extended:
 *
 *  - fixed horizontal bands for the layers, top to bottom, and a column per data center;
 *  - a layout library (dagre) orders only the clusters (kind × data center; business systems by
 *    domain × data center) to cut edge crossings: ~50 boxes instead of 20,000 points;
 *  - members sit in a grid inside their cluster, in slot order;
 *  - later nodes take a free slot or the next one, later clusters go to the end of their band's
 *    section, later data centers to the right: nothing already placed ever moves.
 *
 * Growth beyond the reserved rows spills below the box (the cluster reports its real height)
 * rather than moving neighbours; a full `relayout()` is the explicit way to tidy up.
 */
export class TopologyLayout {
  private readonly clusters = new Map<string, Cluster>();
  private readonly placed = new Map<string, { cluster: Cluster; slot: number }>();
  private bands = new Map<Layer, { y: number; h: number }>();
  private dcs = new Map<string, { x: number; w: number; used: Map<Layer, number> }>();
  private width = 0;
  private height = 0;
  private ver = 0;
  /** How long the last full layout took, ms. */
  lastLayoutMs = 0;

  constructor(private readonly graph: TopologyGraph) {}

  /** Moves whenever anything was placed or freed. */
  get version(): number {
    return this.ver;
  }

  /** Places what is new, frees what is gone; lays out from scratch when nothing was placed yet. */
  sync(): void {
    if (this.placed.size === 0 && this.graph.nodeCount > 0) {
      this.relayout();
      return;
    }
    let changed = false;
    for (const [id, p] of this.placed) {
      if (this.graph.hasNode(id)) continue;
      p.cluster.slots[p.slot] = undefined;
      p.cluster.free.push(p.slot);
      this.placed.delete(id);
      changed = true;
    }
    for (const n of this.graph.nodes()) {
      const p = this.placed.get(n.id);
      if (p && p.cluster.id === clusterIdOf(n)) continue;
      if (p) {
        p.cluster.slots[p.slot] = undefined;
        p.cluster.free.push(p.slot);
      }
      this.place(n);
      changed = true;
    }
    if (changed) this.ver++;
  }

  /** Everything from scratch: bands, data-center columns, cluster order, member grids. */
  relayout(): void {
    const started = performance.now();
    this.clusters.clear();
    this.placed.clear();
    const members = new Map<string, TopologyNodeView[]>();
    for (const n of this.graph.nodes()) {
      const id = clusterIdOf(n);
      const list = members.get(id);
      if (list) list.push(n);
      else members.set(id, [n]);
    }
    const order = this.orderClusters(members);
    const dcNames = [...new Set([...members.values()].map((m) => m[0]!.dc))].sort();

    // Band heights and data-center widths from the clusters' reserved grids.
    const sizes = new Map<string, { cols: number; rows: number; w: number; h: number }>();
    for (const [id, list] of members) {
      const g = gridFor(list.length);
      sizes.set(id, { ...g, w: g.cols * LAYOUT_CELL + 2 * CLUSTER_PAD, h: g.rows * LAYOUT_CELL + CLUSTER_HEADER + CLUSTER_PAD });
    }
    this.bands = new Map();
    let y = 0;
    for (const layer of LAYERS) {
      let h = 4 * LAYOUT_CELL;
      for (const [id, s] of sizes) if (id.startsWith(`${layer}.`)) h = Math.max(h, s.h);
      this.bands.set(layer, { y, h });
      y += h + BAND_GAP;
    }
    this.height = y - BAND_GAP;
    this.dcs = new Map();
    let x = 0;
    for (const dc of dcNames) {
      let w = 0;
      for (const layer of LAYERS) {
        const ids = order.filter((id) => id.startsWith(`${layer}.${dc}.`));
        const sum = ids.reduce((acc, id) => acc + sizes.get(id)!.w + CLUSTER_GAP, 0);
        w = Math.max(w, sum);
      }
      w = Math.ceil(w * DC_WIDTH_HEADROOM) + CLUSTER_GAP;
      this.dcs.set(dc, { x, w, used: new Map() });
      x += w + DC_GAP;
    }
    this.width = Math.max(x - DC_GAP, 0);

    for (const id of order) {
      const list = members.get(id)!;
      const first = list[0]!;
      const c = this.newCluster(id, first, sizes.get(id)!);
      list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const n of list) this.assign(c, n.id);
    }
    this.ver++;
    this.lastLayoutMs = performance.now() - started;
  }

  clusterOf(nodeId: string): Cluster | undefined {
    return this.placed.get(nodeId)?.cluster;
  }

  cluster(id: string): Cluster | undefined {
    return this.clusters.get(id);
  }

  allClusters(): IterableIterator<Cluster> {
    return this.clusters.values();
  }

  /** Centre of the node's cell, in layout units. */
  position(nodeId: string): { x: number; y: number } | undefined {
    const p = this.placed.get(nodeId);
    if (!p) return undefined;
    const c = p.cluster;
    const col = p.slot % c.cols;
    const row = Math.floor(p.slot / c.cols);
    return { x: c.x + CLUSTER_PAD + col * LAYOUT_CELL + LAYOUT_CELL / 2, y: c.y + CLUSTER_HEADER + row * LAYOUT_CELL + LAYOUT_CELL / 2 };
  }

  frame(): Omit<TopologyFrameEntity, 'type'> {
    return {
      width: this.width,
      height: this.height,
      bands: LAYERS.map((layer) => ({ layer, ...this.bands.get(layer)! })),
      dcs: [...this.dcs].map(([dc, d]) => ({ dc, x: d.x, w: d.w })),
    };
  }

  /** Order clusters inside each band section by dagre's crossing-reduced x over the cluster graph. */
  private orderClusters(members: Map<string, TopologyNodeView[]>): string[] {
    const g = new dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: 'TB', nodesep: 2, ranksep: 4 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const [id, list] of members) {
      const s = gridFor(list.length);
      g.setNode(id, { width: s.cols, height: s.rows });
    }
    const seen = new Set<string>();
    for (const e of this.graph.edges()) {
      const s = this.graph.node(e.source);
      const t = this.graph.node(e.target);
      if (!s || !t) continue;
      const a = clusterIdOf(s);
      const b = clusterIdOf(t);
      const key = `${a}>${b}`;
      if (a === b || seen.has(key) || seen.has(`${b}>${a}`)) continue;
      seen.add(key);
      g.setEdge(a, b);
    }
    dagre.layout(g);
    return [...members.keys()].sort((a, b) => {
      const ka = members.get(a)![0]!;
      const kb = members.get(b)![0]!;
      const la = LAYERS.indexOf(ka.layer) - LAYERS.indexOf(kb.layer);
      if (la !== 0) return la;
      if (ka.dc !== kb.dc) return ka.dc < kb.dc ? -1 : 1;
      return (g.node(a)?.x ?? 0) - (g.node(b)?.x ?? 0) || (a < b ? -1 : 1);
    });
  }

  private newCluster(id: string, first: TopologyNodeView, size: { cols: number; rows: number; w: number; h: number }): Cluster {
    let dc = this.dcs.get(first.dc);
    if (!dc) {
      // A data center that appeared after the layout: a new column on the right.
      const x = this.width === 0 ? 0 : this.width + DC_GAP;
      dc = { x, w: size.w + 2 * CLUSTER_GAP, used: new Map() };
      this.dcs.set(first.dc, dc);
      this.width = x + dc.w;
    }
    const band = this.bands.get(first.layer)!;
    const used = dc.used.get(first.layer) ?? 0;
    const c: Cluster = {
      id,
      layer: first.layer,
      dc: first.dc,
      group: first.layer === 'business' ? (first.domain ?? 'B') : first.kind,
      x: dc.x + used,
      y: band.y,
      cols: size.cols,
      rows: size.rows,
      slots: [],
      free: [],
      w: size.w,
      h: size.h,
    };
    dc.used.set(first.layer, used + size.w + CLUSTER_GAP);
    this.clusters.set(id, c);
    return c;
  }

  private place(n: TopologyNodeView): void {
    const id = clusterIdOf(n);
    let c = this.clusters.get(id);
    if (!c) {
      const g = gridFor(1);
      // New clusters get a modest grid; they are usually a kind nobody had yet.
      const cols = Math.max(g.cols, 4);
      const rows = 2;
      c = this.newCluster(id, n, { cols, rows, w: cols * LAYOUT_CELL + 2 * CLUSTER_PAD, h: rows * LAYOUT_CELL + CLUSTER_HEADER + CLUSTER_PAD });
    }
    this.assign(c, n.id);
  }

  private assign(c: Cluster, nodeId: string): void {
    const slot = c.free.length > 0 ? c.free.shift()! : c.slots.length;
    c.slots[slot] = nodeId;
    this.placed.set(nodeId, { cluster: c, slot });
  }
}
