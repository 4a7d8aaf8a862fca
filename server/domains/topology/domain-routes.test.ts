import { beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../core/auth/principal.js';
import type { AnyRoute } from '../../core/http/route.js';
import { buildApp, buildStack, PRINCIPALS, smallGraph, type Stack, type TestApp } from './test-support/domain-stack.js';

/**
 * The three domains' routes walked together, as the app-level walks will: every principal gets
 * 401/403 or is let through exactly as its permissions say, and bad input is always a 4xx JSON
 * error that changes nothing.
 */
let s: Stack;
let t: TestApp;
let routes: AnyRoute[];

beforeAll(async () => {
  s = buildStack();
  smallGraph(s);
  routes = [...s.topology.routes, ...s.metrics.routes, ...s.ingest.routes];
  t = await buildApp(routes);
});

const urlOf = (r: AnyRoute) => r.url.replace(/:([A-Za-z]+)/g, 'zz-missing');

describe('topology, metrics and ingest routes', () => {
  it('answer 401, 403 or let through exactly as the permission table says', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const [name, principal] of Object.entries(PRINCIPALS)) {
        const r = await t.request(route.method as 'GET', urlOf(route), name, route.method === 'GET' ? undefined : {});
        const allowed = typeof route.auth === 'object' && can(principal, route.auth.permission);
        if (r.status >= 500) failures.push(`${route.url} ${name} → ${r.status}`);
        if (allowed && (r.status === 401 || r.status === 403)) failures.push(`${route.url} ${name} → ${r.status} (should pass)`);
        if (!allowed && r.status !== 403) failures.push(`${route.url} ${name} → ${r.status} (expected 403)`);
      }
      const anon = await t.request(route.method as 'GET', urlOf(route));
      if (anon.status !== 401) failures.push(`${route.url} anonymous → ${anon.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuse bad input with a 4xx JSON error and change nothing', async () => {
    const before = JSON.stringify((await t.request('GET', '/api/v1/topology', 'admin')).body);
    const failures: string[] = [];
    const check = (what: string, r: { status: number; body: { error?: { code?: unknown } } | null }) => {
      if (r.status < 400 || r.status >= 500 || typeof r.body?.error?.code !== 'string') failures.push(`${what} → ${r.status}`);
    };
    for (const route of routes) {
      const url = urlOf(route);
      if (route.method === 'GET') {
        check(`${url} unknown field`, await t.request('GET', `${url}?zzUnknown=1`, 'admin'));
        check(`${url} absurd limit`, await t.request('GET', `${url}?limit=99999999`, 'admin'));
        continue;
      }
      const raw = async (payload: string) => {
        const r = await t.app.inject({ method: 'POST', url, headers: { authorization: 'Bearer admin', 'content-type': 'application/json' }, payload });
        return { status: r.statusCode, body: JSON.parse(r.body) };
      };
      check(`${url} malformed JSON`, await raw('{"a": '));
      check(`${url} unknown fields`, await t.request('POST', url, 'admin', { zzUnknown: 1 }));
      check(`${url} array`, await t.request('POST', url, 'admin', [1, 2, 3]));
      check(`${url} string`, await raw('"text"'));
      check(`${url} over the body limit`, await raw(JSON.stringify({ pad: 'x'.repeat(1_100_000) })));
    }
    expect(failures).toEqual([]);
    expect(JSON.stringify((await t.request('GET', '/api/v1/topology', 'admin')).body)).toBe(before);
    expect(s.metrics.store.stats().series).toBe(0);
  });
});
