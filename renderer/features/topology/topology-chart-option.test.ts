// The topology option builder and renderer, on synthetic entities that follow the contract
// (shared/protocol/topology-layout.ts). What is proved: nothing lays out (no graph series, every
// layout 'none'); drawn coordinates are the server's, exactly; each status has its own symbol;
// a 1 % recolour hands on only the affected marks and no series; filters hide what they say.
import { describe, expect, it } from 'vitest';
import { STATUSES, type NodeStatus } from '../../../shared/domain/topology';
import { LOD_CAP, topologyLayoutIds as ids } from '../../../shared/protocol/topology-layout';
import { STATUS_STYLE } from '../../app/status-style';
import { STATUS_SYMBOL_PATH } from './status-symbols';
import { buildTopologyChart, type TopologyChartInput } from './topology-chart-option';
import { MAX_STRETCH, fitRange } from './topology-fit';
import { anchor } from './topology-line-marks';
import { TopologyChartRenderer } from './topology-chart-renderer';
import { isMarks, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';
import { NO_FILTERS, type TopologyFilters } from './topology-filters';
import { applyClusterSnapshot, applyWallDelta, applyWallSnapshot, createExpandedCluster, createTopologyModel, type TopologyModel } from './topology-model';
import { syntheticClusterTopic, syntheticWall } from './topology-test-fixtures';
import { drawnCount, drawnPositions, pixelOf, seriesLayouts } from './topology-test-hook';

const VIEW: TopologyChartView = { widthPx: 1600, heightPx: 900, fontPx: 14, mode: 'desk' };
const TEXTS: TopologyChartTexts = {
  locale: 'en',
  status: Object.fromEntries(STATUSES.map((s) => [s, s])) as Record<NodeStatus, string>,
  layer: { business: 'Business', paas: 'PaaS', iaas: 'IaaS', physical: 'Physical' },
  clusterLabels: (c) => [`${c.group} × ${c.members} · ${c.dc}`, `${c.group} × ${c.members}`, c.group],
  nodeTooltip: (n) => [n.name],
  clusterTooltip: (c) => [c.id],
  linkTooltip: (n) => [String(n)],
};

type Series = { id: string; type: string; zlevel?: number; symbol?: string; large?: boolean; itemStyle?: { color?: string }; data: Array<{ id: string; value?: number[]; coords?: number[][] }> };
const seriesOf = (o: unknown) => (o as { series: Series[] }).series;
const byId = (o: unknown, id: string) => seriesOf(o).find((s) => s.id === id)!;

/** The whole option and marks, what they draw where (ids from the typed tables), and the ids in each series or set of marks. */
function chart(i: TopologyChartInput) {
  const { option, marks: parts, lookup } = buildTopologyChart(i, VIEW, TEXTS);
  const marks = parts.filter(isMarks);
  const idsIn = (id: string) => {
    const m = parts.find((x) => x.id === id);
    if (m) return [...m.ids];
    const s = byId(option, id);
    return ArrayBuffer.isView(s.data) ? [...(lookup.ids(id) ?? [])] : s.data.map((d) => d.id);
  };
  const lineIds = () => marks.filter((m) => m.style.kind === 'lines').flatMap((m) => [...m.ids]);
  return { option, marks, parts, drawn: drawnPositions({ option, marks: parts }, lookup.ids), idsIn, lineIds, lookup };
}

function wallModel(opts?: Parameters<typeof syntheticWall>[0]): { model: TopologyModel; wall: ReturnType<typeof syntheticWall> } {
  const model = createTopologyModel();
  const wall = syntheticWall(opts);
  applyWallSnapshot(model, wall.entities);
  return { model, wall };
}

const input = (model: TopologyModel, filters: TopologyFilters = NO_FILTERS, focus: string | null = null): TopologyChartInput => ({ model, filters, focus });

describe('topology option builder', () => {
  it('draws with custom and scatter series and its own marks only: no graph, every layout none', () => {
    const { model } = wallModel();
    const { option, marks } = buildTopologyChart(input(model), VIEW, TEXTS);
    const types = new Set(seriesOf(option).map((s) => s.type));
    expect([...types].sort()).toEqual(['custom', 'scatter']);
    // Nodes and lines are marks, one set per status each, at the server's coordinates; boxes
    // and names are the chart's own layer's too (they change with nearly every recolour).
    expect(marks.map((m) => m.id).sort()).toEqual(['clusters', 'names', ...STATUSES.map((s) => `lines:${s}`), ...STATUSES.map((s) => `nodes:${s}`)].sort());
    expect(seriesOf(option).map((s) => s.id)).not.toContain('clusters');
    const layouts = seriesLayouts(option);
    expect(layouts.length).toBe(seriesOf(option).length);
    expect(layouts.every((l) => l === 'none')).toBe(true);
    // A graph series, were one ever added, must say layout 'none' to pass the same check.
    expect(seriesLayouts({ series: [{ type: 'graph', layout: 'force' }] })).toEqual(['force']);
  });

  it('draws every node and cluster box at exactly the x, y (and w, h) the server sent', () => {
    const { model, wall } = wallModel();
    const vm = wall.clusters.find((c) => c.group === 'vm')!;
    const entry = createExpandedCluster(vm.id);
    model.expanded.set(vm.id, entry);
    const topic = syntheticClusterTopic(vm, { kind: 'cluster', id: wall.clusters.find((c) => c.group === 'server')!.id });
    applyClusterSnapshot(model, entry, topic);

    const drawn = new Map(chart(input(model)).drawn.map((d) => [d.id, d]));
    const members = Object.values(topic).filter((e) => e.type === 'node');
    expect(members.length).toBe(vm.members);
    for (const n of [...wall.nodes, ...members]) {
      if (n.type !== 'node') continue;
      expect(drawn.get(ids.node(n.id)), n.id).toEqual({ id: ids.node(n.id), kind: 'node', x: n.x, y: n.y });
    }
    for (const c of wall.clusters) {
      expect(drawn.get(ids.cluster(c.id)), c.id).toEqual({ id: ids.cluster(c.id), kind: 'cluster', x: c.x, y: c.y, w: c.w, h: c.h });
    }
    expect(drawn.size).toBe(wall.nodes.length + members.length + wall.clusters.length);
  });

  it('gives each status its own symbol and colour, and puts every node in its status set', () => {
    // The marks draw each status's outline (the legend's), so shapes differ as the legend's do.
    expect(new Set(Object.values(STATUS_SYMBOL_PATH)).size).toBe(STATUSES.length);
    const { model, wall } = wallModel();
    const { marks, idsIn } = chart(input(model));
    for (const s of STATUSES) {
      const set = marks.find((m) => m.id === `nodes:${s}`)!;
      expect(set.style).toMatchObject({ kind: 'nodes', status: s, color: STATUS_STYLE[s].color });
      const expected = wall.nodes.filter((n) => n.status === s).map((n) => n.id).sort();
      expect(idsIn(`nodes:${s}`).sort()).toEqual(expected);
    }
    // Few enough business systems to name: each has its name beside it, worse statuses first.
    const named = idsIn('names');
    expect([...named].sort()).toEqual(wall.nodes.filter((n) => n.layer === 'business').map((n) => n.id).sort());
    const rank = (id: string) => STATUSES.indexOf(wall.nodes.find((n) => n.id === id)!.status);
    expect(rank(named[0]!)).toBeGreaterThanOrEqual(rank(named.at(-1)!));
    // Too many to name on a desk: no names, every node still drawn.
    const many = wallModel({ systemsPerDomain: 70 });
    expect(chart(input(many.model)).idsIn('names')).toEqual([]);
  });

  it('inverts y (business on top), hides the axes, fits the whole frame within a bounded stretch and pans inside', () => {
    const { model, wall } = wallModel();
    const option = buildTopologyChart(input(model), VIEW, TEXTS).option as Record<string, unknown>;
    const x = option.xAxis as { show: boolean; min: number; max: number };
    const y = option.yAxis as { show: boolean; inverse: boolean; min: number; max: number };
    expect(x.show).toBe(false);
    expect(y.show).toBe(false);
    expect(y.inverse).toBe(true);
    expect(x.min).toBeLessThanOrEqual(0);
    expect(x.max).toBeGreaterThanOrEqual(wall.frame.width);
    expect(y.min).toBeLessThanOrEqual(0);
    expect(y.max).toBeGreaterThanOrEqual(wall.frame.height);
    // The axes' scales differ by at most MAX_STRETCH: boxes fill the screen but stay boxes.
    const sx = VIEW.widthPx / (x.max - x.min);
    const sy = VIEW.heightPx / (y.max - y.min);
    expect(Math.max(sx / sy, sy / sx)).toBeLessThanOrEqual(MAX_STRETCH + 1e-9);
    // A very tall frame is stretched sideways by the bound, no more.
    const tall = fitRange({ width: 100, height: 5_000 }, VIEW);
    expect(VIEW.widthPx / (tall.xMax - tall.xMin) / (VIEW.heightPx / (tall.yMax - tall.yMin))).toBeCloseTo(MAX_STRETCH, 6);
    expect((option.dataZoom as Array<{ type: string }>).map((d) => d.type)).toEqual(['inside', 'inside']);
    // The background below (with the line marks), boxes and names above (with the node marks).
    for (const s of seriesOf(option)) expect(s.zlevel, s.id).toBe(s.id === 'frame' ? 0 : 1);
    expect(byId(option, 'frame-labels').zlevel).toBe(1);
    expect(fitRange(null, VIEW).pxPerUnit).toBeGreaterThan(0);
  });

  it('colours links by their worse end and meets a box on the side facing the other end', () => {
    const { model, wall } = wallModel();
    const { marks } = chart(input(model));
    for (const { key, link } of wall.links) {
      const set = marks.find((m) => m.style.kind === 'lines' && m.ids.includes(key))!;
      expect(set.id).toBe(`lines:${link.worst}`);
    }
    const box = { x: 100, y: 100, w: 50, h: 40 };
    expect(anchor(box, { x: 110, y: 400, w: 0, h: 0 })).toEqual([125, 140]);
    expect(anchor(box, { x: 110, y: 0, w: 0, h: 0 })).toEqual([125, 100]);
    expect(anchor(box, { x: 0, y: 120, w: 0, h: 0 })).toEqual([100, 120]);
    expect(anchor({ x: 7, y: 9, w: 0, h: 0 }, box)).toEqual([7, 9]);
  });

  it('replaces the links of a cluster expanded here by its members’ own links and edges', () => {
    const { model, wall } = wallModel();
    const vm = wall.clusters.find((c) => c.group === 'vm' && c.dc === 'DC-A')!;
    const before = chart(input(model)).lineIds();
    const touching = wall.links.filter(({ link }) => link.source.id === vm.id || link.target.id === vm.id).map((l) => l.key);
    expect(touching.length).toBeGreaterThan(0);
    const entry = createExpandedCluster(vm.id);
    model.expanded.set(vm.id, entry);
    applyClusterSnapshot(model, entry, syntheticClusterTopic(vm, { kind: 'cluster', id: 'physical.DC-A.server' }));
    const after = chart(input(model)).lineIds();
    expect(before).toEqual(expect.arrayContaining(touching));
    for (const k of touching) expect(after).not.toContain(k);
    // vm.members − 1 chain edges plus one link out.
    expect(after.filter((k) => k.startsWith(`${vm.id}/`)).length).toBe(vm.members);
  });

  it('keeps a wall-level snapshot of LOD_CAP elements within LOD_CAP drawn', () => {
    // 2 DCs × (3 domains × 60 systems + 7 platform clusters + 3 domain boxes) plus their links.
    const { model } = wallModel({ systemsPerDomain: 60 });
    const total = model.clusters.size + model.nodes.size + model.links.size;
    expect(total).toBeLessThanOrEqual(LOD_CAP);
    expect(drawnCount(buildTopologyChart(input(model), VIEW, TEXTS))).toBe(total);
  });
});

describe('topology test hook', () => {
  it('maps a drawn element to client pixels through the axes and the current zoom window', () => {
    const { model, wall } = wallModel();
    const built = chart(input(model));
    const option = built.option as { xAxis: { min: number; max: number }; yAxis: { min: number; max: number } };
    const idsOf = built.lookup.ids;
    const box = { left: 10, top: 20, width: VIEW.widthPx, height: VIEW.heightPx };
    const n = wall.nodes[0]!;
    const zoomed = (x: [number, number]) => ({
      option: { ...option, xAxis: [option.xAxis], yAxis: [option.yAxis], dataZoom: [{ xAxisIndex: [0], start: x[0], end: x[1] }, { yAxisIndex: [0], start: 0, end: 100 }] },
      marks: built.parts,
    });
    const read = zoomed([0, 100]);
    const p = pixelOf(read, box, ids.node(n.id), idsOf)!;
    expect(p.x).toBeCloseTo(10 + ((n.x - option.xAxis.min) / (option.xAxis.max - option.xAxis.min)) * VIEW.widthPx, 6);
    expect(p.y).toBeCloseTo(20 + ((n.y - option.yAxis.min) / (option.yAxis.max - option.yAxis.min)) * VIEW.heightPx, 6);
    // Zoomed to the right half of x: the same node moves left by half a width, scaled twice.
    const half = pixelOf(zoomed([50, 100]), box, ids.node(n.id), idsOf)!;
    expect(half.x - 10).toBeCloseTo(2 * (p.x - 10) - VIEW.widthPx, 6);
    const c = wall.clusters[0]!;
    const centre = pixelOf(read, box, ids.cluster(c.id))!;
    expect(centre.x).toBeCloseTo(10 + ((c.x + c.w / 2 - option.xAxis.min) / (option.xAxis.max - option.xAxis.min)) * VIEW.widthPx, 6);
    expect(pixelOf(read, box, 'n:nope')).toBeNull();
  });
});

describe('topology filters', () => {
  it('data center: only that column’s boxes, nodes and links are drawn', () => {
    const { model } = wallModel();
    const { drawn, lineIds } = chart(input(model, { ...NO_FILTERS, dc: 'DC-B' }));
    expect(drawn.length).toBeGreaterThan(0);
    for (const d of drawn) expect(d.id, d.id).toMatch(/DC-B/);
    const lines = lineIds();
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toMatch(/DC-A/);
  });

  it('domain: hides the other domains’ business systems but keeps the platform layers', () => {
    const { model, wall } = wallModel();
    const { drawn } = chart(input(model, { ...NO_FILTERS, domain: 'O' }));
    const nodes = drawn.filter((d) => d.kind === 'node');
    expect(nodes.length).toBe(wall.nodes.filter((n) => n.domain === 'O').length);
    expect(drawn.some((d) => d.id === 'c:business.DC-A.B')).toBe(false);
    expect(drawn.some((d) => d.id === 'c:business.DC-A.O')).toBe(true);
    expect(drawn.some((d) => d.id === 'c:paas.DC-A.mysql')).toBe(true);
  });

  it('status: only nodes in that status, and boxes holding at least one member in it', () => {
    const { model, wall } = wallModel();
    const { drawn } = chart(input(model, { ...NO_FILTERS, status: 'down' }));
    const nodes = drawn.filter((d) => d.kind === 'node').map((d) => d.id);
    expect(nodes.sort()).toEqual(wall.nodes.filter((n) => n.status === 'down').map((n) => ids.node(n.id)).sort());
    const boxes = drawn.filter((d) => d.kind === 'cluster').map((d) => d.id.slice(2));
    expect(boxes.sort()).toEqual(wall.clusters.filter((c) => c.byStatus.down > 0).map((c) => c.id).sort());
  });

  it('search rings matching drawn nodes without hiding anything', () => {
    const { model, wall } = wallModel();
    const plain = chart(input(model));
    const searched = chart(input(model, { ...NO_FILTERS, search: 'DC-A-O-sys1' }));
    expect(searched.drawn).toEqual(plain.drawn);
    expect(byId(searched.option, 'highlight').data.map((d) => d.id)).toEqual(['DC-A-O-sys1']);
    expect(wall.nodes.some((n) => n.id === 'DC-A-O-sys1')).toBe(true);
  });
});

describe('topology chart renderer', () => {
  it('sends everything once, then for a 1 % recolour only the two status sets of marks involved and no series', () => {
    // 420 business systems: more than a desk names, so each is in its status series.
    const { model, wall } = wallModel({ systemsPerDomain: 70 });
    const r = new TopologyChartRenderer();
    const first = r.render(input(model), VIEW, TEXTS)!;
    expect(first.full).toBe(true);
    expect(r.render(input(model), VIEW, TEXTS)).toBeNull();

    const ok = wall.nodes.filter((n) => n.status === 'ok');
    const flip = ok.slice(0, Math.max(1, Math.round(wall.nodes.length / 100)));
    applyWallDelta(model, Object.fromEntries(flip.map((n) => [ids.node(n.id), { ...n, status: 'critical' }])), []);
    const patch = r.render(input(model), VIEW, TEXTS)!;
    expect(patch.full).toBe(false);
    expect(patch.changed.sort()).toEqual(['nodes:critical', 'nodes:ok']);
    // ECharts is not touched: it would re-render every series for any one sent.
    expect(patch.option).toBeNull();
    expect(patch.marks.map((m) => m.id).sort()).toEqual(['nodes:critical', 'nodes:ok']);
    expect([...(r.lookup.ids('nodes:critical') ?? [])].sort()).toEqual(flip.map((n) => n.id).sort());
    // The ids behind the data indices are the ones the layer was handed.
    expect(patch.marks.find((m) => m.id === 'nodes:critical')!.coords.length).toBe(2 * flip.length);
  });

  it('redraws a box whose counts moved on the layer, without ECharts', () => {
    const { model, wall } = wallModel();
    const r = new TopologyChartRenderer();
    r.render(input(model), VIEW, TEXTS);
    const c = wall.clusters.find((x) => x.worst !== 'down')!;
    const byStatus = { ...Object.fromEntries(STATUSES.map((st) => [st, 0])), ok: c.members - 1, down: 1 } as Record<NodeStatus, number>;
    applyWallDelta(model, { [ids.cluster(c.id)]: { ...c, worst: 'down', byStatus } }, []);
    const patch = r.render(input(model), VIEW, TEXTS)!;
    expect(patch.changed).toEqual(['clusters']);
    expect(patch.option).toBeNull();
    const boxes = patch.marks.find((m) => m.id === 'clusters')!;
    if (boxes.layer !== 'boxes') throw new Error('clusters should be the layer\'s boxes');
    const face = boxes.faces[boxes.ids.indexOf(c.id)]!;
    expect(face.worst).toBe('down');
    expect(face.counts).toEqual([{ status: 'down', text: '1', color: STATUS_STYLE.down.color }]);
  });

  it('sends only the lines series whose links changed, and nothing when nothing drawn changed', () => {
    const { model, wall } = wallModel();
    const r = new TopologyChartRenderer();
    r.render(input(model), VIEW, TEXTS);
    const { key, link } = wall.links[0]!;
    expect(link.worst).not.toBe('maintenance');
    applyWallDelta(model, { [key]: { ...link, worst: 'maintenance' } }, []);
    expect(r.render(input(model), VIEW, TEXTS)!.changed.sort()).toEqual([`lines:${link.worst}`, 'lines:maintenance'].sort());
    // The summary is not drawn by the chart: a summary-only delta sends nothing.
    applyWallDelta(model, { summary: { type: 'summary' } }, []);
    expect(r.render(input(model), VIEW, TEXTS)).toBeNull();
  });

  it('places a line again when what it joins moves, and only then', () => {
    const { model, wall } = wallModel();
    const r = new TopologyChartRenderer();
    r.render(input(model), VIEW, TEXTS);
    const { key, link } = wall.links.find((l) => l.link.source.kind === 'cluster' && l.link.target.kind === 'cluster')!;
    const geo = (id: string) => {
      const c = model.clusters.get(id)!;
      return { x: c.x, y: c.y, w: c.w, h: c.h };
    };
    const quad = (marks: ReturnType<TopologyChartRenderer['render']>) => {
      const set = marks!.marks.find((m) => m.ids.includes(key))!;
      const i = set.ids.indexOf(key);
      return [...set.coords.subarray(4 * i, 4 * i + 4)];
    };
    // A recolour of the link: the same place, from the table.
    applyWallDelta(model, { [key]: { ...link, worst: 'maintenance' } }, []);
    const recoloured = quad(r.render(input(model), VIEW, TEXTS));
    expect(recoloured).toEqual([...anchor(geo(link.source.id), geo(link.target.id)), ...anchor(geo(link.target.id), geo(link.source.id))]);
    // Its source box moves: the line follows.
    const box = model.clusters.get(link.source.id)!;
    applyWallDelta(model, { [ids.cluster(box.id)]: { ...box, x: box.x + 7, y: box.y + 3 } }, []);
    const moved = quad(r.render(input(model), VIEW, TEXTS));
    expect(moved).toEqual([...anchor(geo(link.source.id), geo(link.target.id)), ...anchor(geo(link.target.id), geo(link.source.id))]);
    expect(moved).not.toEqual(recoloured);
  });

  it('redraws everything for a new size or language, and the filtered series for new filters', () => {
    const { model } = wallModel();
    const r = new TopologyChartRenderer();
    r.render(input(model), VIEW, TEXTS);
    expect(r.render(input(model), { ...VIEW, widthPx: 1200 }, TEXTS)!.full).toBe(true);
    const zh = { ...TEXTS, locale: 'zh-CN' };
    expect(r.render(input(model), { ...VIEW, widthPx: 1200 }, zh)!.full).toBe(true);
    const filtered = r.render(input(model, { ...NO_FILTERS, dc: 'DC-A' }), { ...VIEW, widthPx: 1200 }, zh)!;
    expect(filtered.full).toBe(false);
    expect(filtered.changed).toContain('clusters');
    expect(filtered.changed).not.toContain('frame');
  });
});
