// @vitest-environment happy-dom
// The topology store against a fake stream and a fake REST client: subscriptions follow
// expand/collapse/unmount, the cap collapses the oldest, a search hit is centred once drawn,
// and the drill-down asks the server for paths and metrics with the right parameters.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { topologyLayoutIds as ids } from '../../../shared/protocol/topology-layout';
import type { ApiClient } from '../../services/api';
import { useSessionStore } from '../session/session-store';
import { DRAW_LIMITS, expandedSize } from './topology-model';
import { MAX_EXPANDED, useTopologyStore } from './topology-store';
import { FakeStream, syntheticClusterTopic, syntheticWall } from './topology-test-fixtures';

let stream: FakeStream;
let requests: string[];
let answers: Record<string, unknown>;

beforeEach(() => {
  setActivePinia(createPinia());
  stream = new FakeStream();
  requests = [];
  answers = {};
  const session = useSessionStore();
  const client: ApiClient = {
    request: async <T>(_method: string, path: string) => {
      requests.push(path);
      const key = Object.keys(answers).find((k) => path.startsWith(k));
      if (!key) throw new Error(`unexpected ${path}`);
      return answers[key] as T;
    },
  };
  vi.spyOn(session, 'streamClient').mockReturnValue(stream.asClient());
  vi.spyOn(session, 'client').mockReturnValue(client);
});

/** Business clusters are drawn by the server (expanded); platform clusters can be expanded here. */
function started(opts?: Parameters<typeof syntheticWall>[0]) {
  const store = useTopologyStore();
  const wall = syntheticWall(opts);
  store.start();
  stream.snapshot('topology', wall.entities);
  const platform = wall.clusters.filter((c) => !c.expanded);
  return { store, wall, platform };
}

describe('topology store', () => {
  it('subscribes the wall topic on start and holds its entities in plain maps', () => {
    const { store, wall } = started();
    expect(stream.topics).toEqual(['alarms', 'topology']);
    expect(store.model.clusters.size).toBe(wall.clusters.length);
    expect(store.model.nodes.size).toBe(wall.nodes.length);
    expect(store.frame).toEqual(wall.frame);
    expect(store.version).toBeGreaterThan(0);
  });

  it('expands a cluster by subscribing topology:<id>, and collapses it by unsubscribing', () => {
    const { store, platform } = started();
    const c = platform[0]!;
    store.toggle(c.id);
    expect(stream.topics).toEqual(['alarms', 'topology', `topology:${c.id}`]);
    stream.snapshot(`topology:${c.id}`, syntheticClusterTopic(c));
    expect(store.model.expanded.get(c.id)!.nodes.size).toBe(c.members);
    store.toggle(c.id);
    expect(stream.topics).toEqual(['alarms', 'topology']);
    expect(store.model.expanded.size).toBe(0);
    expect(store.expandedIds).toEqual([]);
  });

  it('collapses the oldest expanded cluster when one more than the cap is expanded', () => {
    const { store, platform } = started({ dcs: ['DC-A', 'DC-B', 'DC-C'] });
    expect(platform.length).toBeGreaterThan(MAX_EXPANDED + 1);
    for (const c of platform.slice(0, MAX_EXPANDED)) store.expand(c.id);
    expect(store.expandedIds).toEqual(platform.slice(0, MAX_EXPANDED).map((c) => c.id));
    store.expand(platform[MAX_EXPANDED]!.id);
    expect(store.expandedIds).toEqual(platform.slice(1, MAX_EXPANDED + 1).map((c) => c.id));
    expect(stream.topics).not.toContain(`topology:${platform[0]!.id}`);
    expect(stream.history).toContainEqual({ op: 'unsubscribe', topic: `topology:${platform[0]!.id}` });
    expect(stream.topics.length).toBe(MAX_EXPANDED + 2);
  });

  it('closes the oldest expansions when the open ones together pass their drawing budget', () => {
    const { store, platform } = started({ members: 5_000 });
    const [a, b] = platform;
    store.expand(a!.id);
    stream.snapshot(`topology:${a!.id}`, syntheticClusterTopic(a!));
    store.expand(b!.id);
    expect(store.expandedIds).toEqual([a!.id, b!.id]);
    // Each keeps 3,000 members and 4,999 edges: two do not fit DRAW_LIMITS.expanded.
    stream.snapshot(`topology:${b!.id}`, syntheticClusterTopic(b!));
    expect(store.expandedIds).toEqual([b!.id]);
    expect(stream.topics).not.toContain(`topology:${a!.id}`);
    expect(expandedSize(store.model.expanded.get(b!.id)!)).toBeLessThanOrEqual(DRAW_LIMITS.expanded);
  });

  it('does not subscribe a cluster the server already draws one by one', () => {
    const { store, wall } = started();
    const business = wall.clusters.find((c) => c.expanded)!;
    expect(store.expand(business.id)).toBe(false);
    expect(stream.topics).toEqual(['alarms', 'topology']);
  });

  it('collapses an expanded cluster the wall no longer has, and ignores its late events', () => {
    const { store, platform } = started();
    const c = platform[0]!;
    store.expand(c.id);
    stream.delta('topology', {}, [ids.cluster(c.id)]);
    expect(store.expandedIds).toEqual([]);
    expect(stream.topics).toEqual(['alarms', 'topology']);
  });

  it('unsubscribes everything on stop (unmount)', () => {
    const { store, platform } = started();
    store.expand(platform[0]!.id);
    store.expand(platform[1]!.id);
    store.stop();
    expect(stream.topics).toEqual([]);
    expect(store.model.expanded.size).toBe(0);
    // Stopped: a late click cannot open a subscription nobody will close.
    expect(store.expand(platform[2]!.id)).toBe(false);
    expect(stream.topics).toEqual([]);
  });

  it('centres a drawn search hit at once, and an undrawn one after expanding its cluster', () => {
    const { store, wall } = started();
    const drawn = wall.nodes[3]!;
    expect(store.focusNode(drawn)).toBe('drawn');
    expect(store.centerOn).toMatchObject({ x: drawn.x, y: drawn.y });
    expect(store.focus).toBe(drawn.id);

    const vm = wall.clusters.find((c) => c.group === 'vm' && c.dc === 'DC-B')!;
    const topic = syntheticClusterTopic(vm);
    const member = Object.values(topic).find((e) => e.type === 'node' && e.id.endsWith('.m7'))!;
    if (member.type !== 'node') throw new Error('fixture');
    expect(store.focusNode({ id: member.id, layer: 'iaas', dc: 'DC-B', kind: 'vm', domain: null })).toBe('expanding');
    expect(stream.topics).toContain(`topology:${vm.id}`);
    expect(store.centerOn).toMatchObject({ x: vm.x + vm.w / 2, y: vm.y + vm.h / 2 });
    stream.snapshot(`topology:${vm.id}`, topic);
    expect(store.centerOn).toMatchObject({ x: member.x, y: member.y });
    expect(store.focus).toBe(member.id);

    expect(store.focusNode({ id: 'nowhere', layer: 'iaas', dc: 'DC-Z', kind: 'vm', domain: null })).toBe('not-found');
  });

  it('keeps the alarms summary for badges, and follows health only while colouring by health', () => {
    const { store, wall } = started();
    const c = wall.clusters[2]!;
    const before = store.model.versions.badges;
    const summary = { type: 'alarm-summary', byNode: {}, byCluster: { [c.id]: { severity: 'major', count: 2 } } };
    stream.snapshot('alarms', { summary, 'a:1': { type: 'alarm' } });
    expect(store.model.alarms).toBe(summary);
    expect(store.model.versions.badges).toBeGreaterThan(before);
    // A delta that leaves the summary alone does not redraw the badges.
    const after = store.model.versions.badges;
    stream.delta('alarms', { 'a:2': { type: 'alarm' } });
    expect(store.model.versions.badges).toBe(after);

    expect(stream.topics).not.toContain('health');
    store.setColourBy('health');
    expect(store.colourBy).toBe('health');
    expect(stream.topics).toContain('health');
    const nodes = store.model.versions.nodes;
    stream.snapshot('health', { 'n:x': { type: 'health', nodeId: wall.nodes[0]!.id, score: 55, status: 'critical' } });
    expect(store.model.health?.get(wall.nodes[0]!.id)).toBe('critical');
    expect(store.model.versions.nodes).toBeGreaterThan(nodes);
    store.setColourBy('status');
    expect(stream.topics).not.toContain('health');
    expect(store.model.health).toBeNull();
    store.setColourBy('health');
    store.stop();
    expect(stream.topics).toEqual([]);
  });

  it('replaces the filters object on every change (the chart compares identity)', () => {
    const store = useTopologyStore();
    const before = store.filters;
    store.setFilters({ dc: 'DC-A' });
    expect(store.filters).not.toBe(before);
    expect(store.filters).toEqual({ domain: null, dc: 'DC-A', status: null, search: '' });
  });
});

describe('topology drill-down', () => {
  it('opens a business system with both path directions and shows breadcrumbs', async () => {
    const { store } = started();
    answers['/api/v1/topology/paths/sys-1?direction=dependencies'] = { root: 'sys-1', direction: 'dependencies', nodes: [], edges: [], businessSystems: [], truncated: false };
    answers['/api/v1/topology/paths/sys-1?direction=impact'] = { root: 'sys-1', direction: 'impact', nodes: [], edges: [], businessSystems: ['sys-1'], truncated: false };
    await store.openSystem({ id: 'sys-1', name: 'Billing' });
    expect(requests.sort()).toEqual(['/api/v1/topology/paths/sys-1?direction=dependencies', '/api/v1/topology/paths/sys-1?direction=impact']);
    expect(store.dependencies.state).toBe('ready');
    expect(store.impact.state).toBe('ready');
    expect(store.breadcrumbs.map((c) => c.kind)).toEqual(['platform', 'system']);
  });

  it('opens a component with a preferred metric, loads its history with the points asked for, and truncates on a crumb', async () => {
    const { store } = started();
    answers['/api/v1/metrics/series'] = { node: 'db-1', series: [{ metric: 'qps', t: null, v: 3 }, { metric: 'cpu_util', t: null, v: 40 }] };
    answers['/api/v1/metrics?'] = { node: 'db-1', metric: 'cpu_util', from: '', to: '', tier: 'raw', step: 10_000, points: [] };
    answers['/api/v1/topology/paths/'] = { root: 'x', direction: 'dependencies', nodes: [], edges: [], businessSystems: [], truncated: false };
    await store.openSystem({ id: 'sys-1', name: 'Billing' });
    await store.openComponent({ id: 'db-1', name: 'Orders DB' });
    expect(store.metric).toBe('cpu_util');
    await store.loadHistory(1234);
    expect(requests.at(-1)).toBe('/api/v1/metrics?node=db-1&metric=cpu_util&points=1234');
    await store.loadHistory(99_999);
    expect(requests.at(-1)).toContain('points=2000');
    expect(store.breadcrumbs.map((c) => c.kind)).toEqual(['platform', 'system', 'component', 'metric']);
    store.goTo('system');
    expect(store.breadcrumbs.map((c) => c.kind)).toEqual(['platform', 'system']);
    store.goTo('platform');
    expect(store.breadcrumbs.map((c) => c.kind)).toEqual(['platform']);
  });
});
