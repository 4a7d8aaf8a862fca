import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support/test-server.js';

/**
 * Bad input on every route, as the most privileged caller (so authorisation never hides a
 * validation gap): always a 4xx JSON error, never a 5xx, never a crash, nothing stored changed.
 */
let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

/** Everything an admin can list, as one comparable picture of the stored state. */
async function storedState(): Promise<string> {
  const parts: unknown[] = [];
  for (const p of ['/api/v1/tenants', '/api/v1/users', '/api/v1/display-credentials', '/api/v1/api-keys', '/api/v1/audit']) {
    parts.push((await t.request('GET', `${p}?limit=1000`, { token: admin })).body);
  }
  return JSON.stringify(parts);
}

function isErrorBody(b: unknown): boolean {
  const e = (b as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}

describe('bad input on every route', () => {
  it('answers a 4xx JSON error and changes nothing', async () => {
    const before = await storedState();
    const failures: string[] = [];
    const check = (what: string, r: { status: number; body: unknown }, expected?: number) => {
      const ok = expected ? r.status === expected : r.status >= 400 && r.status < 500;
      if (!ok || !isErrorBody(r.body)) failures.push(`${what} → ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
    };
    for (const route of t.server.routes) {
      if (route.auth === 'public' && route.method === 'GET') continue;
      const url = route.url.replace(/:([A-Za-z]+)/g, 'zz-missing');
      const name = `${route.method} ${route.url}`;
      const sep = url.includes('?') ? '&' : '?';
      if (route.method === 'GET' || route.method === 'DELETE') {
        check(`${name} unknown query field`, await t.request(route.method, `${url}${sep}zzUnknown=1`, { token: admin }));
        if (route.query) {
          check(`${name} absurd limit`, await t.request(route.method, `${url}${sep}limit=99999999`, { token: admin }));
          check(`${name} negative limit`, await t.request(route.method, `${url}${sep}limit=-1`, { token: admin }));
        }
        continue;
      }
      if (/\/auth\/logout/.test(route.url)) continue; // no body to get wrong; walked in access-walk
      check(`${name} malformed JSON`, await t.request(route.method, url, { token: admin, rawBody: '{"a": ' }), 400);
      check(`${name} unknown fields`, await t.request(route.method, url, { token: admin, body: { zzUnknown: 1 } }));
      check(`${name} wrong type (array)`, await t.request(route.method, url, { token: admin, body: [1, 2, 3] }));
      check(`${name} wrong type (string)`, await t.request(route.method, url, { token: admin, rawBody: '"text"' }));
      check(`${name} over the body limit`, await t.request(route.method, url, { token: admin, rawBody: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) }), 413);
      check(`${name} oversized batch`, await t.request(route.method, url, { token: admin, body: { samples: Array.from({ length: 1001 }, () => ({ node: 'n', metric: 'cpu_util', v: 1 })), nodes: [], edges: [] } }));
    }
    expect(failures).toEqual([]);
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect(await storedState()).toBe(before);
  });

  it('refuses a bad credential with 401 JSON on every protected route', async () => {
    for (const route of t.server.routes.filter((r) => r.auth !== 'public')) {
      const r = await t.request(route.method, route.url.replace(/:([A-Za-z]+)/g, 'x'), { token: 'sft_not-a-real-token-at-all' });
      expect(r.status, `${route.method} ${route.url}`).toBe(401);
      expect(isErrorBody(r.body)).toBe(true);
    }
  });
});
