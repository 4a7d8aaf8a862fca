import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthScore } from '../../../shared/domain/health.js';
import { buildApp, buildStack, edge, smallGraph, type Stack, type TestApp } from '../topology/test-support/domain-stack.js';
import { HealthFeed } from './health-feed.js';
import { createHealth, type Health } from './index.js';
import { FakeLedger } from './test-support/fake-ledger.js';
import { explainedLoss } from './test-support/health-fixture.js';

let s: Stack;
let h: Health;
const registry = new Registry();
let t: TestApp;
const billing = { kind: 'tenants', tenants: ['billing'] } as const;
const channel = { kind: 'tenants', tenants: ['channel'] } as const;

/**
 * smallGraph plus b-app ─uses─▶ c-vm: a billing component depending on a channel node (which
 * billing must never see), c-vm down and the shared database hot.
 */
beforeAll(async () => {
  s = buildStack();
  smallGraph(s);
  s.ingest.port.declare({ edges: [edge('b-app', 'c-vm')] });
  h = createHealth({ graph: s.topology.graph, visibility: s.topology.visibility, store: s.metrics.store, changes: s.metrics.changes, ledger: new FakeLedger(), sourceClock: s.sourceClock, registry });
  for (const n of [...s.topology.graph.nodes()]) s.topology.graph.setStatus(n.id, 'ok');
  s.topology.graph.setStatus('c-vm', 'down');
  s.metrics.store.write('shared-db', 'cpu_util', s.sourceClock.now(), 99);
  s.metrics.changes.flush();
  h.tick(s.sourceClock.now());
  t = await buildApp(h.routes);
});

const names = (body: unknown) => JSON.stringify(body).match(/c-(sys|app|vm)/g) ?? [];

describe('GET /api/v1/health/scores/:nodeId', () => {
  it('answers a visible node with factors adding up to the loss', async () => {
    const r = await t.request('GET', '/api/v1/health/scores/b-sys', 'billing');
    expect(r.status).toBe(200);
    const score = r.body as HealthScore;
    expect(score).toMatchObject({ nodeId: 'b-sys', score: 0, status: 'down', confidence: 1 });
    expect(explainedLoss(score.factors)).toBe(1000);
    // Its dependency's causes lead to a channel VM: dropped for billing.
    expect(names(r.body)).toEqual([]);
  });

  it('never names another tenant’s node to a tenant, but keeps its impact', async () => {
    const r = await t.request('GET', '/api/v1/health/scores/b-app', 'billing');
    expect(names(r.body)).toEqual([]);
    expect(r.body.factors.map((f: { messageKey: string }) => f.messageKey)).toContain('health.child.hidden');
    expect(explainedLoss(r.body.factors)).toBe(Math.round((100 - r.body.score) * 10));
    const ops = await t.request('GET', '/api/v1/health/scores/b-app', 'operator');
    expect(JSON.stringify(ops.body)).toContain('c-vm');
  });

  it('answers 404 for another tenant’s node exactly as for a missing one; 403 without the permission', async () => {
    const other = await t.request('GET', '/api/v1/health/scores/c-sys', 'billing');
    const missing = await t.request('GET', '/api/v1/health/scores/zz-missing', 'billing');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(missing.body);
    expect((await t.request('GET', '/api/v1/health/scores/c-vm', 'billing')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/health/scores/c-vm', 'channel')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/health/scores/b-sys', 'approver')).status).toBe(403);
    expect((await t.request('GET', '/api/v1/health/scores/b-sys')).status).toBe(401);
  });

  it('answers domain scores over the audience’s own systems', async () => {
    const b = await t.request('GET', '/api/v1/health/scores/domain:B', 'billing');
    expect(b.body).toMatchObject({ nodeId: 'domain:B', systems: 1, score: 0 });
    expect(names(b.body)).toEqual([]);
    const c = await t.request('GET', '/api/v1/health/scores/domain:B', 'channel');
    expect(c.body).toMatchObject({ systems: 1 });
    const ops = await t.request('GET', '/api/v1/health/scores/domain:B', 'operator');
    expect(ops.body).toMatchObject({ systems: 2 });
    expect(explainedLoss(ops.body.factors)).toBe(Math.round((100 - ops.body.score) * 10));
    expect((await t.request('GET', '/api/v1/health/scores/domain:O', 'operator')).body).toMatchObject({ systems: 0, status: 'unknown', score: 100 });
  });
});

describe('GET /api/v1/health/scores', () => {
  it('lists a scope worst first for the audience only', async () => {
    const ops = await t.request('GET', '/api/v1/health/scores?scope=business', 'operator');
    expect(ops.body.items.map((i: HealthScore) => i.nodeId).sort()).toEqual(['b-sys', 'c-sys']);
    const mine = await t.request('GET', '/api/v1/health/scores?scope=components', 'billing');
    expect(mine.status).toBe(200);
    expect(names(mine.body)).toEqual([]);
    const scores = mine.body.items.map((i: HealthScore) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const domains = await t.request('GET', '/api/v1/health/scores?scope=domains', 'billing');
    expect(domains.body.items.map((i: HealthScore) => i.nodeId).sort()).toEqual(['domain:B', 'domain:M', 'domain:O']);
  });

  it('pages with a cursor without repeats', async () => {
    const all = (await t.request('GET', '/api/v1/health/scores?scope=components&limit=1000', 'operator')).body.items.map((i: HealthScore) => i.nodeId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { items: HealthScore[]; nextCursor: string | null } } = await t.request('GET', `/api/v1/health/scores?scope=components&limit=3${cursor ? `&cursor=${cursor}` : ''}`, 'operator');
      seen.push(...r.body.items.map((i) => i.nodeId));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(8);
    const iaas = await t.request('GET', '/api/v1/health/scores?scope=iaas', 'operator');
    expect(iaas.body.items.every((i: { layer: string }) => i.layer === 'iaas')).toBe(true);
  });

  it('refuses bad input with 400', async () => {
    for (const q of ['scope=planets', 'limit=0', 'limit=1001', 'cursor=%25%25', 'cursor=bm90LWEtY3Vyc29y', 'zz=1']) {
      const r = await t.request('GET', `/api/v1/health/scores?${q}`, 'operator');
      expect(r.status, q).toBe(400);
    }
  });
});

describe('GET /api/v1/health/sla', () => {
  it('answers the audience’s business systems; another tenant’s or a non-business node is 404', async () => {
    const r = await t.request('GET', '/api/v1/health/sla?period=day', 'billing');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ node: 'b-sys', target: 99.99, observedMinutes: 1, downMinutes: 1, availability: 0, met: false });
    expect((await t.request('GET', '/api/v1/health/sla?node=c-sys', 'billing')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/health/sla?node=shared-db', 'operator')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/health/sla?node=c-sys&period=month', 'channel')).body.items[0].node).toBe('c-sys');
    expect((await t.request('GET', '/api/v1/health/sla?period=year', 'operator')).status).toBe(400);
  });
});

describe('the health topic', () => {
  it('holds domains, business systems, worst components and a summary, per audience', () => {
    const feed = new HealthFeed('health', s.topology.graph, s.topology.visibility, h.engine, h.views, s.sourceClock);
    const mine = feed.aggregates(billing);
    expect([...mine.keys()].filter((k) => k.startsWith('n:')).sort()).toEqual(['n:b-app', 'n:b-sys', 'n:shared-db']);
    expect(names([...mine.values()])).toEqual([]);
    expect(mine.get('summary')).toMatchObject({ type: 'health-summary', nodes: 6 });
    const theirs = feed.aggregates(channel);
    expect(theirs.has('n:b-sys')).toBe(false);
    expect(theirs.get('n:c-vm')).toMatchObject({ status: 'down', score: 0 });
    const ops = feed.aggregates({ kind: 'operations' });
    expect(ops.get('summary')).toMatchObject({ nodes: 10 });
    expect(ops.get('d:B')).toMatchObject({ systems: 2 });
    // Unchanged scores keep their entity, so the hub's diff skips them.
    expect(feed.aggregates({ kind: 'operations' }).get('n:b-app')).toBe(ops.get('n:b-app'));
    feed.dispose();
  });

  it('bounds the components it carries', () => {
    const feed = new HealthFeed('health', s.topology.graph, s.topology.visibility, h.engine, h.views, s.sourceClock, 2);
    const ops = feed.aggregates({ kind: 'operations' });
    const components = [...ops.values()].filter((e) => e.type === 'health' && e.layer !== 'business');
    expect(components).toHaveLength(2);
    feed.dispose();
  });
});

describe('bounded memory, counted', () => {
  it('reports scored nodes, pending work and SLA bytes in /metrics', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/skyfort_health_scored_nodes 10/);
    expect(text).toMatch(/skyfort_health_pending_nodes 0/);
    expect(text).toMatch(/skyfort_health_sla_systems 2/);
    expect(text).toMatch(/skyfort_health_sla_bytes \d+/);
  });
});
