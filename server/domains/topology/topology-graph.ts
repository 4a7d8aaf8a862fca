import type { Edge, NodeDeclaration, NodeStatus } from '../../../shared/domain/topology.js';
import { edgeId } from '../../../shared/domain/topology.js';
import type { TopologyEdgeEntity, TopologyNodeEntity } from '../../../shared/protocol/topics.js';

/** A node as the stream publishes it: the contract's entity (last-seen times live in the metric store). */
export type TopologyNodeView = TopologyNodeEntity;

/**
 * What changed: `upsert` (declared or re-declared), `remove`, or `status` (derived, not
 * declared). Listeners run synchronously inside the mutation and must stay cheap.
 */
export interface GraphChange {
  entity: 'node' | 'edge';
  id: string;
  reason: 'upsert' | 'remove' | 'status';
}

/**
 * The in-memory topology: immutable entity objects replaced on change (the stream hub diffs by
 * reference), adjacency both ways, and a structure version that moves only when what visibility
 * depends on moved (nodes added or removed, a node's tenant, edges).
 */
export class TopologyGraph {
  private readonly nodeMap = new Map<string, TopologyNodeView>();
  private readonly edgeMap = new Map<string, TopologyEdgeEntity>();
  private readonly outgoing = new Map<string, Set<string>>();
  private readonly incoming = new Map<string, Set<string>>();
  private readonly byTenant = new Map<string, Set<string>>();
  private readonly listeners = new Set<(c: GraphChange) => void>();
  private structure = 0;
  private rev = 0;
  private sortedIds: { structure: number; ids: string[] } | null = null;

  /** Moves when nodes or edges are added or removed, or a node changes tenant. */
  get structureVersion(): number {
    return this.structure;
  }
  /** Moves on every change at all (status included): a cheap key for derived caches. */
  get revision(): number {
    return this.rev;
  }
  get nodeCount(): number {
    return this.nodeMap.size;
  }
  get edgeCount(): number {
    return this.edgeMap.size;
  }

  node(id: string): TopologyNodeView | undefined {
    return this.nodeMap.get(id);
  }
  hasNode(id: string): boolean {
    return this.nodeMap.has(id);
  }
  edge(id: string): TopologyEdgeEntity | undefined {
    return this.edgeMap.get(id);
  }
  nodes(): IterableIterator<TopologyNodeView> {
    return this.nodeMap.values();
  }
  edges(): IterableIterator<TopologyEdgeEntity> {
    return this.edgeMap.values();
  }
  /** Node ids owned by this tenant. */
  ownedBy(tenant: string): ReadonlySet<string> {
    return this.byTenant.get(tenant) ?? EMPTY;
  }

  /** Node ids in sorted order, cached until the node set changes (paging walks it). */
  sortedNodeIds(): readonly string[] {
    if (this.sortedIds?.structure !== this.structure) {
      this.sortedIds = { structure: this.structure, ids: [...this.nodeMap.keys()].sort() };
    }
    return this.sortedIds.ids;
  }

  /** Edges where `id` is the source: what it depends on. */
  *dependencies(id: string): Generator<TopologyEdgeEntity> {
    for (const e of this.outgoing.get(id) ?? EMPTY) yield this.edgeMap.get(e)!;
  }
  /** Edges where `id` is the target: what depends on it. */
  *dependents(id: string): Generator<TopologyEdgeEntity> {
    for (const e of this.incoming.get(id) ?? EMPTY) yield this.edgeMap.get(e)!;
  }

  onChange(listener: (c: GraphChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds or re-declares a node; a new node starts `unknown` until the deriver says otherwise. */
  upsertNode(decl: NodeDeclaration): boolean {
    const prev = this.nodeMap.get(decl.id);
    if (prev && sameDeclaration(prev, decl)) return false;
    const next: TopologyNodeView = Object.freeze({
      type: 'node',
      id: decl.id,
      name: decl.name,
      kind: decl.kind,
      layer: decl.layer,
      domain: decl.domain ?? null,
      dc: decl.dc,
      tenant: decl.tenant ?? null,
      maintenance: decl.maintenance ?? false,
      labels: Object.freeze({ ...(decl.labels ?? {}) }),
      status: prev?.status ?? 'unknown',
    });
    this.nodeMap.set(decl.id, next);
    if (!prev || prev.tenant !== next.tenant) {
      if (prev?.tenant) this.unindexTenant(prev.tenant, decl.id);
      if (next.tenant) {
        let set = this.byTenant.get(next.tenant);
        if (!set) this.byTenant.set(next.tenant, (set = new Set()));
        set.add(decl.id);
      }
      this.structure++;
    }
    this.emit({ entity: 'node', id: decl.id, reason: 'upsert' });
    return true;
  }

  /** Removes a node and every edge touching it. */
  removeNode(id: string): boolean {
    const prev = this.nodeMap.get(id);
    if (!prev) return false;
    for (const e of [...(this.outgoing.get(id) ?? EMPTY), ...(this.incoming.get(id) ?? EMPTY)]) this.removeEdge(e);
    this.nodeMap.delete(id);
    this.outgoing.delete(id);
    this.incoming.delete(id);
    if (prev.tenant) this.unindexTenant(prev.tenant, id);
    this.structure++;
    this.emit({ entity: 'node', id, reason: 'remove' });
    return true;
  }

  /** Adds an edge; both ends must exist (the ingest port checks first and answers 400). */
  upsertEdge(edge: Edge): boolean {
    if (!this.nodeMap.has(edge.source) || !this.nodeMap.has(edge.target)) {
      throw new Error(`edge ${edgeId(edge)} names an unknown node`);
    }
    const id = edgeId(edge);
    if (this.edgeMap.has(id)) return false;
    this.edgeMap.set(id, Object.freeze({ type: 'edge', id, source: edge.source, target: edge.target, kind: edge.kind }));
    addTo(this.outgoing, edge.source, id);
    addTo(this.incoming, edge.target, id);
    this.structure++;
    this.emit({ entity: 'edge', id, reason: 'upsert' });
    return true;
  }

  removeEdge(id: string): boolean {
    const e = this.edgeMap.get(id);
    if (!e) return false;
    this.edgeMap.delete(id);
    this.outgoing.get(e.source)?.delete(id);
    this.incoming.get(e.target)?.delete(id);
    this.structure++;
    this.emit({ entity: 'edge', id, reason: 'remove' });
    return true;
  }

  /** Derived status only; does not move the structure version. */
  setStatus(id: string, status: NodeStatus): boolean {
    const prev = this.nodeMap.get(id);
    if (!prev || prev.status === status) return false;
    this.nodeMap.set(id, Object.freeze({ ...prev, status }));
    this.emit({ entity: 'node', id, reason: 'status' });
    return true;
  }

  private unindexTenant(tenant: string, id: string): void {
    const set = this.byTenant.get(tenant);
    set?.delete(id);
    if (set?.size === 0) this.byTenant.delete(tenant);
  }

  private emit(c: GraphChange): void {
    this.rev++;
    for (const l of this.listeners) l(c);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function sameDeclaration(a: TopologyNodeView, d: NodeDeclaration): boolean {
  if (
    a.name !== d.name ||
    a.kind !== d.kind ||
    a.layer !== d.layer ||
    a.domain !== (d.domain ?? null) ||
    a.dc !== d.dc ||
    a.tenant !== (d.tenant ?? null) ||
    a.maintenance !== (d.maintenance ?? false)
  ) {
    return false;
  }
  const la = Object.keys(a.labels);
  const lb = d.labels ?? {};
  return la.length === Object.keys(lb).length && la.every((k) => a.labels[k] === lb[k]);
}
