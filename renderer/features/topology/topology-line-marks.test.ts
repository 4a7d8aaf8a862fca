// The line marks apply the model's line log instead of walking every line on a recolour
// (topology-line-marks.ts). What is proved: after any run of deltas (new worst statuses,
// removals, lines coming back, a log that wrapped) the sets equal those a fresh model holding
// the same entities draws from a full walk.
import { describe, expect, it } from 'vitest';
import { STATUSES, type NodeStatus } from '../../../shared/domain/topology';
import type { TopologyClusterEntity } from '../../../shared/protocol/topology-layout';
import { mulberry32 } from '../../../shared/test-support/seeded-random';
import { NO_FILTERS } from './topology-filters';
import { buildLineMarks } from './topology-line-marks';
import { LINE_LOG_SIZE, applyClusterDelta, applyClusterSnapshot, applyWallDelta, applyWallSnapshot, createExpandedCluster, createTopologyModel, type TopologyModel } from './topology-model';
import { syntheticClusterTopic, syntheticWall } from './topology-test-fixtures';
import type { TopologyChartView } from './topology-chart-types';

const VIEW: TopologyChartView = { widthPx: 1920, heightPx: 1080, fontPx: 19, mode: 'wall' };
type Entities = Record<string, unknown>;

/** A model holding these entities, with `vm` expanded: as a console that just subscribed. */
function modelOf(wall: Entities, vm: TopologyClusterEntity, members: Entities): TopologyModel {
  const model = createTopologyModel();
  applyWallSnapshot(model, structuredClone(wall));
  const entry = createExpandedCluster(vm.id);
  model.expanded.set(vm.id, entry);
  applyClusterSnapshot(model, entry, structuredClone(members));
  return model;
}

/** Each set as sorted [id, x1, y1, x2, y2, count] rows: what is drawn, whatever the order. */
function drawn(model: TopologyModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of buildLineMarks({ model, filters: NO_FILTERS, focus: null }, VIEW)) {
    out[m.id] = m.ids.map((id, i) => [id, ...m.coords.subarray(4 * i, 4 * i + 4), m.values![i]].join(' ')).sort();
  }
  return out;
}

const isLine = (e: unknown) => ['link', 'edge'].includes((e as { type?: string }).type ?? '');

describe('line marks from the line log', () => {
  it('draws after any run of deltas what a full walk of the same entities draws', () => {
    const random = mulberry32(11);
    const w = syntheticWall();
    const vm = w.clusters.find((c) => c.group === 'vm')!;
    const wall: Entities = structuredClone(w.entities);
    const members: Entities = structuredClone(syntheticClusterTopic(vm, { kind: 'cluster', id: w.clusters.find((c) => c.group === 'server')!.id }));
    const model = modelOf(wall, vm, members);
    const removed: Array<[Entities, string, unknown]> = [];
    drawn(model);
    for (let step = 0; step < 40; step++) {
      const deltas = [
        { state: wall, apply: (u: Entities, r: string[]) => applyWallDelta(model, u, r) },
        { state: members, apply: (u: Entities, r: string[]) => applyClusterDelta(model, model.expanded.get(vm.id)!, u, r) },
      ];
      for (const d of deltas) {
        const keys = Object.keys(d.state).filter((k) => isLine(d.state[k]));
        const upserts: Entities = {};
        const removes: string[] = [];
        for (let i = 0; i < 5; i++) {
          const key = keys[Math.floor(random() * keys.length)]!;
          if (!(key in d.state)) continue;
          if (random() < 0.2) {
            removed.push([d.state, key, d.state[key]]);
            delete d.state[key];
            removes.push(key);
            delete upserts[key];
          } else {
            const worst: NodeStatus = STATUSES[Math.floor(random() * STATUSES.length)]!;
            d.state[key] = upserts[key] = { ...(d.state[key] as object), worst };
          }
        }
        // Now and then a removed line comes back.
        const back = random() < 0.5 && removed.pop();
        if (back && back[0] === d.state && !removes.includes(back[1])) d.state[back[1]] = upserts[back[1]] = back[2];
        d.apply(structuredClone(upserts), removes);
      }
      expect(drawn(model), `step ${step}`).toEqual(drawn(modelOf(wall, vm, members)));
    }
  });

  it('walks every line again when more changed than the log keeps', () => {
    const w = syntheticWall();
    const vm = w.clusters.find((c) => c.group === 'vm')!;
    const members: Entities = structuredClone(syntheticClusterTopic(vm));
    const wall: Entities = structuredClone(w.entities);
    const model = modelOf(wall, vm, members);
    drawn(model);
    const [[a, first], [b, second]] = Object.entries(wall).filter(([, e]) => isLine(e)) as [[string, unknown], [string, unknown]];
    // One line changes, then another is rewritten until the first change has left the log.
    const worst = (first as { worst: NodeStatus }).worst === 'down' ? 'warning' : 'down';
    wall[a] = { ...(first as object), worst };
    applyWallDelta(model, { [a]: wall[a] }, []);
    for (let i = 0; i < LINE_LOG_SIZE; i++) applyWallDelta(model, { [b]: { ...(second as object) } }, []);
    expect(model.lineLog.seq).toBeGreaterThan(LINE_LOG_SIZE);
    expect(drawn(model)).toEqual(drawn(modelOf(wall, vm, members)));
    expect(drawn(model)[`lines:${worst}`]!.some((row) => row.startsWith(`${a} `))).toBe(true);
  });
});
