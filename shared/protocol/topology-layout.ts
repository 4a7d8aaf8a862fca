import type { Layer, NodeStatus, TopologyNode } from '../domain/topology.js';
import type { TopologySummaryEntity } from './topics.js';

/**
 * The topology wall's contract. The server lays out; the console only maps these coordinates
 * linearly onto the screen and recolours (architecture.md: general layouts take seconds to
 * minutes at this size, so they never run on a wall).
 *
 * Coordinates are layout units: one member cell is `LAYOUT_CELL` units, y grows downwards
 * (business at the top), and the frame's `width` × `height` holds everything.
 *
 * Topics:
 *  - `topology`: the level-of-detail wall. One `frame`, the audience's `summary`, a `cluster`
 *    per kind × data center (business systems grouped by domain × data center), `node`s for
 *    members drawn one by one (small clusters, business systems), and `link`s between whatever
 *    is drawn. At most `LOD_CAP` drawn elements (clusters + nodes + links) whatever the size.
 *  - `topology:<clusterId>`: one cluster expanded: its visible members as `node`s with their
 *    positions, the `edge`s among them, and `link`s from members to what lies outside (the
 *    other end is a drawn wall element: a node, or the cluster holding it).
 */
export const LAYOUT_CELL = 10;
/** Drawn elements the wall level never exceeds (clusters + nodes + links). */
export const LOD_CAP = 2000;

export const topologyLayoutIds = {
  frame: 'frame',
  summary: 'summary',
  cluster: (clusterId: string) => `c:${clusterId}`,
  node: (nodeId: string) => `n:${nodeId}`,
  edge: (edgeId: string) => `e:${edgeId}`,
  link: (source: string, target: string) => `l:${source}>${target}`,
} as const;

export interface TopologyFrameEntity {
  type: 'frame';
  width: number;
  height: number;
  /** Horizontal bands, top to bottom: business → PaaS → IaaS → physical. */
  bands: Array<{ layer: Layer; y: number; h: number }>;
  /** Data-center columns, left to right. */
  dcs: Array<{ dc: string; x: number; w: number }>;
}

export interface TopologyClusterEntity {
  type: 'cluster';
  /** Stable id, also the parameter of `topology:<clusterId>`. */
  id: string;
  layer: Layer;
  dc: string;
  /** The kind (platform clusters) or business domain B/O/M (business-system groups). */
  group: string;
  /** Box in layout units; members sit in a grid inside it. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Members this audience sees, per status, and the worst of them. */
  members: number;
  byStatus: Record<NodeStatus, number>;
  worst: NodeStatus;
  /** True when the wall draws its members one by one (then `n:` entities carry them). */
  expanded: boolean;
}

/** A node where it is drawn: its declaration, derived status, cluster and position. */
export type TopologyPlacedNodeEntity = { type: 'node'; cluster: string; x: number; y: number } & TopologyNode;

/** A dependency between two drawn elements, aggregated: `count` edges, coloured by the worse end. */
export interface TopologyLinkEntity {
  type: 'link';
  /** Drawn element ids: a node id (`kind: 'node'`) or a cluster id (`kind: 'cluster'`). */
  source: { kind: 'node' | 'cluster'; id: string };
  target: { kind: 'node' | 'cluster'; id: string };
  count: number;
  worst: NodeStatus;
}

/** An edge between two members of an expanded cluster (source depends on target). */
export interface TopologyMemberEdgeEntity {
  type: 'edge';
  id: string;
  source: string;
  target: string;
  worst: NodeStatus;
}

export type TopologyWallEntity =
  | TopologyFrameEntity
  | TopologySummaryEntity
  | TopologyClusterEntity
  | TopologyPlacedNodeEntity
  | TopologyLinkEntity;

export type TopologyClusterTopicEntity = TopologyPlacedNodeEntity | TopologyMemberEdgeEntity | TopologyLinkEntity;

/** `GET /api/v1/topology/paths/:id?direction=dependencies|impact`: one click's answer. */
export interface TopologyPathResult {
  root: string;
  direction: 'dependencies' | 'impact';
  /** Every node reached (root included), with positions for a small layered drawing. */
  nodes: Array<TopologyNode & { depth: number; x: number; y: number }>;
  edges: Array<{ id: string; source: string; target: string; kind: string }>;
  /** For impact: the business systems hit. */
  businessSystems: string[];
  truncated: boolean;
}
