import { describe, expect, it } from 'vitest';
import { NodeDeclarationSchema, EdgeSchema, LAYERS } from '../../shared/domain/topology.js';
import { DEMO_TENANTS } from '../domains/identity/demo-accounts.js';
import { buildPlatform } from './platform-builder.js';
import type { Platform } from './platform-graph.js';
import { NAMED_SYSTEMS, SIM_TENANTS } from './system-catalog.js';

const p2000 = buildPlatform(1, 2000);

function reach(p: Platform, from: number): Set<number> {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) for (const t of p.targetsOf(stack.pop()!)) if (!seen.has(t)) seen.add(t), stack.push(t);
  return seen;
}

describe('platform size', () => {
  it.each([500, 2000, 20_000])('--scale %i gives N ± 5 %% nodes and about 2N edges', (n) => {
    const p = n === 2000 ? p2000 : buildPlatform(3, n);
    expect(p.nodes.length).toBeGreaterThanOrEqual(n * 0.95);
    expect(p.nodes.length).toBeLessThanOrEqual(n * 1.05);
    expect(p.edges.length / p.nodes.length).toBeGreaterThan(1.8);
    expect(p.edges.length / p.nodes.length).toBeLessThan(2.4);
  });

  it('is a pure function of (seed, scale)', () => {
    const again = buildPlatform(1, 2000);
    expect(JSON.stringify(again.nodes.map((n) => n.decl))).toBe(JSON.stringify(p2000.nodes.map((n) => n.decl)));
    expect(JSON.stringify(again.edges)).toBe(JSON.stringify(p2000.edges));
    expect(JSON.stringify(buildPlatform(2, 2000).edges)).not.toBe(JSON.stringify(p2000.edges));
  });

  it('keeps the four stories even on a tiny platform', () => {
    const p = buildPlatform(1, 10);
    expect(p.find('biz-cbs')).toBeGreaterThanOrEqual(0);
    expect(p.find('biz-mbh')).toBeGreaterThanOrEqual(0);
    expect(p.nodes.length).toBeLessThan(100);
  });
});

describe('platform shape (domain.md)', () => {
  const { nodes, edges } = p2000;
  const decls = nodes.map((n) => n.decl);

  it('declares valid nodes and edges over four layers, both data centers and the demo tenants', () => {
    for (const d of decls) expect(NodeDeclarationSchema.safeParse(d).success, d.id).toBe(true);
    for (const e of edges) expect(EdgeSchema.safeParse(e).success && p2000.find(e.source) >= 0 && p2000.find(e.target) >= 0).toBe(true);
    expect(new Set(decls.map((d) => d.id)).size).toBe(decls.length);
    expect(new Set(decls.map((d) => d.layer))).toEqual(new Set(LAYERS));
    expect(new Set(decls.map((d) => d.dc))).toEqual(new Set(['DC-A', 'DC-B']));
    // Only tenants identity creates in demo mode, and both own business systems.
    expect(SIM_TENANTS).toEqual(DEMO_TENANTS.map((t) => t.id));
    for (const t of SIM_TENANTS) expect(decls.some((d) => d.tenant === t && d.layer === 'business'), t).toBe(true);
    for (const d of decls) expect(d.domain !== null, d.id).toBe(d.layer === 'business');
  });

  it('has the B/O/M systems, the PaaS catalog, IaaS and physical kinds', () => {
    for (const s of NAMED_SYSTEMS) expect(decls.find((d) => d.id === `biz-${s.key}`)).toMatchObject({ name: s.zh, domain: s.domain, tenant: s.tenant });
    expect(new Set(decls.filter((d) => d.layer === 'business').map((d) => d.domain))).toEqual(new Set(['B', 'O', 'M']));
    const kinds = new Set(decls.map((d) => d.kind));
    for (const k of ['AC', 'ESB', 'VSB', 'DMQ', 'BPE', 'DCS', 'DDS', 'RD', 'MC', 'MD', 'MPP', 'DDA', 'BP', 'CF', 'SP', 'CS']) expect(kinds, k).toContain(k);
    for (const k of ['VCS', 'VPC', 'LB', 'BS', 'FS', 'OS', 'server', 'disk-array', 'switch', 'router']) expect(kinds, k).toContain(k);
    expect(new Set(decls.map((d) => d.labels.catalog))).toEqual(new Set(['business', 'TPaaS', 'DPaaS', 'BDPaaS', 'DCOS', 'CIaaS', 'NIaaS', 'SIaaS', 'physical']));
  });

  it('lets every business system reach physical hardware through its edges', () => {
    for (const b of p2000.businessIndexes) {
      const layers = new Set([...reach(p2000, b)].map((i) => nodes[i]!.decl.layer));
      expect(layers, nodes[b]!.decl.id).toEqual(new Set(LAYERS));
    }
  });

  it('has redundant pairs: database standbys in DC-B, paired switches, routers and load balancers', () => {
    const rd = p2000.index('paas-rd-cbs');
    const standby = p2000.dependentsOf(rd).find((i) => edges.some((e) => e.kind === 'replicates' && e.source === nodes[i]!.decl.id && e.target === 'paas-rd-cbs'))!;
    expect(nodes[standby]!.decl).toMatchObject({ kind: 'RD', dc: 'DC-B', tenant: 'billing' });
    // Every server hangs on two switches; every switch pair on two routers; systems on two LBs.
    for (const n of nodes.filter((x) => x.decl.kind === 'server')) {
      const sw = p2000.targetsOf(p2000.index(n.decl.id), 'connects');
      expect(sw.map((i) => nodes[i]!.decl.kind), n.decl.id).toEqual(['switch', 'switch']);
      expect(new Set(sw.map((i) => nodes[i]!.decl.labels.pair)).size).toBe(1);
    }
    for (const b of p2000.businessIndexes) expect(p2000.targetsOf(b, 'connects').map((i) => nodes[i]!.decl.kind)).toEqual(['LB', 'LB']);
    expect(decls.filter((d) => d.kind === 'router').map((d) => d.labels.pair)).toEqual(['rt-a', 'rt-a', 'rt-b', 'rt-b']);
  });

  it('has shared platform nodes on both tenants’ dependency paths', () => {
    const reachedBy = (tenant: string) => {
      const out = new Set<number>();
      for (const b of p2000.businessIndexes.filter((i) => nodes[i]!.decl.tenant === tenant)) for (const i of reach(p2000, b)) out.add(i);
      return out;
    };
    const billing = reachedBy('billing');
    const channel = reachedBy('channel');
    const shared = [...billing].filter((i) => channel.has(i) && nodes[i]!.decl.tenant === null);
    const sharedKinds = new Set(shared.map((i) => nodes[i]!.decl.kind));
    for (const k of ['RD', 'ESB', 'LB', 'server', 'disk-array', 'switch', 'router']) expect(sharedKinds, k).toContain(k);
    // The shared database cluster serves systems of both tenants directly.
    const users = p2000.dependentsOf(p2000.index('paas-rd-shared-01')).map((i) => nodes[i]!.decl);
    expect(new Set(users.filter((d) => d.layer === 'business').map((d) => d.tenant))).toEqual(new Set(SIM_TENANTS));
  });

  it('keeps each tenant’s own components on its own or shared nodes', () => {
    for (const e of edges) {
      const a = nodes[p2000.index(e.source)]!.decl.tenant;
      const b = nodes[p2000.index(e.target)]!.decl.tenant;
      expect(b === null || b === a, `${e.source} > ${e.target}`).toBe(true);
    }
  });
});
