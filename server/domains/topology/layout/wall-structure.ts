import { LOD_CAP } from '../../../../shared/protocol/topology-layout.js';
import type { Audience } from '../../../core/auth/principal.js';
import type { TopologyGraph } from '../topology-graph.js';
import type { VisibilityIndex } from '../visibility.js';
import type { TopologyLayout } from './topology-layout.js';

/** At wall level, members are drawn one by one in at most this many nodes in all… */
const NODE_BUDGET = Math.floor(LOD_CAP / 2);
/** …and only for platform clusters this small (business systems are always named when they fit). */
const SMALL_CLUSTER = 12;

export interface Endpoint {
  kind: 'node' | 'cluster';
  id: string;
}

export interface WallLink {
  source: Endpoint;
  target: Endpoint;
  /** Edge ids folded into this link. */
  edges: string[];
}

/** What one audience's wall draws, decided from structure alone so statuses never reshuffle it. */
export interface WallStructure {
  /** Visible member ids per cluster, clusters with none left out. */
  members: Map<string, string[]>;
  expanded: Set<string>;
  links: Map<string, WallLink>;
  /** Links dropped to respect the cap (the least-used first). */
  droppedLinks: number;
}

export const linkKey = (s: Endpoint, t: Endpoint) => `${s.id}>${t.id}`;

/**
 * The level-of-detail rule, per audience: every cluster with a visible member is drawn; members
 * are drawn one by one for business-system groups and small platform clusters while the node
 * budget lasts; dependencies fold into links between whatever is drawn. If clusters + nodes +
 * links would exceed `LOD_CAP`, expansions are undone (largest first), and as a last resort
 * the least-used links are dropped, so the wall never draws more than the cap.
 */
export function wallStructure(graph: TopologyGraph, visibility: VisibilityIndex, layout: TopologyLayout, audience: Audience): WallStructure {
  const visible = visibility.visibleNodes(audience);
  const members = new Map<string, string[]>();
  const add = (id: string) => {
    const c = layout.clusterOf(id);
    if (!c) return;
    const list = members.get(c.id);
    if (list) list.push(id);
    else members.set(c.id, [id]);
  };
  if (visible === 'all') for (const n of graph.nodes()) add(n.id);
  else for (const id of visible) add(id);

  const candidates = [...members]
    .filter(([id, m]) => layout.cluster(id)!.layer === 'business' || m.length <= SMALL_CLUSTER)
    .sort(([a, ma], [b, mb]) => {
      const ba = layout.cluster(a)!.layer === 'business' ? 0 : 1;
      const bb = layout.cluster(b)!.layer === 'business' ? 0 : 1;
      return ba - bb || ma.length - mb.length || (a < b ? -1 : 1);
    });
  const expanded: string[] = [];
  let nodes = 0;
  for (const [id, m] of candidates) {
    if (nodes + m.length > NODE_BUDGET) continue;
    expanded.push(id);
    nodes += m.length;
  }

  for (;;) {
    const set = new Set(expanded);
    const links = foldLinks(graph, visibility, layout, audience, set);
    const drawn = members.size + nodes + links.size;
    if (drawn <= LOD_CAP) return { members, expanded: set, links, droppedLinks: 0 };
    if (expanded.length === 0) {
      // Even clusters alone fold into too many links: keep the most-used ones.
      const keep = [...links.entries()].sort(([, a], [, b]) => b.edges.length - a.edges.length).slice(0, Math.max(0, LOD_CAP - members.size));
      return { members, expanded: set, links: new Map(keep), droppedLinks: links.size - keep.length };
    }
    // Undo the largest expansion and try again.
    let largest = 0;
    for (let i = 1; i < expanded.length; i++) if (members.get(expanded[i]!)!.length > members.get(expanded[largest]!)!.length) largest = i;
    nodes -= members.get(expanded[largest]!)!.length;
    expanded.splice(largest, 1);
  }
}

/** Where a node is drawn at wall level: itself when its cluster is expanded, else its cluster. */
export function endpointOf(layout: TopologyLayout, expanded: ReadonlySet<string>, nodeId: string): Endpoint | null {
  const c = layout.clusterOf(nodeId);
  if (!c) return null;
  return expanded.has(c.id) ? { kind: 'node', id: nodeId } : { kind: 'cluster', id: c.id };
}

function foldLinks(
  graph: TopologyGraph,
  visibility: VisibilityIndex,
  layout: TopologyLayout,
  audience: Audience,
  expanded: ReadonlySet<string>,
): Map<string, WallLink> {
  const links = new Map<string, WallLink>();
  for (const e of graph.edges()) {
    if (!visibility.isEdgeVisible(e, audience)) continue;
    const s = endpointOf(layout, expanded, e.source);
    const t = endpointOf(layout, expanded, e.target);
    if (!s || !t || (s.kind === t.kind && s.id === t.id)) continue;
    const key = linkKey(s, t);
    const l = links.get(key);
    if (l) l.edges.push(e.id);
    else links.set(key, { source: s, target: t, edges: [e.id] });
  }
  return links;
}
