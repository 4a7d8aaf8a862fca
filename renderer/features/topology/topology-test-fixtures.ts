// Synthetic topology entities that follow shared/protocol/topology-layout.ts exactly, and a fake
// stream client, for the topology tests until the server's `topology` topic is there to test
// against (and afterwards for fast, deterministic unit tests). Used only by *.test.ts.
import { LAYERS, STATUSES, worseStatus, type Layer, type NodeStatus } from '../../../shared/domain/topology';
import type {
  TopologyClusterEntity,
  TopologyClusterTopicEntity,
  TopologyFrameEntity,
  TopologyLinkEntity,
  TopologyMemberEdgeEntity,
  TopologyPlacedNodeEntity,
  TopologyWallEntity,
} from '../../../shared/protocol/topology-layout';
import { LAYOUT_CELL, topologyLayoutIds as ids } from '../../../shared/protocol/topology-layout';
import type { StreamClient, TopicEvent, TopicListener, TopicState } from '../../services/socket';

const KINDS: Record<Layer, string[]> = {
  business: ['B', 'O', 'M'],
  paas: ['mysql', 'redis', 'kafka'],
  iaas: ['vm', 'volume'],
  physical: ['server', 'switch'],
};

export function byStatusOf(statuses: NodeStatus[]): Record<NodeStatus, number> {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<NodeStatus, number>;
  for (const s of statuses) out[s]++;
  return out;
}

function worstOf(statuses: NodeStatus[]): NodeStatus {
  return statuses.reduce<NodeStatus>((w, s) => worseStatus(w, s), 'ok');
}

export function placedNode(id: string, c: Pick<TopologyClusterEntity, 'id' | 'layer' | 'dc' | 'group' | 'x' | 'y'>, slot: number, status: NodeStatus = 'ok'): TopologyPlacedNodeEntity {
  const business = c.layer === 'business';
  return {
    type: 'node',
    id,
    name: `${business ? 'sys' : c.group}-${id}`,
    kind: business ? 'business-system' : c.group,
    layer: c.layer,
    domain: business ? (c.group as 'B' | 'O' | 'M') : null,
    dc: c.dc,
    tenant: null,
    maintenance: false,
    labels: {},
    status,
    cluster: c.id,
    x: c.x + LAYOUT_CELL + (slot % 8) * LAYOUT_CELL + LAYOUT_CELL / 2,
    y: c.y + 2 * LAYOUT_CELL + Math.floor(slot / 8) * LAYOUT_CELL + LAYOUT_CELL / 2,
  };
}

export interface SyntheticWall {
  entities: Record<string, TopologyWallEntity>;
  frame: TopologyFrameEntity;
  clusters: TopologyClusterEntity[];
  nodes: TopologyPlacedNodeEntity[];
  links: Array<{ key: string; link: TopologyLinkEntity }>;
}

/**
 * A wall: two data centers; per data center the business domains (drawn one by one, as the
 * server does for business systems) and platform clusters of `members` each (collapsed);
 * links from each business system to its data center's first PaaS cluster, and from each
 * platform cluster to the next layer's first cluster. Every `statusEvery`-th member is warning.
 */
export function syntheticWall(opts: { dcs?: string[]; systemsPerDomain?: number; members?: number } = {}): SyntheticWall {
  const dcs = opts.dcs ?? ['DC-A', 'DC-B'];
  const systems = opts.systemsPerDomain ?? 4;
  const members = opts.members ?? 120;
  const colW = 900;
  const bandH = 200;
  const frame: TopologyFrameEntity = {
    type: 'frame',
    width: dcs.length * colW,
    height: LAYERS.length * bandH,
    bands: LAYERS.map((layer, i) => ({ layer, y: i * bandH, h: bandH - 40 })),
    dcs: dcs.map((dc, i) => ({ dc, x: i * colW, w: colW - 60 })),
  };
  const entities: Record<string, TopologyWallEntity> = { frame };
  const clusters: TopologyClusterEntity[] = [];
  const nodes: TopologyPlacedNodeEntity[] = [];
  const links: SyntheticWall['links'] = [];
  dcs.forEach((dc, di) => {
    LAYERS.forEach((layer, li) => {
      KINDS[layer].forEach((group, gi) => {
        const business = layer === 'business';
        const count = business ? systems : members;
        const statuses: NodeStatus[] = Array.from({ length: count }, (_, k) => (k % 10 === 3 ? 'warning' : k % 37 === 5 ? 'down' : 'ok'));
        const c: TopologyClusterEntity = {
          type: 'cluster',
          id: `${layer}.${dc}.${group}`,
          layer,
          dc,
          group,
          x: di * colW + 20 + gi * 280,
          y: li * bandH + 10,
          w: 260,
          h: 140,
          members: count,
          byStatus: byStatusOf(statuses),
          worst: worstOf(statuses),
          expanded: business,
        };
        clusters.push(c);
        entities[ids.cluster(c.id)] = c;
        if (business) {
          statuses.forEach((s, k) => {
            const n = placedNode(`${dc}-${group}-sys${k}`, c, k, s);
            nodes.push(n);
            entities[ids.node(n.id)] = n;
          });
        }
      });
    });
  });
  const first = (layer: Layer, dc: string) => clusters.find((c) => c.layer === layer && c.dc === dc)!;
  for (const n of nodes) {
    const target = first('paas', n.dc);
    const key = ids.link(n.id, target.id);
    const link: TopologyLinkEntity = { type: 'link', source: { kind: 'node', id: n.id }, target: { kind: 'cluster', id: target.id }, count: 2, worst: worseStatus(n.status, target.worst) };
    links.push({ key, link });
    entities[key] = link;
  }
  for (const c of clusters) {
    const li = LAYERS.indexOf(c.layer);
    if (c.layer === 'business' || li === LAYERS.length - 1) continue;
    const target = first(LAYERS[li + 1]!, c.dc);
    const key = ids.link(c.id, target.id);
    const link: TopologyLinkEntity = { type: 'link', source: { kind: 'cluster', id: c.id }, target: { kind: 'cluster', id: target.id }, count: 40, worst: worseStatus(c.worst, target.worst) };
    links.push({ key, link });
    entities[key] = link;
  }
  return { entities, frame, clusters, nodes, links };
}

/** `topology:<clusterId>`: the members in a grid inside the box, a chain of edges, a link out. */
export function syntheticClusterTopic(c: TopologyClusterEntity, outside?: { kind: 'node' | 'cluster'; id: string }): Record<string, TopologyClusterTopicEntity> {
  const out: Record<string, TopologyClusterTopicEntity> = {};
  const members: TopologyPlacedNodeEntity[] = [];
  for (let i = 0; i < c.members; i++) {
    const n = placedNode(`${c.id}.m${i}`, c, i, i % 10 === 3 ? 'warning' : 'ok');
    members.push(n);
    out[ids.node(n.id)] = n;
  }
  for (let i = 1; i < members.length; i++) {
    const a = members[i - 1]!;
    const b = members[i]!;
    const e: TopologyMemberEdgeEntity = { type: 'edge', id: `${a.id}>${b.id}>uses`, source: a.id, target: b.id, worst: worseStatus(a.status, b.status) };
    out[ids.edge(e.id)] = e;
  }
  if (outside && members[0]) {
    out[ids.link(members[0].id, outside.id)] = { type: 'link', source: { kind: 'node', id: members[0].id }, target: outside, count: 1, worst: members[0].status };
  }
  return out;
}

/** A StreamClient stand-in: records subscriptions and lets a test play snapshots and deltas. */
export class FakeStream {
  readonly listeners = new Map<string, Set<TopicListener<unknown>>>();
  readonly history: Array<{ op: 'subscribe' | 'unsubscribe'; topic: string }> = [];
  private readonly states = new Map<string, TopicState>();

  subscribe<E>(topic: string, listener: TopicListener<E>): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
      this.history.push({ op: 'subscribe', topic });
    }
    set.add(listener as TopicListener<unknown>);
    const s = set;
    return () => {
      s.delete(listener as TopicListener<unknown>);
      if (s.size === 0 && this.listeners.get(topic) === s) {
        this.listeners.delete(topic);
        this.states.delete(topic);
        this.history.push({ op: 'unsubscribe', topic });
      }
    };
  }

  get topics(): string[] {
    return [...this.listeners.keys()].sort();
  }

  snapshot(topic: string, entities: Record<string, unknown>): void {
    const state: TopicState = { topic, entities: { ...entities }, epoch: 'e1', seq: 1, complete: true, total: Object.keys(entities).length, at: '2025-01-01T00:00:00.000Z' };
    this.states.set(topic, state);
    this.emit(topic, { kind: 'snapshot', state });
  }

  delta(topic: string, upserts: Record<string, unknown>, removes: string[] = []): void {
    const state = this.states.get(topic);
    if (!state) throw new Error(`no snapshot for ${topic}`);
    const previous: Record<string, unknown> = {};
    for (const k of [...Object.keys(upserts), ...removes]) previous[k] = state.entities[k];
    for (const k of removes) delete state.entities[k];
    Object.assign(state.entities, upserts);
    state.seq++;
    this.emit(topic, { kind: 'delta', state, delta: { topic, epoch: state.epoch, seq: state.seq, at: state.at, changes: { upserts, removes } }, previous });
  }

  asClient(): StreamClient {
    return this as unknown as StreamClient;
  }

  private emit(topic: string, ev: TopicEvent<unknown>): void {
    for (const l of this.listeners.get(topic) ?? []) l(ev);
  }
}
