// @vitest-environment happy-dom
// The topology view end to end inside the renderer: a real ECharts instance (SVG under
// happy-dom), the real store and i18n, a fake stream playing contract-shaped entities and a fake
// REST client. Proves that what the chart holds (read back through the test hook, from
// getOption) is what the server sent, that clicks expand clusters and open the drill-down, that
// the legend shows symbol + label in both languages, and that unmount leaves nothing behind.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import { STATUSES } from '../../../shared/domain/topology';
import { LOD_CAP, topologyLayoutIds as ids, type TopologyPathResult } from '../../../shared/protocol/topology-layout';
import { echarts } from '../../app/echarts';
import { i18n, setLocale } from '../../app/i18n';
import { RecordingResizeObserver, stubChartGlobals, type ManualFrames } from '../../components/chart-test-doubles';
import EChart from '../../components/EChart.vue';
import type { ApiClient } from '../../services/api';
import { useSessionStore } from '../session/session-store';
import { STATUS_SYMBOL_PATH } from './status-symbols';
import { useTopologyStore } from './topology-store';
import { FakeStream, placedNode, syntheticClusterTopic, syntheticWall } from './topology-test-fixtures';
import TopologyView from './topology-view.vue';

let frames: ManualFrames;
let stream: FakeStream;
let pinia: Pinia;
let requests: string[];
let screenWidth = 1200;

function sizeOf(el: HTMLElement): [number, number] {
  // happy-dom does no layout: give the boxes the sizes a screen would.
  if (el.classList.contains('metric-chart')) return [400, 260];
  if (el.classList.contains('path-chart')) return [400, 320];
  return [screenWidth, 700];
}

beforeEach(() => {
  frames = stubChartGlobals();
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return sizeOf(this)[0];
  });
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return sizeOf(this)[1];
  });
  pinia = createPinia();
  setActivePinia(pinia);
  stream = new FakeStream();
  requests = [];
  const session = useSessionStore();
  vi.spyOn(session, 'streamClient').mockReturnValue(stream.asClient());
  const client: ApiClient = { request: async <T>(_m: string, path: string) => answer(path) as T };
  vi.spyOn(session, 'client').mockReturnValue(client);
  setLocale('zh-CN', false);
  screenWidth = 1200;
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const wall = syntheticWall();
const system = wall.nodes[0]!;
const db = placedNode('orders-db', wall.clusters.find((c) => c.group === 'mysql')!, 0, 'critical');

function answer(path: string): unknown {
  requests.push(path);
  if (path.startsWith('/api/v1/topology/paths/')) {
    const direction = path.includes('impact') ? 'impact' : 'dependencies';
    const r: TopologyPathResult = {
      root: system.id,
      direction,
      nodes: [
        { ...system, depth: 0, x: 0, y: 0 },
        { ...db, depth: 1, x: 0, y: 100 },
      ],
      edges: [{ id: `${system.id}>${db.id}>uses`, source: system.id, target: db.id, kind: 'uses' }],
      businessSystems: direction === 'impact' ? [system.id] : [],
      truncated: false,
    };
    return r;
  }
  if (path.startsWith('/api/v1/metrics/series')) return { node: db.id, series: [{ metric: 'cpu_util', t: null, v: 50 }] };
  if (path.startsWith('/api/v1/metrics?')) {
    return { node: db.id, metric: 'cpu_util', from: '', to: '', tier: 'raw', step: 10_000, points: [{ t: '2025-01-01T00:00:00Z', min: 1, max: 5, avg: 3 }, { t: '2025-01-01T00:00:10Z', min: 2, max: 9, avg: 4 }] };
  }
  throw new Error(`unexpected ${path}`);
}

function mountView(mode: 'wall' | 'desk'): VueWrapper {
  return mount(TopologyView, { props: { mode, renderer: 'svg' }, global: { plugins: [pinia, i18n] }, attachTo: document.body });
}

function topologyChart(w: VueWrapper): VueWrapper<InstanceType<typeof EChart>> {
  return w.findAllComponents(EChart).find((c) => c.element.parentElement?.dataset.testid === 'topology-chart') as VueWrapper<InstanceType<typeof EChart>>;
}

const hook = () => window.__skyfortTopology!;

describe('topology view', () => {
  it('draws exactly what the server sent, through ECharts, within the element cap', async () => {
    const errors = vi.spyOn(console, 'error');
    const w = mountView('desk');
    stream.snapshot('topology', wall.entities);
    await nextTick();
    frames.flush();
    expect(errors).not.toHaveBeenCalled();

    const drawn = new Map(hook().drawnPositions().map((d) => [d.id, d]));
    for (const n of wall.nodes) expect(drawn.get(ids.node(n.id))).toMatchObject({ x: n.x, y: n.y });
    for (const c of wall.clusters) expect(drawn.get(ids.cluster(c.id))).toMatchObject({ x: c.x, y: c.y, w: c.w, h: c.h });
    expect(hook().drawnCount()).toBe(wall.nodes.length + wall.clusters.length + wall.links.length);
    expect(hook().drawnCount()).toBeLessThanOrEqual(LOD_CAP);
    expect(hook().seriesLayouts().every((l) => l === 'none')).toBe(true);
    // The SVG renderer really drew: boxes, symbols and labels are in the DOM.
    const svg = w.find('[data-testid="topology-chart"] svg');
    expect(svg.exists()).toBe(true);
    expect(svg.text()).toContain('DC-A');
    w.unmount();
  });

  it('shows every status with its symbol and label in the legend, in both languages', async () => {
    const w = mountView('wall');
    const legend = w.find('[data-testid="topology-legend"]');
    const items = legend.findAll('[data-legend-status]');
    expect(items.map((i) => i.attributes('data-legend-status')).sort()).toEqual([...STATUSES].sort());
    for (const i of items) expect(i.find('path').attributes('d')).toBe(STATUS_SYMBOL_PATH[i.attributes('data-legend-status') as keyof typeof STATUS_SYMBOL_PATH]);
    expect(legend.text()).toContain('宕机');
    setLocale('en', false);
    await nextTick();
    expect(legend.text()).toContain('Down');
    expect(legend.text()).toContain('worse status');
    w.unmount();
  });

  it('expands a cluster on click, draws its members where sent, and collapses on a second click', async () => {
    const w = mountView('desk');
    stream.snapshot('topology', wall.entities);
    frames.flush();
    const vm = wall.clusters.find((c) => c.group === 'vm')!;
    topologyChart(w).vm.$emit('chart-click', { seriesId: 'clusters', data: { id: vm.id } });
    expect(stream.topics).toContain(`topology:${vm.id}`);
    const topic = syntheticClusterTopic(vm);
    stream.snapshot(`topology:${vm.id}`, topic);
    await nextTick();
    frames.flush();
    const drawn = new Map(hook().drawnPositions().map((d) => [d.id, d]));
    for (const e of Object.values(topic)) if (e.type === 'node') expect(drawn.get(ids.node(e.id))).toMatchObject({ x: e.x, y: e.y });
    topologyChart(w).vm.$emit('chart-click', { seriesId: 'clusters', data: { id: vm.id } });
    expect(stream.topics).not.toContain(`topology:${vm.id}`);
    w.unmount();
  });

  it('opens a business system’s paths and impact, then a component’s metric with points from its width', async () => {
    const w = mountView('desk');
    stream.snapshot('topology', wall.entities);
    frames.flush();
    topologyChart(w).vm.$emit('chart-click', { seriesId: `nodes:${system.status}`, data: { id: system.id } });
    await flushPromises();
    expect(w.find('[data-testid="breadcrumbs"]').text()).toContain(system.name);
    expect(w.find('[data-testid="path-panel"]').exists()).toBe(true);
    expect(w.find('[data-testid="path-chart"]').exists()).toBe(true);
    expect(w.find('[data-testid="impact-list"]').text()).toContain(system.name);

    w.findComponent({ name: 'PathChart' }).vm.$emit('pick', db.id);
    await flushPromises();
    const metric = w.find('[data-testid="metric-chart"]');
    expect(metric.exists()).toBe(true);
    expect(requests).toContain(`/api/v1/metrics?node=${db.id}&metric=cpu_util&points=800`);
    expect(metric.attributes('data-points')).toBe('800');
    // The component's own impact: which business systems its failure would hit.
    expect(w.find('[data-testid="component-impact-list"]').text()).toContain(system.name);
    expect(requests).toContain(`/api/v1/topology/paths/${db.id}?direction=impact`);
    expect(w.find('[data-testid="breadcrumbs"]').findAll('[data-crumb]').map((c) => c.attributes('data-crumb'))).toEqual(['platform', 'system', 'component', 'metric']);
    w.unmount();
  });

  it('on a wall: no desk chrome, labels sized from the screen height, and a click opens no panel', async () => {
    vi.stubGlobal('innerHeight', 2160);
    const w = mountView('wall');
    stream.snapshot('topology', wall.entities);
    frames.flush();
    expect(w.find('[data-testid="topology-filters"]').exists()).toBe(false);
    // 1.75 % of a 4K wall's 2,160 px, like wall-shell.vue's text.
    expect(hook().labelPx()).toEqual({ boxes: Math.round(38 * 0.85), names: Math.round(38 * 0.8) });
    topologyChart(w).vm.$emit('chart-click', { seriesId: `nodes:${system.status}`, data: { id: system.id } });
    await flushPromises();
    expect(w.find('[data-testid="drill-panel"]').exists()).toBe(false);
    w.unmount();
  });

  it('keeps the operator’s zoom when the chart is resized (e.g. the drill-down panel opens)', async () => {
    const w = mountView('desk');
    stream.snapshot('topology', wall.entities);
    frames.flush();
    const chart = topologyChart(w);
    chart.vm.setOption({ dataZoom: [{ id: 'zoom-x', start: 20, end: 40 }] });
    screenWidth = 800;
    for (const o of RecordingResizeObserver.created) o.fire();
    frames.flush();
    const zoom = (chart.vm.getOption() as { dataZoom: Array<{ id: string; start: number; end: number }> }).dataZoom;
    expect(zoom.find((z) => z.id === 'zoom-x')).toMatchObject({ start: 20, end: 40 });
    // The resize did redraw: the x axis was fitted to the narrower screen.
    const x = (chart.vm.getOption() as { xAxis: Array<{ max: number; min: number }> }).xAxis[0]!;
    expect(800 / (x.max - x.min)).toBeLessThan(1200 / (wall.frame.width * 1.04) + 1e-9);
    w.unmount();
  });

  it('leaves no subscription, chart instance or test hook behind on unmount', async () => {
    const w = mountView('desk');
    stream.snapshot('topology', wall.entities);
    frames.flush();
    const store = useTopologyStore();
    store.expand(wall.clusters.find((c) => !c.expanded)!.id);
    const el = topologyChart(w).element as HTMLElement;
    const chart = echarts.getInstanceByDom(el)!;
    expect(chart).toBeDefined();
    w.unmount();
    expect(stream.topics).toEqual([]);
    expect(chart.isDisposed()).toBe(true);
    expect(window.__skyfortTopology).toBeUndefined();
    expect(frames.pending()).toBe(0);
  });
});
