import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../../../shared/domain/topology.js';
import { LOD_CAP, type TopologyClusterEntity, type TopologyWallEntity } from '../../../../shared/protocol/topology-layout.js';
import type { Audience } from '../../../core/auth/principal.js';
import { createSimulatedCloud } from '../../../simulator/index.js';
import { buildStack, edge, node, type Stack } from '../test-support/domain-stack.js';

const ops: Audience = { kind: 'operations' };
const billing: Audience = { kind: 'tenants', tenants: ['billing'] };

function cloudStack(scale: number): Stack {
  const s = buildStack();
  createSimulatedCloud({ ingest: s.ingest.port, seed: 7, scale }).declare();
  return s;
}

function positions(s: Stack): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  for (const n of s.topology.graph.nodes()) out.set(n.id, s.topology.wall.layout.position(n.id)!);
  return out;
}

function drawnCount(entities: Map<string, TopologyWallEntity>): number {
  let n = 0;
  for (const e of entities.values()) if (e.type === 'cluster' || e.type === 'node' || e.type === 'link') n++;
  return n;
}

describe('server-side topology layout', () => {
  const s = cloudStack(2000);
  s.topology.wall.syncLayout();
  const layout = s.topology.wall.layout;
  const clusters = [...layout.allClusters()];

  it('puts layers in fixed bands top to bottom and data centers in columns, clusters never overlapping', () => {
    const frame = layout.frame();
    expect(frame.bands.map((b) => b.layer)).toEqual([...LAYERS]);
    for (let i = 1; i < frame.bands.length; i++) expect(frame.bands[i]!.y).toBeGreaterThanOrEqual(frame.bands[i - 1]!.y + frame.bands[i - 1]!.h);
    for (const c of clusters) {
      const band = frame.bands.find((b) => b.layer === c.layer)!;
      const col = frame.dcs.find((d) => d.dc === c.dc)!;
      expect(c.y).toBe(band.y);
      expect(c.x).toBeGreaterThanOrEqual(col.x);
      expect(c.x + c.w).toBeLessThanOrEqual(col.x + col.w);
    }
    for (const a of clusters) {
      for (const b of clusters) {
        if (a === b) continue;
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it('places every node inside its own cluster box, one node per cell', () => {
    const seen = new Set<string>();
    for (const n of s.topology.graph.nodes()) {
      const p = layout.position(n.id)!;
      const c = layout.clusterOf(n.id)!;
      expect(c.layer).toBe(n.layer);
      expect(c.dc).toBe(n.dc);
      expect(p.x).toBeGreaterThan(c.x);
      expect(p.x).toBeLessThan(c.x + c.w);
      expect(p.y).toBeGreaterThan(c.y);
      expect(p.y).toBeLessThan(c.y + c.h);
      const key = `${p.x},${p.y}`;
      expect(seen.has(key), `two nodes at ${key}`).toBe(false);
      seen.add(key);
    }
  });

  it('is deterministic: the same inventory lays out the same way', () => {
    const again = cloudStack(2000);
    again.topology.wall.syncLayout();
    expect(positions(again)).toEqual(positions(s));
  });

  it('adding nodes, a new kind and a new data center moves no existing node', () => {
    const t = cloudStack(2000);
    t.topology.wall.syncLayout();
    const before = positions(t);
    const someVm = [...t.topology.graph.nodes()].find((n) => n.layer === 'iaas')!;
    t.ingest.port.declare({
      nodes: [
        ...Array.from({ length: 40 }, (_, i) => node(`new-vm-${i}`, 'iaas', null, { kind: someVm.kind, dc: someVm.dc })),
        node('new-kind-1', 'paas', null, { kind: 'GPU', dc: 'DC-A' }),
        node('new-dc-1', 'physical', null, { kind: 'server', dc: 'DC-Z' }),
        node('new-biz', 'business', 'billing', { domain: 'B', dc: 'DC-A' }),
      ],
      edges: [edge('new-biz', 'new-kind-1'), edge('new-kind-1', 'new-dc-1', 'runs-on')],
    });
    t.topology.wall.syncLayout();
    const after = positions(t);
    for (const [id, p] of before) expect(after.get(id), id).toEqual(p);
    for (const id of ['new-vm-0', 'new-vm-39', 'new-kind-1', 'new-dc-1', 'new-biz']) expect(after.get(id), id).toBeDefined();
    // A removed node frees its cell and still moves nobody.
    t.ingest.port.remove({ nodes: ['new-vm-3'] });
    t.topology.wall.syncLayout();
    const removed = positions(t);
    for (const [id, p] of removed) expect(after.get(id), id).toEqual(p);
  });
});

describe('level of detail', () => {
  for (const scale of [10_000, 20_000]) {
    it(`draws at most ${LOD_CAP} elements at ${scale.toLocaleString('en')} nodes, for operations and for a tenant`, () => {
      const s = cloudStack(scale);
      expect(s.topology.graph.nodeCount).toBeGreaterThan(scale * 0.9);
      for (const audience of [ops, billing]) {
        const wall = s.topology.wall.wall(audience);
        const drawn = drawnCount(wall);
        expect(drawn).toBeLessThanOrEqual(LOD_CAP);
        expect(drawn).toBeGreaterThan(40);
        // Every node the audience sees is accounted for in exactly one cluster.
        const clusterTotal = [...wall.values()].filter((e): e is TopologyClusterEntity => e.type === 'cluster').reduce((n, c) => n + c.members, 0);
        const summary = wall.get('summary');
        expect(summary?.type === 'summary' && summary.nodes).toBe(clusterTotal);
        // Every link joins two drawn elements.
        for (const e of wall.values()) {
          if (e.type !== 'link') continue;
          for (const end of [e.source, e.target]) {
            expect(wall.has(end.kind === 'node' ? `n:${end.id}` : `c:${end.id}`), `${end.kind} ${end.id}`).toBe(true);
          }
        }
      }
    }, 60_000);
  }
});

describe('incremental recolouring', () => {
  it('after random status changes, the incrementally kept wall equals one built from scratch, per audience', async () => {
    const { TopologyWall } = await import('./topology-wall.js');
    const s = cloudStack(3000);
    const graph = s.topology.graph;
    const live = s.topology.wall;
    const ids = [...graph.nodes()].map((n) => n.id);
    for (const audience of [ops, billing]) live.wall(audience);
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const statuses = ['ok', 'warning', 'critical', 'down', 'unknown'] as const;
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 60; k++) graph.setStatus(ids[Math.floor(rnd() * ids.length)]!, statuses[Math.floor(rnd() * statuses.length)]!);
      for (const audience of [ops, billing]) {
        const fresh = new TopologyWall(graph, s.topology.visibility);
        const expected = Object.fromEntries(fresh.wall(audience));
        expect(Object.fromEntries(live.wall(audience))).toEqual(expected);
        fresh.dispose();
      }
    }
  });
});
