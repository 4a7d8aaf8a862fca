import type {
  TopologyClusterEntity,
  TopologyFrameEntity,
  TopologyLinkEntity,
  TopologyMemberEdgeEntity,
  TopologyPlacedNodeEntity,
} from '../../../shared/protocol/topology-layout';
import { LOD_CAP } from '../../../shared/protocol/topology-layout';
import type { TopologySummaryEntity } from '../../../shared/protocol/topics';
import type { AlarmSummaryEntity } from '../../../shared/protocol/alarms';
import type { NodeStatus } from '../../../shared/domain/topology';

/**
 * What the topology wall holds between frames: plain maps, never reactive (a 20,000-node Vue
 * proxy would put a trap on every read the chart builder makes). The store bumps one shallowRef
 * counter when any of this changes, and the per-category `versions` tell the chart renderer
 * which series it has to rebuild at all.
 *
 * Positions are the server's, untouched: the console only maps them onto the screen.
 */

/**
 * The level-of-detail rule, the console's half (the server's: wall-structure.ts keeps the
 * `topology` wall at LOD_CAP drawn elements, clusters + nodes + links, whatever the size):
 *
 *   1. the wall level draws what the server sends; `wall` guards against a server that sends
 *      more than it promised (entities past it are dropped and counted);
 *   2. a cluster the operator expands adds its members, the edges among them and its links out,
 *      each capped per cluster (`members`, `memberEdges`, `memberLinks`): a 20,000-member
 *      cluster draws its first 3,000 members, and says how many it left out;
 *   3. all expansions together stay within `expanded` drawn elements: past it the oldest
 *      expansions close (never the one just opened; the store does it, `overBudget` says which),
 *      and MAX_EXPANDED (topology-store.ts) bounds how many are open.
 *
 * So whatever the topology's size the chart draws at most LOD_CAP elements at wall scale and
 * MAX_DRAWN_ELEMENTS with expansions open. bench:topology's "everything expanded" view lifts
 * the limits (NO_DRAW_LIMITS) to draw all 10,000 nodes at once: a bench workload, not a screen.
 */
export interface DrawLimits {
  wall: number;
  members: number;
  memberEdges: number;
  memberLinks: number;
  expanded: number;
}

export const DRAW_LIMITS: Readonly<DrawLimits> = Object.freeze({
  wall: 2 * LOD_CAP,
  members: 3_000,
  memberEdges: 6_000,
  memberLinks: 2_000,
  // One cluster at its caps (11,000) always fits.
  expanded: 12_000,
});

export const NO_DRAW_LIMITS: Readonly<DrawLimits> = Object.freeze({ wall: Infinity, members: Infinity, memberEdges: Infinity, memberLinks: Infinity, expanded: Infinity });

/** The most elements the chart draws with expansions open: the server's wall plus the expansions' budget. */
export const MAX_DRAWN_ELEMENTS = LOD_CAP + DRAW_LIMITS.expanded;

/** Bumped per category; `geometry` moves only when something appears, disappears or moves. */
export interface TopologyVersions {
  frame: number;
  clusters: number;
  nodes: number;
  links: number;
  geometry: number;
  /** The alarm badges (the `alarms` topic's summary) moved. */
  badges: number;
}

/** A line as the model holds it: a link (wall level or a member's link out) or an edge among members. */
export type LineEntity = TopologyLinkEntity | TopologyMemberEdgeEntity;

/** Entries the line log keeps (about 100 KB a model): a reader further behind walks every line again. A 1 % recolour of everything expanded logs a few hundred. */
export const LINE_LOG_SIZE = 4_096;

/**
 * Which lines were upserted or removed since the last structural change, newest last, in a
 * bounded ring: the line marks (topology-line-marks.ts) look those up again instead of walking
 * every line on a recolour (24,000 of them everything expanded). `cluster` is null for the wall
 * level. Only keys are logged, never entities: a replaced entity kept here would be garbage held
 * (bench:topology's heap grew 0.5 MiB as the ring filled); the reader empties what it applied.
 * Structural changes (snapshots, expansions) bump `geometry`, after which a reader starts again
 * from a full walk.
 */
export interface LineLog {
  /** Entries ever appended: entry n is at n % LINE_LOG_SIZE while n ≥ seq − LINE_LOG_SIZE. */
  seq: number;
  readonly cluster: Array<string | null>;
  readonly key: Array<string | null>;
}

function logLine(m: TopologyModel, cluster: string | null, key: string): void {
  const log = m.lineLog;
  const i = log.seq % LINE_LOG_SIZE;
  log.cluster[i] = cluster;
  log.key[i] = key;
  log.seq++;
}

/** A line as the model holds it now: wall level (`cluster` null) or an expanded cluster's link or edge; undefined once gone. */
export function lineAt(m: TopologyModel, cluster: string | null, key: string): LineEntity | undefined {
  if (cluster === null) return m.links.get(key);
  const c = m.expanded.get(cluster);
  return key.startsWith('e:') ? c?.edges.get(key) : c?.links.get(key);
}

/** What fills a node: its status, or its health score's band where the `health` topic scores it. */
export type ColourBy = 'status' | 'health';

export interface ExpandedCluster {
  readonly id: string;
  readonly nodes: Map<string, TopologyPlacedNodeEntity>;
  readonly edges: Map<string, TopologyMemberEdgeEntity>;
  readonly links: Map<string, TopologyLinkEntity>;
  /** The snapshot arrived. */
  ready: boolean;
  /** Entities the server sent beyond the caps above (not drawn, but counted for the operator). */
  dropped: number;
}

export interface TopologyModel {
  frame: TopologyFrameEntity | null;
  summary: TopologySummaryEntity | null;
  /** By cluster id. */
  readonly clusters: Map<string, TopologyClusterEntity>;
  /** Wall-level nodes, by node id. */
  readonly nodes: Map<string, TopologyPlacedNodeEntity>;
  /** Wall-level links, by entity key (`l:<a>><b>`). */
  readonly links: Map<string, TopologyLinkEntity>;
  /** Clusters this console expanded, oldest first (a Map keeps insertion order). */
  readonly expanded: Map<string, ExpandedCluster>;
  readonly versions: TopologyVersions;
  /** Wall entities dropped by limits.wall. */
  dropped: number;
  readonly limits: Readonly<DrawLimits>;
  /** Open alarms per node and per cluster (the `alarms` topic's summary), for badges; null: none known. */
  alarms: Pick<AlarmSummaryEntity, 'byNode' | 'byCluster'> | null;
  /** Health mode: the band (as a status) of every node the `health` topic scores. Bumps `nodes` when it moves. */
  colourBy: ColourBy;
  health: ReadonlyMap<string, NodeStatus> | null;
  readonly lineLog: LineLog;
}

export function createTopologyModel(limits: Readonly<DrawLimits> = DRAW_LIMITS): TopologyModel {
  return {
    limits,
    frame: null,
    summary: null,
    clusters: new Map(),
    nodes: new Map(),
    links: new Map(),
    expanded: new Map(),
    versions: { frame: 0, clusters: 0, nodes: 0, links: 0, geometry: 0, badges: 0 },
    dropped: 0,
    alarms: null,
    colourBy: 'status',
    health: null,
    lineLog: { seq: 0, cluster: new Array<string | null>(LINE_LOG_SIZE).fill(null), key: new Array<string | null>(LINE_LOG_SIZE).fill(null) },
  };
}

export function createExpandedCluster(id: string): ExpandedCluster {
  return { id, nodes: new Map(), edges: new Map(), links: new Map(), ready: false, dropped: 0 };
}

const finite = (...xs: unknown[]) => xs.every((x) => typeof x === 'number' && Number.isFinite(x));
type Tagged = { type?: unknown } | null | undefined;

// Entities arrive from the network: anything malformed is skipped rather than allowed to throw
// inside a render on a wall nobody is watching.
function isFrame(e: Tagged): e is TopologyFrameEntity {
  const f = e as TopologyFrameEntity;
  return f?.type === 'frame' && finite(f.width, f.height) && Array.isArray(f.bands) && Array.isArray(f.dcs);
}
function isCluster(e: Tagged): e is TopologyClusterEntity {
  const c = e as TopologyClusterEntity;
  return c?.type === 'cluster' && typeof c.id === 'string' && finite(c.x, c.y, c.w, c.h, c.members) && typeof c.byStatus === 'object';
}
function isNode(e: Tagged): e is TopologyPlacedNodeEntity {
  const n = e as TopologyPlacedNodeEntity;
  return n?.type === 'node' && typeof n.id === 'string' && finite(n.x, n.y);
}
function isLink(e: Tagged): e is TopologyLinkEntity {
  const l = e as TopologyLinkEntity;
  return l?.type === 'link' && typeof l.source?.id === 'string' && typeof l.target?.id === 'string';
}
function isEdge(e: Tagged): e is TopologyMemberEdgeEntity {
  const x = e as TopologyMemberEdgeEntity;
  return x?.type === 'edge' && typeof x.source === 'string' && typeof x.target === 'string';
}

function moved(prev: { x: number; y: number } | undefined, next: { x: number; y: number }): boolean {
  return !prev || prev.x !== next.x || prev.y !== next.y;
}

/** Sets `map[key] = value` unless that would pass `cap` with a new key; false when dropped. */
function putCapped<V>(map: Map<string, V>, key: string, value: V, cap: number): boolean {
  if (map.size >= cap && !map.has(key)) return false;
  map.set(key, value);
  return true;
}

function upsertWall(m: TopologyModel, key: string, e: Tagged): void {
  const v = m.versions;
  if (isFrame(e)) {
    m.frame = e;
    v.frame++;
    v.geometry++;
  } else if ((e as TopologySummaryEntity | null)?.type === 'summary') {
    m.summary = e as TopologySummaryEntity;
  } else if (isCluster(e)) {
    const prev = m.clusters.get(e.id);
    if (!putCapped(m.clusters, e.id, e, m.limits.wall)) return void m.dropped++;
    v.clusters++;
    if (!prev || moved(prev, e) || prev.w !== e.w || prev.h !== e.h) v.geometry++;
  } else if (isNode(e)) {
    const prev = m.nodes.get(e.id);
    if (!putCapped(m.nodes, e.id, e, m.limits.wall)) return void m.dropped++;
    v.nodes++;
    if (moved(prev, e)) v.geometry++;
  } else if (isLink(e)) {
    if (!putCapped(m.links, key, e, m.limits.wall)) return void m.dropped++;
    v.links++;
    logLine(m, null, key);
  }
}

function removeWall(m: TopologyModel, key: string): void {
  const v = m.versions;
  if (key === 'frame') {
    m.frame = null;
    v.frame++;
    v.geometry++;
  } else if (key === 'summary') m.summary = null;
  else if (key.startsWith('c:')) {
    if (m.clusters.delete(key.slice(2))) {
      v.clusters++;
      v.geometry++;
    }
  } else if (key.startsWith('n:')) {
    if (m.nodes.delete(key.slice(2))) {
      v.nodes++;
      v.geometry++;
    }
  } else if (key.startsWith('l:') && m.links.delete(key)) {
    v.links++;
    logLine(m, null, key);
  }
}

/** A `topology` snapshot replaces everything the wall level held. */
export function applyWallSnapshot(m: TopologyModel, entities: Record<string, unknown>): void {
  m.frame = null;
  m.summary = null;
  m.clusters.clear();
  m.nodes.clear();
  m.links.clear();
  m.dropped = 0;
  for (const [key, e] of Object.entries(entities)) upsertWall(m, key, e as Tagged);
  bumpAll(m);
}

export function applyWallDelta(m: TopologyModel, upserts: Record<string, unknown>, removes: readonly string[]): void {
  for (const key of removes) removeWall(m, key);
  for (const [key, e] of Object.entries(upserts)) upsertWall(m, key, e as Tagged);
}

function upsertMember(m: TopologyModel, c: ExpandedCluster, key: string, e: Tagged): void {
  const v = m.versions;
  if (isNode(e)) {
    const prev = c.nodes.get(e.id);
    if (!putCapped(c.nodes, e.id, e, m.limits.members)) return void c.dropped++;
    v.nodes++;
    if (moved(prev, e)) v.geometry++;
  } else if (isEdge(e)) {
    if (!putCapped(c.edges, key, e, m.limits.memberEdges)) return void c.dropped++;
    v.links++;
    logLine(m, c.id, key);
  } else if (isLink(e)) {
    if (!putCapped(c.links, key, e, m.limits.memberLinks)) return void c.dropped++;
    v.links++;
    logLine(m, c.id, key);
  }
}

function removeMember(m: TopologyModel, c: ExpandedCluster, key: string): void {
  const v = m.versions;
  if (key.startsWith('n:')) {
    if (c.nodes.delete(key.slice(2))) {
      v.nodes++;
      v.geometry++;
    }
  } else if ((key.startsWith('e:') && c.edges.delete(key)) || (key.startsWith('l:') && c.links.delete(key))) {
    v.links++;
    logLine(m, c.id, key);
  }
}

/** A `topology:<clusterId>` snapshot: everything the expanded cluster held is replaced. */
export function applyClusterSnapshot(m: TopologyModel, c: ExpandedCluster, entities: Record<string, unknown>): void {
  c.nodes.clear();
  c.edges.clear();
  c.links.clear();
  c.dropped = 0;
  for (const [key, e] of Object.entries(entities)) upsertMember(m, c, key, e as Tagged);
  c.ready = true;
  bumpAll(m);
}

export function applyClusterDelta(m: TopologyModel, c: ExpandedCluster, upserts: Record<string, unknown>, removes: readonly string[]): void {
  for (const key of removes) removeMember(m, c, key);
  for (const [key, e] of Object.entries(upserts)) upsertMember(m, c, key, e as Tagged);
}

/** Elements an expanded cluster adds to the chart: its members, their edges and its links out. */
export function expandedSize(c: ExpandedCluster): number {
  return c.nodes.size + c.edges.size + c.links.size;
}

/**
 * Rule 3: the expanded clusters to close, oldest first, so that the rest fit `limits.expanded`.
 * The newest expansion is never among them (the operator just asked for it; rule 2 caps it).
 */
export function overBudget(m: TopologyModel): string[] {
  let total = 0;
  for (const c of m.expanded.values()) total += expandedSize(c);
  const out: string[] = [];
  const ids = [...m.expanded.keys()];
  for (let i = 0; i < ids.length - 1 && total > m.limits.expanded; i++) {
    total -= expandedSize(m.expanded.get(ids[i]!)!);
    out.push(ids[i]!);
  }
  return out;
}

/** Everything may have changed (snapshot, collapse, a new audience). */
export function bumpAll(m: TopologyModel): void {
  const v = m.versions;
  v.frame++;
  v.clusters++;
  v.nodes++;
  v.links++;
  v.geometry++;
  v.badges++;
}

/** A node wherever it is drawn: the wall level first, then the expanded clusters. */
export function findNode(m: TopologyModel, id: string): TopologyPlacedNodeEntity | undefined {
  const n = m.nodes.get(id);
  if (n) return n;
  for (const c of m.expanded.values()) {
    const x = c.nodes.get(id);
    if (x) return x;
  }
  return undefined;
}

/** The cluster a node belongs to (kind × data center; business systems by domain), for a search hit not drawn yet. */
export function clusterOfNode(
  m: TopologyModel,
  n: { layer: string; dc: string; kind: string; domain: string | null },
): TopologyClusterEntity | undefined {
  const group = n.layer === 'business' ? (n.domain ?? 'B') : n.kind;
  for (const c of m.clusters.values()) if (c.layer === n.layer && c.dc === n.dc && c.group === group) return c;
  return undefined;
}
