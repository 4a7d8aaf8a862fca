// The console's half of the level-of-detail rule (topology-model.ts): per-cluster caps on what an
// expansion draws, a budget for all expansions together, and the chart staying under the stated
// maximum however large the clusters the operator opens.
import { describe, expect, it } from 'vitest';
import { LOD_CAP, type TopologyClusterEntity } from '../../../shared/protocol/topology-layout';
import { buildTopologyChart } from './topology-chart-option';
import { isMarks, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';
import { NO_FILTERS } from './topology-filters';
import {
  DRAW_LIMITS,
  MAX_DRAWN_ELEMENTS,
  NO_DRAW_LIMITS,
  applyClusterSnapshot,
  applyWallSnapshot,
  createExpandedCluster,
  createTopologyModel,
  expandedSize,
  overBudget,
  type TopologyModel,
} from './topology-model';
import { syntheticClusterTopic, syntheticWall } from './topology-test-fixtures';
import { drawnCount } from './topology-test-hook';

const VIEW: TopologyChartView = { widthPx: 1920, heightPx: 1080, fontPx: 19, mode: 'wall' };
const TEXTS: TopologyChartTexts = {
  locale: 'en',
  status: { ok: 'ok', warning: 'warning', critical: 'critical', down: 'down', unknown: 'unknown', maintenance: 'maintenance' },
  layer: { business: 'Business', paas: 'PaaS', iaas: 'IaaS', physical: 'Physical' },
  clusterLabels: (c) => [c.group],
  nodeTooltip: (n) => [n.name],
  clusterTooltip: (c) => [c.id],
  linkTooltip: (n) => [String(n)],
};

/** A wall whose platform clusters hold `members` each (as at 20,000 nodes: a few thousand per kind × DC). */
function hugeWall(members: number, model: TopologyModel = createTopologyModel()) {
  const wall = syntheticWall({ members });
  applyWallSnapshot(model, wall.entities);
  const platform = wall.clusters.filter((c) => !c.expanded);
  return { model, wall, platform };
}

function expand(model: TopologyModel, c: TopologyClusterEntity): void {
  const entry = createExpandedCluster(c.id);
  model.expanded.set(c.id, entry);
  applyClusterSnapshot(model, entry, syntheticClusterTopic(c, { kind: 'cluster', id: c.id }));
}

describe('level of detail, the console’s half', () => {
  it('draws at most LOD_CAP elements at wall scale, however many members the clusters hold', () => {
    for (const members of [120, 2_500, 20_000]) {
      const { model } = hugeWall(members);
      expect(drawnCount(buildTopologyChart({ model, filters: NO_FILTERS, focus: null }, VIEW, TEXTS)), `${members} per cluster`).toBeLessThanOrEqual(LOD_CAP);
    }
  });

  it('caps what one expanded cluster draws, and counts what it left out', () => {
    const { model, platform } = hugeWall(20_000);
    const c = platform[0]!;
    expand(model, c);
    const entry = model.expanded.get(c.id)!;
    expect(entry.nodes.size).toBe(DRAW_LIMITS.members);
    expect(entry.edges.size).toBe(DRAW_LIMITS.memberEdges);
    // 20,000 members + 19,999 chain edges + 1 link out, less what was kept.
    expect(entry.dropped).toBe(20_000 + 19_999 + 1 - entry.nodes.size - entry.edges.size - entry.links.size);
    expect(expandedSize(entry)).toBeLessThanOrEqual(DRAW_LIMITS.members + DRAW_LIMITS.memberEdges + DRAW_LIMITS.memberLinks);
    expect(expandedSize(entry)).toBeLessThanOrEqual(DRAW_LIMITS.expanded);
  });

  it('keeps all expansions within their budget by closing the oldest, never the newest', () => {
    const { model, platform } = hugeWall(5_000);
    const opened: string[] = [];
    for (const c of platform.slice(0, 4)) {
      expand(model, c);
      opened.push(c.id);
      for (const id of overBudget(model)) model.expanded.delete(id);
      let total = 0;
      for (const e of model.expanded.values()) total += expandedSize(e);
      expect(total).toBeLessThanOrEqual(DRAW_LIMITS.expanded);
      expect([...model.expanded.keys()].at(-1)).toBe(c.id);
    }
    // 3,000 members, 4,999 chain edges and a link each: older expansions had to close.
    expect(model.expanded.size).toBeLessThan(opened.length);
    expect([...model.expanded.keys()]).toEqual(opened.slice(-model.expanded.size));
    const drawing = buildTopologyChart({ model, filters: NO_FILTERS, focus: null }, VIEW, TEXTS);
    const drawn = drawnCount(drawing);
    expect(drawn).toBeGreaterThan(LOD_CAP);
    expect(drawn).toBeLessThanOrEqual(MAX_DRAWN_ELEMENTS);
    // Past LOD_CAP lines, every line is a hairline (colour still by status).
    const widths = drawing.marks.filter(isMarks).flatMap((m) => (m.style.kind === 'lines' ? [m.style.widthPx] : []));
    expect(widths).toEqual(widths.map(() => 1));
  });

  it('draws everything without limits (the bench’s everything-expanded view)', () => {
    const { model, platform } = hugeWall(4_000, createTopologyModel(NO_DRAW_LIMITS));
    for (const c of platform) expand(model, c);
    expect(overBudget(model)).toEqual([]);
    let members = 0;
    for (const e of model.expanded.values()) members += e.nodes.size;
    expect(members).toBe(platform.length * 4_000);
    expect(model.expanded.get(platform[0]!.id)!.nodes.has(`${platform[0]!.id}.m3999`)).toBe(true);
  });
});
