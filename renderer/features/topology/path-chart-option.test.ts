// The "runs on" drawing: the server's x, y drawn as given (no layout), a symbol per status and
// lines coloured by their worse end, arrows towards what is depended on.
import { describe, expect, it } from 'vitest';
import { STATUSES, type NodeStatus } from '../../../shared/domain/topology';
import type { TopologyPathResult } from '../../../shared/protocol/topology-layout';
import { statusSymbol } from './status-symbols';
import { MAX_PATH_NODES, buildPathOption } from './path-chart-option';
import { seriesLayouts } from './topology-test-hook';

const TEXT = Object.fromEntries(STATUSES.map((s) => [s, s])) as Record<NodeStatus, string>;
const node = (id: string, status: NodeStatus, depth: number, x: number, y: number) =>
  ({ id, name: id, kind: 'k', layer: 'paas', domain: null, dc: 'DC-A', tenant: null, maintenance: false, labels: {}, status, depth, x, y }) as TopologyPathResult['nodes'][number];

const result: TopologyPathResult = {
  root: 'sys',
  direction: 'dependencies',
  nodes: [node('sys', 'ok', 0, 50, 0), node('app', 'warning', 1, 20, 40), node('db', 'down', 2, 80, 80)],
  edges: [
    { id: 'sys>app>uses', source: 'sys', target: 'app', kind: 'uses' },
    { id: 'app>db>uses', source: 'app', target: 'db', kind: 'uses' },
  ],
  businessSystems: [],
  truncated: false,
};

type S = { id: string; type: string; symbol?: unknown; data: Array<{ id: string; value?: number[]; coords?: number[][] }> };

describe('path chart option', () => {
  it('draws every node at the server’s x, y in its status series, with no layout', () => {
    const o = buildPathOption(result, TEXT, 14) as unknown as { series: S[]; yAxis: { inverse: boolean } };
    expect(seriesLayouts(o as never).every((l) => l === 'none')).toBe(true);
    expect(o.yAxis.inverse).toBe(true);
    for (const n of result.nodes) {
      const s = o.series.find((x) => x.data.some((d) => d.id === n.id) && x.type === 'scatter')!;
      expect(s.id).toBe(`path-nodes:${n.status}`);
      expect(s.symbol).toBe(statusSymbol(n.status));
      expect(s.data.find((d) => d.id === n.id)!.value).toEqual([n.x, n.y]);
    }
  });

  it('colours each edge by its worse end and caps what it draws', () => {
    const o = buildPathOption(result, TEXT, 14) as unknown as { series: S[] };
    const where = (id: string) => o.series.find((s) => s.type === 'lines' && s.data.some((d) => d.id === id))!.id;
    expect(where('sys>app>uses')).toBe('path-lines:warning');
    expect(where('app>db>uses')).toBe('path-lines:down');
    const many = { ...result, nodes: Array.from({ length: MAX_PATH_NODES + 50 }, (_, i) => node(`n${i}`, 'ok', 1, i, 0)) };
    const drawn = (buildPathOption(many, TEXT, 14) as unknown as { series: S[] }).series.filter((s) => s.type === 'scatter').reduce((a, s) => a + s.data.length, 0);
    expect(drawn).toBe(MAX_PATH_NODES);
  });
});
