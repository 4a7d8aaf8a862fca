import type { Edge, NodeStatus, TopologyNode, Layer } from '../domain/topology.js';

/**
 * Topic names and the entities each carries. Every topic uses the one keyed-entity mechanism;
 * the entity's `type` tells the console what it is.
 */
export type TopicKindName = 'topology' | 'nodes' | 'metrics' | 'overview' | 'alarms' | 'incidents' | 'health';

export interface ParsedTopic {
  kind: TopicKindName;
  /** The part after the colon (`metrics:<nodeId>` → nodeId); null for plain topics. */
  param: string | null;
}

const KINDS: readonly TopicKindName[] = ['topology', 'nodes', 'metrics', 'overview', 'alarms', 'incidents', 'health'];
/** Topics that need a parameter, and those that may take one (`topology:<clusterId>`). */
const NEEDS_PARAM: ReadonlySet<TopicKindName> = new Set(['metrics']);
const OPTIONAL_PARAM: ReadonlySet<TopicKindName> = new Set(['topology']);

export function parseTopic(topic: string): ParsedTopic | null {
  const colon = topic.indexOf(':');
  const kind = (colon < 0 ? topic : topic.slice(0, colon)) as TopicKindName;
  const param = colon < 0 ? null : topic.slice(colon + 1);
  if (!KINDS.includes(kind)) return null;
  if (param === '') return null;
  if (!OPTIONAL_PARAM.has(kind) && NEEDS_PARAM.has(kind) !== (param !== null)) return null;
  return { kind, param };
}

/**
 * Entity ids in the `nodes` topic (every visible node and edge, bounded, worst first, plus the
 * audience's `summary`): `n:<nodeId>`, `e:<edgeId>`, `summary`. The layout wall is `topology`
 * (topology-layout.ts).
 */
export const topologyIds = {
  node: (id: string) => `n:${id}`,
  edge: (id: string) => `e:${id}`,
  summary: 'summary',
} as const;

export type TopologyNodeEntity = { type: 'node' } & TopologyNode;
export type TopologyEdgeEntity = { type: 'edge'; id: string } & Edge;
/** Aggregates over what this audience sees, never over everything. */
export interface TopologySummaryEntity {
  type: 'summary';
  nodes: number;
  edges: number;
  byStatus: Record<NodeStatus, number>;
  byLayer: Record<Layer, number>;
  /** The wall's layer × status grid. */
  byLayerStatus: Record<Layer, Record<NodeStatus, number>>;
  /** Per data center, counts per status (only data centers this audience sees a node in). */
  byDcStatus: Record<string, Record<NodeStatus, number>>;
}
export type TopologyEntity = TopologyNodeEntity | TopologyEdgeEntity | TopologySummaryEntity;

/** `metrics:<nodeId>` holds the latest value of each of the node's series, keyed by metric name. */
export interface MetricValueEntity {
  type: 'metric';
  metric: string;
  /** Source time of the value, UTC ISO. */
  t: string;
  v: number;
}

/** `overview` holds one entity, the live platform totals over this audience's business systems. */
export const overviewIds = { totals: 'totals' } as const;

export interface OverviewTotalsEntity {
  type: 'totals';
  /** Business systems this audience sees, and how many of them have reported a TPS value. */
  businessSystems: number;
  reporting: number;
  /** Transactions per second, summed. */
  tps: number;
  /** TPS-weighted means; null while nothing reports traffic. */
  latencyMs: number | null;
  /** Percent of failed transactions. */
  errorRate: number | null;
  sessions: number;
}
