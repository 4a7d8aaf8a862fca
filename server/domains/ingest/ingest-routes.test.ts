import { beforeEach, describe, expect, it } from 'vitest';
import { buildApp, buildStack, node, smallGraph, T0, type Stack, type TestApp } from '../topology/test-support/domain-stack.js';

let t: TestApp;
let s: Stack;

beforeEach(async () => {
  s = buildStack();
  smallGraph(s);
  t = await buildApp(s.ingest.routes);
});

describe('POST /api/v1/ingest/samples', () => {
  it('stores what is valid and reports what is not', async () => {
    const r = await t.request('POST', '/api/v1/ingest/samples', 'apikey', {
      samples: [
        { node: 'b-sys', metric: 'tps', v: 1 },
        { node: 'zz-missing', metric: 'tps', v: 1 },
        { node: 'b-sys', metric: 'tps', t: T0 + 3_600_000, v: 1 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ accepted: 1, rejected: 2, errors: [{ index: 1, reason: 'unknown_node' }, { index: 2, reason: 'future' }] });
    expect(t.audits).toEqual([]); // exempt: counted in /metrics instead
  });

  it('refuses a batch over 1,000 samples or with a malformed sample, storing nothing', async () => {
    const big = Array.from({ length: 1001 }, () => ({ node: 'b-sys', metric: 'tps', v: 1 }));
    const r = await t.request('POST', '/api/v1/ingest/samples', 'admin', { samples: big });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details[0]).toMatchObject({ path: 'samples', code: 'too_big' });
    const bad = await t.request('POST', '/api/v1/ingest/samples', 'admin', { samples: [{ node: 'b-sys', metric: 'tps', v: 1 }, { node: 'b-sys', metric: 'Bad-Name', v: 1 }] });
    expect(bad.status).toBe(400);
    expect((await t.request('POST', '/api/v1/ingest/samples', 'admin', { samples: [] })).status).toBe(400);
    expect(s.metrics.store.stats().series).toBe(0);
  });

  it('needs ingest:write', async () => {
    const body = { samples: [{ node: 'b-sys', metric: 'tps', v: 1 }] };
    expect((await t.request('POST', '/api/v1/ingest/samples', undefined, body)).status).toBe(401);
    expect((await t.request('POST', '/api/v1/ingest/samples', 'operator', body)).status).toBe(403);
    expect((await t.request('POST', '/api/v1/ingest/samples', 'wall', body)).status).toBe(403);
  });

  it('keeps a tenant-bound key to its tenant’s nodes', async () => {
    const r = await t.request('POST', '/api/v1/ingest/samples', 'apikey-billing', {
      samples: [{ node: 'b-sys', metric: 'tps', v: 1 }, { node: 'c-sys', metric: 'tps', v: 1 }],
    });
    expect(r.body).toMatchObject({ accepted: 1, rejected: 1 });
  });
});

describe('POST /api/v1/ingest/inventory', () => {
  it('declares nodes and edges, audited once', async () => {
    const r = await t.request('POST', '/api/v1/ingest/inventory', 'apikey', {
      nodes: [node('vm-9', 'iaas', 'billing')],
      edges: [{ source: 'b-app', target: 'vm-9', kind: 'runs-on' }],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ nodes: 1, edges: 1 });
    expect(t.audits.map((a) => a.action)).toEqual(['ingest.inventory']);
    expect(s.topology.graph.node('vm-9')).toMatchObject({ tenant: 'billing', status: 'unknown' });
  });

  it('refuses oversized, empty, dangling and status-carrying declarations, changing nothing', async () => {
    const before = s.topology.graph.structureVersion;
    const cases: [unknown, string][] = [
      [{ nodes: Array.from({ length: 1001 }, (_, i) => node(`n${i}`, 'iaas', null)) }, 'validation_failed'],
      [{ edges: Array.from({ length: 1001 }, () => ({ source: 'b-sys', target: 'srv', kind: 'uses' })) }, 'validation_failed'],
      [{}, 'empty_inventory'],
      [{ nodes: [node('x', 'iaas', null)], edges: [{ source: 'x', target: 'ghost', kind: 'uses' }] }, 'unknown_node'],
      [{ nodes: [{ ...node('x', 'iaas', null), status: 'ok' }] }, 'validation_failed'],
      [{ samples: [] }, 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const r = await t.request('POST', '/api/v1/ingest/inventory', 'admin', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.error.code).toBe(code);
    }
    expect(s.topology.graph.structureVersion).toBe(before);
    expect(t.audits).toEqual([]);
  });

  it('answers 403 when a tenant-bound key declares another tenant’s node', async () => {
    const r = await t.request('POST', '/api/v1/ingest/inventory', 'apikey-billing', { nodes: [node('x', 'iaas', 'channel')] });
    expect(r.status).toBe(403);
  });
});
