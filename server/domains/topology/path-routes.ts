import { z } from 'zod';
import { LAYERS, NodeDeclarationSchema, STATUSES } from '../../../shared/domain/topology.js';
import { LAYOUT_CELL } from '../../../shared/protocol/topology-layout.js';
import { audienceOf, type Audience } from '../../core/auth/principal.js';
import { errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { TopologyGraph, TopologyNodeView } from './topology-graph.js';
import type { VisibilityIndex } from './visibility.js';

/** Most nodes one answer carries; beyond it `truncated` says the rest was left out. */
export const PATH_LIMIT = 2000;
const COLUMN = 6 * LAYOUT_CELL;
const ROW = 12 * LAYOUT_CELL;
/** A layer's row wraps after this many nodes, so a wide impact set stays readable. */
const PER_ROW = 24;

const PathNodeSchema = NodeDeclarationSchema.extend({
  status: z.enum(STATUSES),
  depth: z.number().int(),
  x: z.number(),
  y: z.number(),
});
export const TopologyPathSchema = z.object({
  root: z.string(),
  direction: z.enum(['dependencies', 'impact']),
  nodes: z.array(PathNodeSchema),
  edges: z.array(z.object({ id: z.string(), source: z.string(), target: z.string(), kind: z.string() })),
  businessSystems: z.array(z.string()),
  truncated: z.boolean(),
});
export type TopologyPath = z.infer<typeof TopologyPathSchema>;

const PathQuerySchema = z.strictObject({
  direction: z.enum(['dependencies', 'impact']).default('dependencies').describe('dependencies: what it runs on, along the edges; impact: what depends on it, against them'),
});

/**
 * One click's answer (issue 5): "what is this business system running on, down to the
 * hardware?" walks the edges; "which business systems are hit if this fails?" walks them
 * backwards. Only what the caller may see is walked, and the answer carries positions for a
 * small layered drawing (rows by layer, columns by depth then name), so the console never lays
 * anything out.
 */
export function tracePath(graph: TopologyGraph, visibility: VisibilityIndex, audience: Audience, root: string, direction: 'dependencies' | 'impact'): TopologyPath | null {
  if (!graph.hasNode(root) || !visibility.isNodeVisible(root, audience)) return null;
  const depth = new Map<string, number>([[root, 0]]);
  const edges: TopologyPath['edges'] = [];
  const queue = [root];
  let truncated = false;
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const next = direction === 'dependencies' ? graph.dependencies(id) : graph.dependents(id);
    for (const e of next) {
      if (!visibility.isEdgeVisible(e, audience)) continue;
      const other = direction === 'dependencies' ? e.target : e.source;
      if (!depth.has(other)) {
        if (depth.size >= PATH_LIMIT) {
          truncated = true;
          continue;
        }
        depth.set(other, depth.get(id)! + 1);
        queue.push(other);
      }
      edges.push({ id: e.id, source: e.source, target: e.target, kind: e.kind });
    }
  }
  const byLayer = new Map<string, TopologyNodeView[]>();
  for (const id of depth.keys()) {
    const n = graph.node(id)!;
    const list = byLayer.get(n.layer);
    if (list) list.push(n);
    else byLayer.set(n.layer, [n]);
  }
  const nodes: TopologyPath['nodes'] = [];
  let row = 0;
  for (const layer of LAYERS) {
    const list = byLayer.get(layer);
    if (!list) continue;
    list.sort((a, b) => depth.get(a.id)! - depth.get(b.id)! || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    list.forEach((n, i) => {
      const { type: _type, ...decl } = n;
      nodes.push({ ...decl, labels: { ...decl.labels }, depth: depth.get(n.id)!, x: (i % PER_ROW) * COLUMN, y: (row + Math.floor(i / PER_ROW)) * ROW });
    });
    row += Math.ceil(list.length / PER_ROW);
  }
  const businessSystems = nodes.filter((n) => n.layer === 'business' && n.id !== root).map((n) => n.id);
  // Edges only between nodes that made it in.
  return { root, direction, nodes, edges: edges.filter((e) => depth.has(e.source) && depth.has(e.target)), businessSystems, truncated };
}

export function pathRoutes(deps: { graph: TopologyGraph; visibility: VisibilityIndex }): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/topology/paths/:id',
      summary: 'What a node runs on (dependencies) or what it would hit (impact), with drawing positions',
      tags: ['topology'],
      auth: { permission: 'topology:read' },
      params: z.strictObject({ id: NodeDeclarationSchema.shape.id }),
      query: PathQuerySchema,
      response: TopologyPathSchema,
      errors: [404],
      async handler({ params, query, principal }) {
        const result = tracePath(deps.graph, deps.visibility, principal ? audienceOf(principal) : { kind: 'nobody' }, params.id, query.direction);
        // Another tenant's node answers exactly like a node that does not exist.
        if (!result) throw errors.notFound('node');
        return result;
      },
    }),
  ];
}
