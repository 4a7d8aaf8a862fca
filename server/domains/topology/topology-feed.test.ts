import { describe, expect, it } from 'vitest';
import type { Audience } from '../../core/auth/principal.js';
import { AppError } from '../../core/errors.js';
import type { TopologyFeed } from './topology-feed.js';
import { buildStack, edge, node, PRINCIPALS, smallGraph, type Stack } from './test-support/domain-stack.js';

const ops: Audience = { kind: 'operations' };
const billing: Audience = { kind: 'tenants', tenants: ['billing'] };
const channel: Audience = { kind: 'tenants', tenants: ['channel'] };

function feedOf(s: Stack): TopologyFeed {
  const kind = s.topology.topicKind;
  const m = kind.match('nodes')!;
  return kind.create('nodes', m.param) as TopologyFeed;
}

describe('nodes topic', () => {
  it('matches only `nodes` and needs topology:read', () => {
    const kind = buildStack().topology.topicKind;
    expect(kind.match('nodes')).toEqual({ param: null });
    expect(kind.match('topology')).toBeNull();
    expect(kind.match('metrics:x')).toBeNull();
    expect(kind.match('nodes:x')).toBeNull();
    expect(kind.authorize(PRINCIPALS.billing!, null)).toBeNull();
    expect(kind.authorize(PRINCIPALS.wall!, null)).toBeNull();
    const refused = kind.authorize(PRINCIPALS.approver!, null);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused?.status).toBe(403);
    expect(kind.authorize(PRINCIPALS.apikey!, null)?.status).toBe(403);
  });

  it('selects and gets per audience, with a summary over visible nodes only', () => {
    const s = buildStack();
    smallGraph(s);
    const feed = feedOf(s);
    const all = feed.select(ops);
    expect([...all.keys()].filter((k) => k.startsWith('n:'))).toHaveLength(10);
    expect([...all.keys()].filter((k) => k.startsWith('e:'))).toHaveLength(10);
    const b = feed.select(billing);
    expect([...b.keys()].filter((k) => k.startsWith('n:')).sort()).toEqual(
      ['n:b-app', 'n:b-sys', 'n:b-vm', 'n:shared-db', 'n:srv', 'n:vm-shared'],
    );
    expect(b.has('e:c-app>shared-db>uses')).toBe(false);
    expect(b.has('e:b-app>shared-db>uses')).toBe(true);
    expect(feed.get('n:c-sys', billing)).toBeUndefined();
    expect(feed.get('n:c-sys', channel)).toMatchObject({ type: 'node', id: 'c-sys', status: 'unknown' });
    expect(feed.get('e:c-app>shared-db>uses', billing)).toBeUndefined();
    expect(feed.get('n:nope', ops)).toBeUndefined();
    expect(feed.get('summary', ops)).toBeUndefined();
    expect(feed.select({ kind: 'nobody' }).size).toBe(0);
    // No entity carries lastSeen: it would turn every tick into a full delta.
    for (const e of all.values()) expect(e).not.toHaveProperty('lastSeen');

    const sb = feed.aggregates(billing).get('summary');
    expect(sb).toEqual({
      type: 'summary',
      nodes: 6,
      edges: 6,
      byStatus: { ok: 0, warning: 0, critical: 0, down: 0, unknown: 6, maintenance: 0 },
      byLayer: { business: 1, paas: 2, iaas: 2, physical: 1 },
      byLayerStatus: {
        business: { ok: 0, warning: 0, critical: 0, down: 0, unknown: 1, maintenance: 0 },
        paas: { ok: 0, warning: 0, critical: 0, down: 0, unknown: 2, maintenance: 0 },
        iaas: { ok: 0, warning: 0, critical: 0, down: 0, unknown: 2, maintenance: 0 },
        physical: { ok: 0, warning: 0, critical: 0, down: 0, unknown: 1, maintenance: 0 },
      },
      // Only the data centers this tenant sees a node in.
      byDcStatus: {
        'DC-A': { ok: 0, warning: 0, critical: 0, down: 0, unknown: 5, maintenance: 0 },
        'DC-B': { ok: 0, warning: 0, critical: 0, down: 0, unknown: 1, maintenance: 0 },
      },
    });
    expect(feed.aggregates(ops).get('summary')).toMatchObject({ nodes: 10, edges: 10 });
    expect(feed.aggregates({ kind: 'nobody' }).get('summary')).toMatchObject({ nodes: 0, edges: 0 });
  });

  it('drains changed ids, replaces only changed entities, and counts new statuses', () => {
    const s = buildStack();
    smallGraph(s);
    const feed = feedOf(s);
    feed.drain();
    const before = feed.select(ops);
    s.ingest.port.samples([{ node: 'b-sys', metric: 'cpu_util', v: 99 }]);
    s.topology.tick(s.sourceClock.now());
    expect([...feed.drain()]).toEqual(['n:b-sys']);
    const after = feed.select(ops);
    expect(after.get('n:b-sys')).not.toBe(before.get('n:b-sys'));
    expect(after.get('n:srv')).toBe(before.get('n:srv'));
    expect(feed.aggregates(billing).get('summary')).toMatchObject({ byStatus: { critical: 1, unknown: 5 } });
    expect(feed.aggregates(channel).get('summary')).toMatchObject({ byStatus: { critical: 0, unknown: 6 } });

    s.ingest.port.declare({ nodes: [node('x', 'iaas', 'billing')], edges: [edge('b-app', 'x')] });
    expect([...feed.drain()].sort()).toEqual(['e:b-app>x>uses', 'n:x']);
    s.ingest.port.remove({ nodes: ['x'] });
    expect([...feed.drain()].sort()).toEqual(['e:b-app>x>uses', 'n:x']);
    expect(feed.get('n:x', ops)).toBeUndefined();
  });

  it('bumps only the affected audience’s visibility version', () => {
    const s = buildStack();
    smallGraph(s);
    const feed = feedOf(s);
    const b = feed.visibilityVersion(billing);
    const c = feed.visibilityVersion(channel);
    s.ingest.port.declare({ nodes: [], edges: [edge('c-vm', 'lonely')] });
    expect(feed.visibilityVersion(billing)).toBe(b);
    expect(feed.visibilityVersion(channel)).not.toBe(c);
    expect(feed.select(channel).has('n:lonely')).toBe(true);
  });

  it('bounds huge snapshots, ranking by severity', () => {
    const s = buildStack();
    smallGraph(s);
    const feed = feedOf(s);
    expect(feed.bound.limit).toBe(5000);
    s.ingest.port.samples([{ node: 'srv', metric: 'up', v: 0 }, { node: 'b-sys', metric: 'cpu_util', v: 1 }]);
    s.topology.tick(s.sourceClock.now());
    const all = feed.select(ops);
    const rank = (id: string) => feed.bound.rank(all.get(id)!);
    expect(rank('n:srv')).toBeGreaterThan(rank('n:c-sys')); // down over unknown
    expect(rank('n:c-sys')).toBeGreaterThan(rank('n:b-sys')); // unknown over ok
    expect(rank('e:b-vm>srv>runs-on')).toBeLessThan(rank('n:srv'));
    expect(feed.at()).toBe(s.sourceClock.now());
    feed.dispose();
  });
});

describe('summary cache', () => {
  it('kept current from status transitions, it equals a summary counted from scratch', async () => {
    const { SummaryCache } = await import('./topology-summary.js');
    const s = buildStack();
    smallGraph(s);
    const live = new SummaryCache(s.topology.graph, s.topology.visibility);
    const audiences: Audience[] = [ops, billing, channel];
    for (const a of audiences) live.get(a);
    const ids = [...s.topology.graph.nodes()].map((n) => n.id);
    const statuses = ['ok', 'warning', 'critical', 'down', 'unknown'] as const;
    for (let round = 0; round < 20; round++) {
      s.topology.graph.setStatus(ids[(round * 7) % ids.length]!, statuses[round % statuses.length]!);
      s.topology.graph.setStatus(ids[(round * 3) % ids.length]!, statuses[(round + 2) % statuses.length]!);
      for (const a of audiences) {
        const fresh = new SummaryCache(s.topology.graph, s.topology.visibility);
        expect(live.get(a)).toEqual(fresh.get(a));
        fresh.dispose();
      }
    }
    live.dispose();
  });
});
