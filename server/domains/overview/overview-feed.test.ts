import { describe, expect, it } from 'vitest';
import type { Audience } from '../../core/auth/principal.js';
import { buildStack, node, PRINCIPALS, smallGraph, T0, type Stack } from '../topology/test-support/domain-stack.js';
import { overviewTopicKind, type OverviewFeed } from './overview-feed.js';

const ops: Audience = { kind: 'operations' };
const billing: Audience = { kind: 'tenants', tenants: ['billing'] };

function setUp(): { s: Stack; feed: OverviewFeed } {
  const s = buildStack();
  smallGraph(s);
  const kind = overviewTopicKind({
    graph: s.topology.graph,
    visibility: s.topology.visibility,
    store: s.metrics.store,
    changes: s.metrics.changes,
    sourceClock: s.sourceClock,
  });
  return { s, feed: kind.create('overview', null) as OverviewFeed };
}

function report(s: Stack, t: number, values: Record<string, Record<string, number>>): void {
  const batch = Object.entries(values).flatMap(([n, ms]) => Object.entries(ms).map(([metric, v]) => ({ node: n, metric, t, v })));
  s.ingest.port.samples(batch);
  s.metrics.changes.flush();
}

describe('overview topic', () => {
  it('matches only `overview`, needs metrics:read', () => {
    const kind = overviewTopicKind({} as never);
    expect(kind.match('overview')).toEqual({ param: null });
    expect(kind.match('overview:x')).toBeNull();
    expect(kind.authorize(PRINCIPALS.billing!, null)).toBeNull();
    expect(kind.authorize(PRINCIPALS.approver!, null)?.status).toBe(403);
  });

  it('totals only the business systems each audience sees, weighting latency and errors by TPS', () => {
    const { s, feed } = setUp();
    report(s, T0, {
      'b-sys': { tps: 100, latency_ms: 50, error_rate: 1, sessions: 10 },
      'c-sys': { tps: 300, latency_ms: 10, error_rate: 0, sessions: 30 },
    });
    expect(feed.totals(ops)).toEqual({ type: 'totals', businessSystems: 2, reporting: 2, tps: 400, latencyMs: 20, errorRate: 0.25, sessions: 40 });
    // The billing tenant never counts the channel tenant's traffic.
    expect(feed.totals(billing)).toEqual({ type: 'totals', businessSystems: 1, reporting: 1, tps: 100, latencyMs: 50, errorRate: 1, sessions: 10 });
    expect(feed.totals({ kind: 'nobody' })).toMatchObject({ businessSystems: 0, tps: 0, latencyMs: null });
  });

  it('reports a change only when a business system moved, and picks up new systems', () => {
    const { s, feed } = setUp();
    expect([...feed.drain()]).toEqual(['totals']);
    expect([...feed.drain()]).toEqual([]);
    report(s, T0 + 1000, { srv: { up: 1 } });
    expect([...feed.drain()]).toEqual([]);
    report(s, T0 + 2000, { 'b-sys': { tps: 5 } });
    expect([...feed.drain()]).toEqual(['totals']);
    s.ingest.port.declare({ nodes: [node('n-sys', 'business', 'billing')] });
    expect([...feed.drain()]).toEqual(['totals']);
    expect(feed.totals(billing).businessSystems).toBe(2);
  });
});
