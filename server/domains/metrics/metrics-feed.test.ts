import { describe, expect, it } from 'vitest';
import type { Audience } from '../../core/auth/principal.js';
import { buildStack, PRINCIPALS, smallGraph, T0 } from '../topology/test-support/domain-stack.js';
import type { MetricsFeed } from './metrics-feed.js';

const ops: Audience = { kind: 'operations' };
const billing: Audience = { kind: 'tenants', tenants: ['billing'] };
const channel: Audience = { kind: 'tenants', tenants: ['channel'] };

function setup() {
  const s = buildStack();
  smallGraph(s);
  const kind = s.metrics.topicKind;
  const open = (nodeId: string) => kind.create(`metrics:${nodeId}`, kind.match(`metrics:${nodeId}`)!.param) as MetricsFeed;
  return { s, kind, open };
}

describe('metrics:<nodeId> topic', () => {
  it('authorizes: 403 without metrics:read, 404 for unknown or invisible nodes', () => {
    const { kind } = setup();
    expect(kind.match('metrics:b-sys')).toEqual({ param: 'b-sys' });
    expect(kind.match('metrics')).toBeNull();
    expect(kind.match('topology')).toBeNull();
    expect(kind.authorize(PRINCIPALS.billing!, 'b-sys')).toBeNull();
    expect(kind.authorize(PRINCIPALS.billing!, 'shared-db')).toBeNull();
    expect(kind.authorize(PRINCIPALS.wall!, 'c-sys')).toBeNull();
    const other = kind.authorize(PRINCIPALS.billing!, 'c-sys');
    const missing = kind.authorize(PRINCIPALS.billing!, 'zz-missing');
    expect(other).toMatchObject({ status: 404, code: 'not_found' });
    expect(other?.message).toBe(missing?.message);
    expect(kind.authorize(PRINCIPALS.admin!, 'zz-missing')).toMatchObject({ status: 404 });
    expect(kind.authorize(PRINCIPALS.approver!, 'b-sys')).toMatchObject({ status: 403 });
    expect(kind.authorize(PRINCIPALS.apikey!, 'b-sys')).toMatchObject({ status: 403 });
  });

  it('holds the latest value per metric, drained from the one per-tick flush', () => {
    const { s, open } = setup();
    const feed = open('shared-db');
    const other = open('b-sys');
    s.ingest.port.samples([
      { node: 'shared-db', metric: 'cpu_util', v: 12.5 },
      { node: 'shared-db', metric: 'sessions', v: 100 },
      { node: 'c-sys', metric: 'tps', v: 1 },
    ]);
    expect([...feed.drain()]).toEqual([]); // nothing until the engine flushes
    s.topology.tick(s.sourceClock.now());
    expect([...feed.drain()].sort()).toEqual(['cpu_util', 'sessions']);
    expect([...other.drain()]).toEqual([]);
    const snap = feed.select(billing);
    expect(snap.get('cpu_util')).toEqual({ type: 'metric', metric: 'cpu_util', t: new Date(T0).toISOString(), v: 12.5 });
    expect(feed.select(channel).size).toBe(2);
    // Unchanged values keep their object identity; changed ones are replaced.
    const sessions = snap.get('sessions');
    s.wall.advance(1000);
    s.ingest.port.samples([{ node: 'shared-db', metric: 'cpu_util', v: 13 }]);
    s.topology.tick(s.sourceClock.now());
    expect([...feed.drain()]).toEqual(['cpu_util']);
    expect(feed.get('sessions', ops)).toBe(sessions);
    expect(feed.get('cpu_util', ops)).toMatchObject({ v: 13 });
    feed.dispose();
    other.dispose();
    expect(s.metrics.changes.listenerCount()).toBe(1); // only the status deriver remains
  });

  it('shows nothing to an audience that cannot see the node, and follows visibility changes', () => {
    const { s, open } = setup();
    const feed = open('c-sys');
    s.ingest.port.samples([{ node: 'c-sys', metric: 'tps', v: 5 }]);
    s.topology.tick(s.sourceClock.now());
    expect(feed.select(billing).size).toBe(0);
    expect(feed.get('tps', billing)).toBeUndefined();
    expect(feed.get('tps', channel)).toMatchObject({ v: 5 });
    const v = feed.visibilityVersion(billing);
    s.ingest.port.remove({ nodes: ['c-sys'] });
    s.topology.tick(s.sourceClock.now());
    expect([...feed.drain()]).toEqual(['tps']);
    expect(feed.get('tps', channel)).toBeUndefined();
    expect(feed.visibilityVersion(billing)).toBe(v);
  });
});
