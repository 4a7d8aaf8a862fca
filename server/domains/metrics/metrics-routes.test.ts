import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, buildStack, smallGraph, T0, type Stack, type TestApp } from '../topology/test-support/domain-stack.js';

let t: TestApp;
let s: Stack;
const HOUR = 3_600_000;

beforeAll(async () => {
  s = buildStack();
  smallGraph(s);
  // 30 minutes of 10 s samples, with one spike.
  for (let i = 0; i < 180; i++) {
    s.ingest.port.samples([
      { node: 'shared-db', metric: 'cpu_util', v: i === 90 ? 99 : 20 },
      { node: 'c-sys', metric: 'tps', v: i },
    ]);
    s.wall.advance(10_000);
  }
  t = await buildApp(s.metrics.routes);
});

describe('GET /api/v1/metrics', () => {
  it('answers buckets for the last hour by default, spikes kept in max', async () => {
    const r = await t.request('GET', '/api/v1/metrics?node=shared-db&metric=cpu_util', 'billing');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ node: 'shared-db', metric: 'cpu_util', tier: 'raw' });
    expect(r.body.points.length).toBeLessThanOrEqual(300);
    expect(Date.parse(r.body.to) - Date.parse(r.body.from)).toBe(HOUR);
    const maxes = r.body.points.map((p: { max: number | null }) => p.max ?? 0);
    expect(Math.max(...maxes)).toBe(99);
    const few = await t.request('GET', `/api/v1/metrics?node=shared-db&metric=cpu_util&points=3&from=${T0}&to=${new Date(T0 + HOUR).toISOString()}`, 'operator');
    expect(few.status).toBe(200);
    expect(few.body.points.length).toBeLessThanOrEqual(3);
    expect(Math.max(...few.body.points.map((p: { max: number | null }) => p.max ?? 0))).toBe(99);
  });

  it('answers 404 for another tenant’s node exactly as for a missing one', async () => {
    const other = await t.request('GET', '/api/v1/metrics?node=c-sys&metric=tps', 'billing');
    const missing = await t.request('GET', '/api/v1/metrics?node=zz-missing&metric=tps', 'billing');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(missing.body);
    expect((await t.request('GET', '/api/v1/metrics?node=c-sys&metric=tps', 'channel')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/metrics?node=c-sys&metric=nope', 'channel')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/metrics?node=c-sys&metric=tps', 'approver')).status).toBe(403);
  });

  it('refuses bad ranges and budgets with 400', async () => {
    const now = s.sourceClock.now();
    const bad = [
      'points=0',
      'points=2001',
      'points=abc',
      `from=${now}&to=${now}`,
      `from=${now}&to=${now - 1000}`,
      `from=${now - 9 * 24 * HOUR}&to=${now}`,
      `from=${now}&to=${now + 30 * 24 * HOUR}`,
      'from=3000-01-01T00:00:00Z&to=3000-01-02T00:00:00Z',
      'from=yesterday',
      'to=not-a-time',
      'zz=1',
      'limit=5',
    ];
    for (const q of bad) {
      const r = await t.request('GET', `/api/v1/metrics?node=shared-db&metric=cpu_util&${q}`, 'admin');
      expect(r.status, q).toBe(400);
      expect(typeof r.body.error.code).toBe('string');
    }
    expect((await t.request('GET', '/api/v1/metrics?node=shared-db', 'admin')).status).toBe(400);
    expect((await t.request('GET', '/api/v1/metrics?node=bad%20id&metric=cpu_util', 'admin')).status).toBe(400);
    expect((await t.request('GET', '/api/v1/metrics?node=shared-db&metric=CPU', 'admin')).status).toBe(400);
  });
});

describe('GET /api/v1/metrics/series', () => {
  it('lists a visible node’s metric names with their latest values', async () => {
    const r = await t.request('GET', '/api/v1/metrics/series?node=c-sys', 'channel');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ node: 'c-sys', series: [{ metric: 'tps', v: 179 }] });
    expect((await t.request('GET', '/api/v1/metrics/series?node=c-sys', 'billing')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/metrics/series?node=b-sys', 'billing')).body.series).toEqual([]);
    expect((await t.request('GET', '/api/v1/metrics/series', 'billing')).status).toBe(400);
  });
});
