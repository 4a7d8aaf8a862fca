import { describe, expect, it } from 'vitest';
import type { Audience } from '../../../core/auth/principal.js';
import { buildStack, edge, node, PRINCIPALS } from '../test-support/domain-stack.js';
import { clusterIdOf } from './topology-layout.js';

const billing: Audience = { kind: 'tenants', tenants: ['billing'] };
const channel: Audience = { kind: 'tenants', tenants: ['channel'] };

/** Two tenants, each with a private cluster (its own kind), sharing one database cluster. */
function stack() {
  const s = buildStack();
  s.ingest.port.declare({
    nodes: [
      node('b-sys', 'business', 'billing', { domain: 'B' }),
      node('b-app', 'paas', 'billing', { kind: 'BILLAPP' }),
      node('c-sys', 'business', 'channel', { domain: 'B' }),
      node('c-app', 'paas', 'channel', { kind: 'CHANAPP' }),
      node('db-1', 'paas', null, { kind: 'RD' }),
      node('db-2', 'paas', null, { kind: 'RD' }),
    ],
    edges: [edge('b-sys', 'b-app'), edge('b-app', 'db-1'), edge('c-sys', 'c-app'), edge('c-app', 'db-2')],
  });
  return s;
}

describe('topology and topology:<clusterId> topics', () => {
  it('matches `topology` and `topology:<clusterId>`; another tenant’s cluster answers 404, an unknown one too', () => {
    const s = stack();
    const kind = s.topology.wallTopicKind;
    expect(kind.match('topology')).toEqual({ param: null });
    expect(kind.match('topology:paas.DC-A.RD')).toEqual({ param: 'paas.DC-A.RD' });
    const chan = clusterIdOf(s.topology.graph.node('c-app')!);
    expect(kind.authorize(PRINCIPALS.billing!, chan)?.status).toBe(404);
    expect(kind.authorize(PRINCIPALS.billing!, 'paas.DC-A.NOPE')?.status).toBe(404);
    expect(kind.authorize(PRINCIPALS.billing!, clusterIdOf(s.topology.graph.node('db-1')!))).toBeNull();
    expect(kind.authorize(PRINCIPALS.admin!, chan)).toBeNull();
    expect(kind.authorize(PRINCIPALS.approver!, null)?.status).toBe(403);
  });

  it('a tenant’s wall counts only what it sees, and an expanded shared cluster holds only its visible members', () => {
    const s = stack();
    const kind = s.topology.wallTopicKind;
    const wall = kind.create('topology', null);
    const b = wall.aggregates!(billing);
    const rd = clusterIdOf(s.topology.graph.node('db-1')!);
    expect(b.get(`c:${rd}`)).toMatchObject({ type: 'cluster', members: 1 });
    expect(b.has(`c:${clusterIdOf(s.topology.graph.node('c-app')!)}`)).toBe(false);
    expect([...b.keys()].some((k) => k.includes('c-sys') || k.includes('c-app'))).toBe(false);
    const c = wall.aggregates!(channel);
    expect(c.get(`c:${rd}`)).toMatchObject({ members: 1 });

    const expanded = kind.create(`topology:${rd}`, rd);
    const members = expanded.aggregates!(billing);
    expect([...members.keys()].filter((k) => k.startsWith('n:'))).toEqual(['n:db-1']);
    // The link into the shared database comes from billing's app, never channel's.
    const links = [...members.values()].filter((e) => (e as { type: string }).type === 'link');
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(JSON.stringify(l)).not.toContain('c-app');
    const node = members.get('n:db-1');
    expect(node).toMatchObject({ x: s.topology.wall.layout.position('db-1')!.x, y: s.topology.wall.layout.position('db-1')!.y });
  });

  it('a status change recolours only the affected cluster, node and links', () => {
    const s = stack();
    const wall = s.topology.wallTopicKind.create('topology', null);
    const ops: Audience = { kind: 'operations' };
    const before = new Map(wall.aggregates!(ops));
    s.topology.graph.setStatus('db-1', 'down');
    const after = wall.aggregates!(ops);
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k).sort();
    const rd = clusterIdOf(s.topology.graph.node('db-1')!);
    expect(changed).toContain(`c:${rd}`);
    expect(changed.every((k) => k === 'summary' || k === `c:${rd}` || k === 'n:db-1' || (k.startsWith('l:') && k.includes('db-1')) || k.includes(rd))).toBe(true);
    expect(after.get(`c:${rd}`)).toMatchObject({ worst: 'down' });
  });
});
