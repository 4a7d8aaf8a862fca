import { z } from 'zod';
import { PageQuerySchema, pageOf } from '../../../shared/protocol/api.js';
import { EdgeSchema, LAYERS, NodeDeclarationSchema, STATUSES, type Edge } from '../../../shared/domain/topology.js';
import { audienceOf, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { AppError, errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { MetricStore } from '../metrics/metric-store.js';
import type { TopologyGraph, TopologyNodeView } from './topology-graph.js';
import type { VisibilityIndex } from './visibility.js';

/** A node over REST: its declaration, derived status and last-seen source time (UTC ISO). */
export const NodeSchema = NodeDeclarationSchema.extend({
  status: z.enum(STATUSES),
  lastSeen: z.string().nullable(),
});
export const EdgeViewSchema = EdgeSchema.extend({ id: z.string() });

export const TopologyDocumentSchema = z.object({
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeViewSchema),
  /** Source time the document describes. */
  at: z.string(),
});

export const NodeDetailSchema = NodeSchema.extend({
  /** Visible edges this node depends on (it is their source). */
  dependsOn: z.array(EdgeViewSchema),
  /** Visible edges that depend on this node (it is their target). */
  dependents: z.array(EdgeViewSchema),
});

export const NodesQuerySchema = PageQuerySchema.extend({
  layer: z.enum(LAYERS).optional(),
  status: z.enum(STATUSES).optional(),
  dc: z.string().min(1).max(32).optional(),
  tenant: z.string().min(1).max(64).optional(),
  q: z.string().min(1).max(200).optional().describe('Case-insensitive substring of id or name'),
});

const NodeParamsSchema = z.strictObject({ id: NodeDeclarationSchema.shape.id });
/** Routes without options still refuse unknown query fields (a typo must not pass silently). */
const NoQuerySchema = z.strictObject({});

export interface TopologyRoutesDeps {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  store: MetricStore;
  sourceClock: Clock;
}

export function topologyRoutes(deps: TopologyRoutesDeps): AnyRoute[] {
  const { graph, visibility, store } = deps;
  const nodeOut = (n: TopologyNodeView) => {
    const { type: _type, ...rest } = n;
    const seen = store.lastSeen(n.id);
    return { ...rest, labels: { ...rest.labels }, lastSeen: seen === null ? null : new Date(seen).toISOString() };
  };
  const edgeOut = (e: Edge & { id: string }) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    kind: e.kind,
  });
  const audience = (p: Principal | null): Audience => (p ? audienceOf(p) : { kind: 'nobody' });

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/topology',
      summary: 'The whole visible graph as one document (integrations and the CLI; not paged)',
      tags: ['topology'],
      auth: { permission: 'topology:read' },
      query: NoQuerySchema,
      response: TopologyDocumentSchema,
      async handler({ principal }) {
        const a = audience(principal);
        const visible = visibility.visibleNodes(a);
        const nodes = [];
        const edges = [];
        for (const id of graph.sortedNodeIds()) {
          if (visible !== 'all' && !visible.has(id)) continue;
          const n = graph.node(id);
          if (!n) continue;
          nodes.push(nodeOut(n));
          for (const e of graph.dependencies(id)) if (visible === 'all' || visible.has(e.target)) edges.push(edgeOut(e));
        }
        return { nodes, edges, at: new Date(deps.sourceClock.now()).toISOString() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/nodes',
      summary: 'Visible nodes, paged, filtered by layer, status, data center, tenant or text',
      tags: ['topology'],
      auth: { permission: 'topology:read' },
      query: NodesQuerySchema,
      response: pageOf(NodeSchema),
      async handler({ query, principal }) {
        const visible = visibility.visibleNodes(audience(principal));
        const ids = graph.sortedNodeIds();
        let start = 0;
        if (query.cursor) {
          const after = decodeCursor(query.cursor);
          start = lowerBound(ids, after);
          if (ids[start] === after) start++;
        }
        const needle = query.q?.toLowerCase();
        const items = [];
        let nextCursor: string | null = null;
        for (let i = start; i < ids.length; i++) {
          const id = ids[i]!;
          if (visible !== 'all' && !visible.has(id)) continue;
          const n = graph.node(id);
          if (!n) continue;
          if (query.layer && n.layer !== query.layer) continue;
          if (query.status && n.status !== query.status) continue;
          if (query.dc && n.dc !== query.dc) continue;
          if (query.tenant && n.tenant !== query.tenant) continue;
          if (needle && !id.toLowerCase().includes(needle) && !n.name.toLowerCase().includes(needle)) continue;
          if (items.length === query.limit) {
            nextCursor = encodeCursor(items[items.length - 1]!.id);
            break;
          }
          items.push(nodeOut(n));
        }
        return { items, nextCursor };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/nodes/:id',
      summary: 'One node with its visible dependencies and dependants',
      tags: ['topology'],
      auth: { permission: 'topology:read' },
      params: NodeParamsSchema,
      query: NoQuerySchema,
      response: NodeDetailSchema,
      errors: [404],
      async handler({ params, principal }) {
        const a = audience(principal);
        const n = graph.node(params.id);
        // Another tenant's node answers exactly like a node that does not exist.
        if (!n || !visibility.isNodeVisible(n.id, a)) throw errors.notFound('node');
        return {
          ...nodeOut(n),
          dependsOn: [...graph.dependencies(n.id)].filter((e) => visibility.isEdgeVisible(e, a)).map(edgeOut),
          dependents: [...graph.dependents(n.id)].filter((e) => visibility.isEdgeVisible(e, a)).map(edgeOut),
        };
      },
    }),
  ];
}

/** Cursors are opaque to clients: the last id of the page, base64url-encoded. */
function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9._:\-]{1,200}$/.test(id)) throw new AppError(400, 'bad_cursor', 'cursor is not valid');
  return id;
}

function lowerBound(sorted: readonly string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
