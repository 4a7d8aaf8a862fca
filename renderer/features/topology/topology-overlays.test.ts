// Alarm badges and health colouring on the topology wall (issue #6 item 7, issue #7 item 3): the
// badges series names exactly the clusters and drawn nodes the `alarms` summary has open alarms
// on (severity by glyph as well as colour), each overlay is one series, and health mode fills a
// scored node by its band while its shape still says its status.
import { describe, expect, it } from 'vitest';
import { STATUSES, type NodeStatus } from '../../../shared/domain/topology';
import { STATUS_STYLE } from '../../app/status-style';
import { SEVERITY_STYLE } from '../alarms/severity-style';
import { buildTopologyChart, type TopologyChartInput } from './topology-chart-option';
import { TopologyChartRenderer } from './topology-chart-renderer';
import { SERIES, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';
import { NO_FILTERS } from './topology-filters';
import { applyWallSnapshot, createTopologyModel, type TopologyModel } from './topology-model';
import { MAX_BADGES, badgeText, healthBandOf, healthBands, sameBands } from './topology-overlays';
import { syntheticWall } from './topology-test-fixtures';
import { drawnPositions } from './topology-test-hook';

const VIEW: TopologyChartView = { widthPx: 1600, heightPx: 900, fontPx: 14, mode: 'desk' };
const TEXTS: TopologyChartTexts = {
  locale: 'en',
  status: Object.fromEntries(STATUSES.map((s) => [s, s])) as Record<NodeStatus, string>,
  layer: { business: 'Business', paas: 'PaaS', iaas: 'IaaS', physical: 'Physical' },
  clusterLabels: (c) => [c.group],
  nodeTooltip: (n) => [n.name],
  clusterTooltip: (c) => [c.id],
  linkTooltip: (n) => [String(n)],
};

type Series = { id: string; type: string; data: ArrayLike<number> | unknown[]; renderItem?: (p: unknown, api: unknown) => unknown };
const seriesOf = (o: unknown) => (o as { series: Series[] }).series;

function setup() {
  const model = createTopologyModel();
  const wall = syntheticWall();
  applyWallSnapshot(model, wall.entities);
  return { model, wall };
}
const input = (model: TopologyModel, filters = NO_FILTERS): TopologyChartInput => ({ model, filters, focus: null });

/** Runs a custom series' renderItem for every item with a minimal api (identity coordinates). */
function rendered(s: Series): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const data = s.data;
  for (let i = 0; 2 * i + 1 < data.length; i++) {
    const api = { value: (d: number) => (data as ArrayLike<number>)[2 * i + d], coord: (p: number[]) => p };
    out.push(s.renderItem!({ dataIndex: i, dataIndexInside: i }, api) as Record<string, unknown>);
  }
  return out;
}

describe('alarm badges', () => {
  it('badges exactly the clusters and drawn nodes with open alarms, glyph and count in the text', () => {
    const { model, wall } = setup();
    const sys = wall.nodes[0]!;
    const paas = wall.clusters.find((c) => c.layer === 'paas')!;
    model.alarms = {
      byNode: { [sys.id]: { severity: 'major', count: 2 }, 'not-drawn': { severity: 'critical', count: 9 } },
      byCluster: { [paas.id]: { severity: 'critical', count: 7 }, 'no.such.cluster': { severity: 'minor', count: 1 } },
    };
    const { option, lookup } = buildTopologyChart(input(model), VIEW, TEXTS);
    const badges = seriesOf(option).find((s) => s.id === SERIES.badges)!;
    expect(badges.type).toBe('custom');
    // One series for every badge: the wall's update cost does not grow with them.
    expect(seriesOf(option).filter((s) => s.id === SERIES.badges)).toHaveLength(1);
    expect([...(lookup.ids(SERIES.badges) ?? [])].sort()).toEqual([`c:${paas.id}`, `n:${sys.id}`].sort());
    const els = rendered(badges);
    const texts = els.map((e) => (e.style as { text: string }).text).sort();
    expect(texts).toEqual([`${SEVERITY_STYLE.critical.glyph}7`, `${SEVERITY_STYLE.major.glyph}2`].sort());
    // Severity by glyph and by colour: the critical badge is edged and written in the critical colour.
    const crit = els.find((e) => (e.style as { text: string }).text.startsWith(SEVERITY_STYLE.critical.glyph))!;
    expect(crit.style).toMatchObject({ fill: SEVERITY_STYLE.critical.color, borderColor: SEVERITY_STYLE.critical.color });
    // A cluster's badge sits at its box's top-right corner; a node's beside the node.
    const at = new Map((lookup.ids(SERIES.badges) ?? []).map((id, i) => [id, [badges.data[2 * i], badges.data[2 * i + 1]]]));
    expect(at.get(`c:${paas.id}`)).toEqual([paas.x + paas.w, paas.y]);
    expect(at.get(`n:${sys.id}`)).toEqual([sys.x, sys.y]);
  });

  it('draws none without a summary, hides what the filters hide, and keeps the worst when capped', () => {
    const { model, wall } = setup();
    const none = buildTopologyChart(input(model), VIEW, TEXTS);
    expect(seriesOf(none.option).find((s) => s.id === SERIES.badges)!.data).toEqual([]);

    const a = wall.clusters.find((c) => c.dc === 'DC-A' && c.layer === 'iaas')!;
    const b = wall.clusters.find((c) => c.dc === 'DC-B' && c.layer === 'iaas')!;
    model.alarms = { byNode: {}, byCluster: { [a.id]: { severity: 'minor', count: 1 }, [b.id]: { severity: 'minor', count: 1 } } };
    const filtered = buildTopologyChart(input(model, { ...NO_FILTERS, dc: 'DC-A' }), VIEW, TEXTS);
    expect(filtered.lookup.ids(SERIES.badges)).toEqual([`c:${a.id}`]);

    const byNode: Record<string, { severity: 'info' | 'critical'; count: number }> = {};
    for (const n of wall.nodes) byNode[n.id] = { severity: 'info', count: 1 };
    const worst = wall.nodes[5]!.id;
    byNode[worst] = { severity: 'critical', count: 1 };
    const many = wall.nodes.length;
    expect(many).toBeGreaterThan(10);
    model.alarms = { byNode, byCluster: {} };
    const capped = buildTopologyChart(input(model), VIEW, TEXTS);
    const ids = capped.lookup.ids(SERIES.badges) ?? [];
    expect(ids.length).toBe(Math.min(many, MAX_BADGES));
    // Worst drawn last, on top.
    expect(ids[ids.length - 1]).toBe(`n:${worst}`);
  });

  it('sends only the badges series when the summary moves', () => {
    const { model, wall } = setup();
    const r = new TopologyChartRenderer();
    r.render(input(model), VIEW, TEXTS);
    model.alarms = { byNode: {}, byCluster: { [wall.clusters[3]!.id]: { severity: 'warning', count: 4 } } };
    model.versions.badges++;
    expect(r.render(input(model), VIEW, TEXTS)?.changed).toEqual([SERIES.badges]);
    expect(r.render(input(model), VIEW, TEXTS)).toBeNull();
  });

  it('writes glyph and count, capping the count', () => {
    expect(badgeText('minor', 3)).toBe(`${SEVERITY_STYLE.minor.glyph}3`);
    expect(badgeText('critical', 123_456)).toBe(`${SEVERITY_STYLE.critical.glyph}9999+`);
  });
});

describe('health colouring', () => {
  it('maps a score to its band: ≥ 90 ok, ≥ 70 warning, ≥ 40 critical, below down; maintenance and unknown kept', () => {
    expect([100, 90, 89.9, 70, 69, 40, 39.9, 0].map((s) => healthBandOf(s))).toEqual(['ok', 'ok', 'warning', 'warning', 'critical', 'critical', 'down', 'down']);
    expect(healthBandOf(95, 'maintenance')).toBe('maintenance');
    expect(healthBandOf(20, 'unknown')).toBe('unknown');
    expect(healthBandOf(20, 'ok')).toBe('down');
    expect(healthBandOf(Number.NaN)).toBe('unknown');
  });

  it('reads bands from the health topic (node scores only) and compares them by content', () => {
    const bands = healthBands({
      'd:B': { type: 'health-domain', nodeId: 'domain:B', score: 50, domain: 'B' },
      summary: { type: 'health-summary' },
      'n:a': { type: 'health', nodeId: 'a', score: 75, status: 'warning' },
      'n:b': { type: 'health', nodeId: 'b', score: 30, status: 'down' },
    });
    expect([...bands]).toEqual([
      ['a', 'warning'],
      ['b', 'down'],
    ]);
    expect(sameBands(bands, new Map(bands))).toBe(true);
    expect(sameBands(bands, new Map([...bands, ['c', 'ok']]))).toBe(false);
    expect(sameBands(null, bands)).toBe(false);
  });

  it('fills scored nodes by band in their status shape; unscored nodes and status mode keep the status series', () => {
    const { model, wall } = setup();
    const ok = wall.nodes.find((n) => n.status === 'ok')!;
    const warn = wall.nodes.find((n) => n.status === 'warning')!;
    model.health = new Map<string, NodeStatus>([
      [ok.id, 'down'],
      [warn.id, 'ok'],
    ]);
    // Status mode: the health series is empty, the nodes stay in their status series.
    const plain = buildTopologyChart(input(model), VIEW, TEXTS);
    expect(seriesOf(plain.option).find((s) => s.id === SERIES.healthNodes)!.data).toEqual([]);
    expect(plain.lookup.ids(SERIES.nodes('ok'))).toContain(ok.id);

    model.colourBy = 'health';
    const { option, marks, lookup } = buildTopologyChart(input(model), VIEW, TEXTS);
    expect(lookup.ids(SERIES.healthNodes)).toEqual(expect.arrayContaining([ok.id, warn.id]));
    expect(lookup.ids(SERIES.healthNodes)).toHaveLength(2);
    expect(lookup.ids(SERIES.nodes('ok'))).not.toContain(ok.id);
    expect(lookup.ids(SERIES.nodes('warning'))).not.toContain(warn.id);
    // Every node is still drawn once, where the server placed it.
    const drawn = drawnPositions({ option, marks }, lookup.ids);
    expect(drawn.filter((d) => d.id === `n:${ok.id}`)).toEqual([{ id: `n:${ok.id}`, kind: 'node', x: ok.x, y: ok.y }]);
    expect(drawn.filter((d) => d.kind === 'node')).toHaveLength(wall.nodes.length);
    // Fill by band, shape by status: the ok node (band down) is a filled circle in the down colour.
    const health = seriesOf(option).find((s) => s.id === SERIES.healthNodes)!;
    const els = rendered(health);
    const idx = (id: string) => (lookup.ids(SERIES.healthNodes) ?? []).indexOf(id);
    expect(els[idx(ok.id)]!.style).toMatchObject({ fill: STATUS_STYLE.down.color });
    expect(els[idx(warn.id)]!.style).toMatchObject({ fill: STATUS_STYLE.ok.color });
    const points = (e: Record<string, unknown>) => (e.shape as { points: number[][] }).points.length;
    expect(points(els[idx(warn.id)]!)).toBe(3); // a triangle: warning's shape
    expect(points(els[idx(ok.id)]!)).toBeGreaterThan(10); // a circle: ok's shape
  });
});
