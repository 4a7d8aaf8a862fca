import { z } from 'zod';

/** Layers of the platform, top to bottom (domain.md). Order matters: it is the band order on the wall. */
export const LAYERS = ['business', 'paas', 'iaas', 'physical'] as const;
export type Layer = (typeof LAYERS)[number];

/** Business-system domains (B/O/M 三域); only business nodes carry one. */
export const DOMAINS = ['B', 'O', 'M'] as const;
export type BusinessDomain = (typeof DOMAINS)[number];

/**
 * Derived node status. Sources never report it: the aggregator derives it from silence,
 * availability, thresholds and maintenance (product.md). Ordered from best to worst for
 * "worst of" aggregation; maintenance and unknown sit apart from the severity scale.
 */
export const STATUSES = ['ok', 'warning', 'critical', 'down', 'unknown', 'maintenance'] as const;
export type NodeStatus = (typeof STATUSES)[number];

/** Rank used when something must show the worst member (clusters, edges, top-N). */
export const STATUS_RANK: Record<NodeStatus, number> = {
  ok: 0,
  maintenance: 1,
  unknown: 2,
  warning: 3,
  critical: 4,
  down: 5,
};

export function worseStatus(a: NodeStatus, b: NodeStatus): NodeStatus {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:\-]+$/, 'letters, digits and . _ : - only');

/** What a source declares about a component: everything but its status. */
export const NodeDeclarationSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  kind: z.string().min(1).max(64),
  layer: z.enum(LAYERS),
  domain: z.enum(DOMAINS).nullable().default(null),
  dc: z.string().min(1).max(32),
  /** Owning tenant's id; null for shared platform nodes (visibility is computed, not stored). */
  tenant: z.string().min(1).max(64).nullable().default(null),
  maintenance: z.boolean().default(false),
  labels: z.record(z.string().max(64), z.string().max(200)).default({}),
});
export type NodeDeclaration = z.infer<typeof NodeDeclarationSchema>;

export const EDGE_KINDS = ['runs-on', 'uses', 'stores-on', 'connects', 'replicates'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** `source` depends on `target`: impact runs against the arrows, root cause along them. */
export const EdgeSchema = z.strictObject({
  source: id,
  target: id,
  kind: z.enum(EDGE_KINDS),
});
export type Edge = z.infer<typeof EdgeSchema>;

export function edgeId(e: Pick<Edge, 'source' | 'target' | 'kind'>): string {
  return `${e.source}>${e.target}>${e.kind}`;
}

/**
 * A node as the aggregator publishes it on the stream. No last-seen time here: it moves with
 * every sample and would turn every tick into a delta of every node; REST serves it instead.
 */
export interface TopologyNode extends NodeDeclaration {
  status: NodeStatus;
}

/** One metric sample as a source reports it. `t` is source time in ms. */
export const SampleSchema = z.strictObject({
  node: id,
  metric: z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
  t: z.number().int().nonnegative().optional(),
  v: z.number().finite(),
});
export type Sample = z.infer<typeof SampleSchema>;
