import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, buildStack, smallGraph, type TestApp } from './test-support/domain-stack.js';

let t: TestApp;

beforeAll(async () => {
  const s = buildStack();
  smallGraph(s);
  t = await buildApp(s.topology.routes);
});

interface PathBody {
  nodes: { id: string; depth: number; x: number; y: number; layer: string }[];
  edges: { source: string; target: string }[];
  businessSystems: string[];
  truncated: boolean;
}

describe('GET /api/v1/topology/paths/:id', () => {
  it('answers what a business system runs on, down to the hardware, with drawing positions by layer', async () => {
    const r = await t.request('GET', '/api/v1/topology/paths/b-sys?direction=dependencies', 'operator');
    expect(r.status).toBe(200);
    const body = r.body as PathBody;
    expect(body.nodes.map((n) => n.id).sort()).toEqual(['b-app', 'b-sys', 'b-vm', 'shared-db', 'srv', 'vm-shared']);
    expect(body.nodes.find((n) => n.id === 'srv')).toMatchObject({ layer: 'physical' });
    expect(body.nodes.find((n) => n.id === 'b-sys')).toMatchObject({ depth: 0 });
    // Rows by layer: business above PaaS above IaaS above physical; no two nodes share a place.
    const rowOf = (layer: string) => body.nodes.find((n) => n.layer === layer)!.y;
    expect(rowOf('business')).toBeLessThan(rowOf('paas'));
    expect(rowOf('paas')).toBeLessThan(rowOf('iaas'));
    expect(rowOf('iaas')).toBeLessThan(rowOf('physical'));
    expect(new Set(body.nodes.map((n) => `${n.x},${n.y}`)).size).toBe(body.nodes.length);
    expect(body.edges.length).toBeGreaterThanOrEqual(5);
    expect(body.truncated).toBe(false);
  });

  it('answers which business systems a failure hits, per audience', async () => {
    const ops = (await t.request('GET', '/api/v1/topology/paths/srv?direction=impact', 'operator')).body as PathBody;
    expect(ops.businessSystems.sort()).toEqual(['b-sys', 'c-sys']);
    // A tenant learns only about its own systems, never the other tenant's.
    const billing = (await t.request('GET', '/api/v1/topology/paths/srv?direction=impact', 'billing')).body as PathBody;
    expect(billing.businessSystems).toEqual(['b-sys']);
    expect(billing.nodes.some((n) => n.id.startsWith('c-'))).toBe(false);
    const shared = (await t.request('GET', '/api/v1/topology/paths/shared-db?direction=impact', 'billing')).body as PathBody;
    expect(shared.businessSystems).toEqual(['b-sys']);
  });

  it('answers 404 for another tenant’s node and for none, 400 for a bad direction, 401/403 without the right', async () => {
    expect((await t.request('GET', '/api/v1/topology/paths/c-sys', 'billing')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/topology/paths/nope', 'operator')).status).toBe(404);
    const bad = await t.request('GET', '/api/v1/topology/paths/b-sys?direction=sideways', 'operator');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBeTruthy();
    expect((await t.request('GET', '/api/v1/topology/paths/b-sys')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/topology/paths/b-sys', 'approver')).status).toBe(403);
  });
});
