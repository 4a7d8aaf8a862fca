import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, buildStack, node, smallGraph, type TestApp } from './test-support/domain-stack.js';

let t: TestApp;

beforeAll(async () => {
  const s = buildStack();
  smallGraph(s);
  s.ingest.port.samples([{ node: 'b-sys', metric: 'cpu_util', v: 10 }]);
  s.topology.tick(s.sourceClock.now());
  t = await buildApp(s.topology.routes);
});

describe('GET /api/v1/topology', () => {
  it('answers the whole visible graph per audience', async () => {
    const all = await t.request('GET', '/api/v1/topology', 'operator');
    expect(all.status).toBe(200);
    expect(all.body.nodes).toHaveLength(10);
    expect(all.body.edges).toHaveLength(10);
    expect(typeof all.body.at).toBe('string');
    const b = await t.request('GET', '/api/v1/topology', 'billing');
    expect(b.body.nodes.map((n: { id: string }) => n.id)).toEqual(['b-app', 'b-sys', 'b-vm', 'shared-db', 'srv', 'vm-shared']);
    expect(b.body.edges).toHaveLength(6);
    const sys = b.body.nodes.find((n: { id: string }) => n.id === 'b-sys');
    expect(sys).toMatchObject({ status: 'ok', tenant: 'billing', layer: 'business', domain: 'B' });
    expect(sys.lastSeen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('refuses callers without topology:read and unknown query fields', async () => {
    expect((await t.request('GET', '/api/v1/topology')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/topology', 'approver')).status).toBe(403);
    expect((await t.request('GET', '/api/v1/topology', 'apikey')).status).toBe(403);
    expect((await t.request('GET', '/api/v1/topology?limit=5', 'admin')).status).toBe(400);
  });
});

describe('GET /api/v1/nodes', () => {
  it('pages the visible nodes with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: Awaited<ReturnType<TestApp['request']>> = await t.request('GET', `/api/v1/nodes?limit=4${cursor ? `&cursor=${cursor}` : ''}`, 'admin');
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...r.body.items.map((n: { id: string }) => n.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    const b = await t.request('GET', '/api/v1/nodes?limit=1000', 'billing');
    expect(b.body.items).toHaveLength(6);
    expect(b.body.nextCursor).toBeNull();
  });

  it('filters by layer, status, dc, tenant and text within the audience', async () => {
    const ids = async (q: string, who = 'admin') =>
      ((await t.request('GET', `/api/v1/nodes?${q}`, who)).body.items as { id: string }[]).map((n) => n.id);
    expect(await ids('layer=business')).toEqual(['b-sys', 'c-sys']);
    expect(await ids('status=ok')).toEqual(['b-sys']);
    expect(await ids('dc=DC-B')).toEqual(['srv']);
    expect(await ids('tenant=channel')).toEqual(['c-app', 'c-sys', 'c-vm']);
    expect(await ids('tenant=channel', 'billing')).toEqual([]);
    expect(await ids('q=SHARED')).toEqual(['shared-db', 'vm-shared']);
    expect(await ids('layer=physical', 'billing')).toEqual(['srv']);
  });

  it('refuses bad limits, cursors and filters with 400', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=-1', 'layer=cloud', 'status=green', 'zz=1', 'cursor=%25%25%25']) {
      const r = await t.request('GET', `/api/v1/nodes?${q}`, 'admin');
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toMatch(/validation_failed|bad_cursor/);
    }
  });
});

describe('GET /api/v1/nodes/:id', () => {
  it('answers a visible node with its visible edges', async () => {
    const r = await t.request('GET', '/api/v1/nodes/shared-db', 'billing');
    expect(r.status).toBe(200);
    expect(r.body.dependents.map((e: { source: string }) => e.source)).toEqual(['b-app']);
    expect(r.body.dependsOn.map((e: { target: string }) => e.target)).toEqual(['vm-shared']);
    const ops = await t.request('GET', '/api/v1/nodes/shared-db', 'operator');
    expect(ops.body.dependents).toHaveLength(2);
  });

  it('makes another tenant’s node look exactly like a missing one', async () => {
    const other = await t.request('GET', '/api/v1/nodes/c-sys', 'billing');
    const missing = await t.request('GET', '/api/v1/nodes/zz-missing', 'billing');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(missing.body);
    expect((await t.request('GET', '/api/v1/nodes/lonely', 'channel')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/nodes/c-sys', 'channel')).status).toBe(200);
  });
});

it('re-declaring a node keeps its derived status', () => {
  const s = buildStack();
  s.ingest.port.declare({ nodes: [node('a', 'paas', null)], edges: [] });
  s.ingest.port.samples([{ node: 'a', metric: 'up', v: 0 }]);
  s.topology.tick(s.sourceClock.now());
  s.ingest.port.declare({ nodes: [node('a', 'paas', null, { name: 'renamed' })], edges: [] });
  expect(s.topology.graph.node('a')).toMatchObject({ name: 'renamed', status: 'down' });
});
