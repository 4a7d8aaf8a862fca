import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../shared/domain/dashboards.js';
import { ManualClock } from '../../core/clock.js';
import { openStore, type Store } from '../../store/open-store.js';
import { buildApp, buildStack, smallGraph, T0, type Stack, type TestApp } from '../topology/test-support/domain-stack.js';
import { createDashboards } from './index.js';

/**
 * `/api/v1/dashboards` on smallGraph: billing (tenant-admin `billing`, viewer `billing-viewer`)
 * sees b-sys, b-app, b-vm and the shared nodes on their paths; `channel` is a channel viewer.
 */
let s: Stack;
let store: Store;
let t: TestApp;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies freely
async function call(method: Method, url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
}

const panel = (node: string, metric = 'cpu_util', extra: Record<string, unknown> = {}) => ({ node, metric, chart: 'line', ...extra });
const rows = async () => store.db.selectFrom('dashboards').selectAll().orderBy('id').execute();

beforeAll(async () => {
  s = buildStack();
  smallGraph(s);
  for (const n of ['b-sys', 'b-app', 'shared-db', 'c-app']) s.metrics.store.write(n, 'cpu_util', s.sourceClock.now(), 40);
  store = await openStore({ url: ':memory:' });
  await store.db.insertInto('tenants').values([{ id: 'billing', name: 'billing', created_at: new Date(T0).toISOString() }, { id: 'channel', name: 'channel', created_at: new Date(T0).toISOString() }]).execute();
  const d = createDashboards({ db: store.db, visibility: s.topology.visibility, store: s.metrics.store, wallClock: new ManualClock(T0) });
  t = await buildApp(d.routes);
});
afterAll(async () => {
  await store?.close();
});

describe('dashboards', () => {
  let mine: Dashboard;

  it('a tenant-admin creates one for its own tenant from nodes it sees, audited', async () => {
    const r = await call('POST', '/api/v1/dashboards', 'billing', {
      name: '计费看板',
      panels: [panel('b-sys', 'cpu_util', { thresholds: { warning: 70, critical: 90 } }), panel('shared-db', 'cpu_util', { chart: 'gauge' })],
    });
    expect(r.status).toBe(201);
    mine = r.body;
    expect(mine).toMatchObject({ tenant: 'billing', name: '计费看板', version: 1, createdBy: 'tenant-admin-billing' });
    expect(mine.panels).toEqual([
      { id: 'p1', title: null, node: 'b-sys', metric: 'cpu_util', chart: 'line', range: '1h', thresholds: { direction: 'above', warning: 70, critical: 90 } },
      { id: 'p2', title: null, node: 'shared-db', metric: 'cpu_util', chart: 'gauge', range: '1h', thresholds: null },
    ]);
    expect(t.audits.at(-1)).toMatchObject({ action: 'dashboard.create', target: `dashboard:${mine.id}` });
    expect((await call('GET', `/api/v1/dashboards/${mine.id}`, 'billing-viewer')).body).toEqual(mine);
  });

  it('refuses a panel on another tenant’s node, an unknown node alike, or a metric the node lacks: 400, nothing stored', async () => {
    const before = await rows();
    const other = await call('POST', '/api/v1/dashboards', 'billing', { name: 'x', panels: [panel('c-app')] });
    const missing = await call('POST', '/api/v1/dashboards', 'billing', { name: 'x', panels: [panel('zz-missing')] });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('invalid_panel');
    expect(other.body).toEqual(missing.body);
    expect((await call('POST', '/api/v1/dashboards', 'billing', { name: 'x', panels: [panel('b-sys', 'no_such_metric')] })).status).toBe(400);
    expect((await call('POST', '/api/v1/dashboards', 'billing', { name: 'x', panels: [panel('b-sys', 'cpu_util', { chart: 'pie' })] })).status).toBe(400);
    expect((await call('POST', '/api/v1/dashboards', 'billing', { name: 'x', panels: [panel('b-sys', 'cpu_util', { thresholds: { warning: 90, critical: 70 } })] })).status).toBe(400);
    expect((await call('POST', '/api/v1/dashboards', 'billing', { name: '', panels: [] })).status).toBe(400);
    expect((await call('PUT', `/api/v1/dashboards/${mine.id}`, 'billing', { name: 'y', panels: [panel('c-app')] })).status).toBe(400);
    expect(await rows()).toEqual(before);
  });

  it('a viewer reads but never writes (403); anonymous 401', async () => {
    expect((await call('POST', '/api/v1/dashboards', 'billing-viewer', { name: 'v', panels: [] })).status).toBe(403);
    expect((await call('PUT', `/api/v1/dashboards/${mine.id}`, 'billing-viewer', { name: 'v', panels: [] })).status).toBe(403);
    expect((await call('DELETE', `/api/v1/dashboards/${mine.id}`, 'billing-viewer')).status).toBe(403);
    expect((await call('GET', '/api/v1/dashboards', 'billing-viewer')).body.items.map((d: Dashboard) => d.id)).toEqual([mine.id]);
    expect((await call('GET', '/api/v1/dashboards')).status).toBe(401);
    expect((await call('GET', '/api/v1/dashboards', 'approver')).status).toBe(403);
  });

  it('another tenant neither sees nor edits it: 404 exactly as a missing one', async () => {
    const other = await call('GET', `/api/v1/dashboards/${mine.id}`, 'channel');
    expect(other.status).toBe(404);
    expect(other.body).toEqual((await call('GET', '/api/v1/dashboards/zz-missing', 'channel')).body);
    expect((await call('GET', '/api/v1/dashboards', 'channel')).body.items).toEqual([]);
    expect((await call('GET', '/api/v1/dashboards?tenant=billing', 'channel')).body.items).toEqual([]);
    // A tenant-admin naming another tenant on create: 404 as if that tenant did not exist.
    expect((await call('POST', '/api/v1/dashboards', 'billing', { name: 'z', tenant: 'channel', panels: [] })).status).toBe(404);
  });

  it('an admin builds for a named tenant (checked against that tenant’s view); the tenant-admin of another cannot touch it', async () => {
    expect((await call('POST', '/api/v1/dashboards', 'admin', { name: 'c', panels: [] })).status).toBe(400);
    expect((await call('POST', '/api/v1/dashboards', 'admin', { name: 'c', tenant: 'nope', panels: [] })).status).toBe(404);
    expect((await call('POST', '/api/v1/dashboards', 'admin', { name: 'c', tenant: 'channel', panels: [panel('b-sys')] })).status).toBe(400);
    const c = await call('POST', '/api/v1/dashboards', 'admin', { name: 'c', tenant: 'channel', panels: [panel('c-app')] });
    expect(c.status).toBe(201);
    expect((await call('PUT', `/api/v1/dashboards/${c.body.id}`, 'billing', { name: 'hijack', panels: [] })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/dashboards/${c.body.id}`, 'billing')).status).toBe(404);
    expect((await call('GET', `/api/v1/dashboards/${c.body.id}`, 'channel')).status).toBe(200);
    // Operations roles and walls read every tenant's; operators do not write.
    expect((await call('GET', '/api/v1/dashboards', 'operator')).body.items).toHaveLength(2);
    expect((await call('GET', '/api/v1/dashboards?tenant=channel', 'wall')).body.items.map((d: Dashboard) => d.tenant)).toEqual(['channel']);
    expect((await call('POST', '/api/v1/dashboards', 'operator', { name: 'o', tenant: 'channel', panels: [] })).status).toBe(403);
  });

  it('edits with optimistic concurrency, then deletes; both audited', async () => {
    const edited = await call('PUT', `/api/v1/dashboards/${mine.id}`, 'billing', { name: '计费看板 2', panels: [{ ...mine.panels[0], title: 'CPU' }], expectedVersion: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, name: '计费看板 2', panels: [{ id: 'p1', title: 'CPU' }] });
    expect((await call('PUT', `/api/v1/dashboards/${mine.id}`, 'billing', { name: 'late', panels: [], expectedVersion: 1 })).status).toBe(409);
    expect((await call('DELETE', `/api/v1/dashboards/${mine.id}`, 'billing')).status).toBe(200);
    expect((await call('GET', `/api/v1/dashboards/${mine.id}`, 'billing')).status).toBe(404);
    expect(t.audits.map((a) => a.action).filter((a) => a.startsWith('dashboard.'))).toEqual(['dashboard.create', 'dashboard.create', 'dashboard.update', 'dashboard.delete']);
  });
});
