import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import type { Permission } from '../shared/domain/roles.js';
import { ROLE_PERMISSIONS, DISPLAY_PERMISSIONS, permissionsFor, type Tier } from '../shared/domain/roles.js';
import type { Ack, TopicResult } from '../shared/protocol/stream.js';

/**
 * One walk over every route and topic for every role of product.md: anonymous callers get 401
 * outside the public routes, a credential without the permission gets 403, and one with it is
 * let through (whatever the dummy input then earns, never a 5xx).
 */
interface Caller {
  name: string;
  token: string | null;
  permissions: readonly Permission[];
  /** Used again after a route that ends the caller's session. */
  relogin?: () => Promise<string>;
}

let t: TestServer;
const callers: Caller[] = [];

beforeAll(async () => {
  t = await startTestServer();
  const users: [string, keyof typeof ROLE_PERMISSIONS, Tier | null][] = [
    ['admin', 'admin', null],
    ['op1', 'operator', 1],
    ['op3', 'operator', 3],
    ['duty', 'duty-manager', null],
    ['approver1', 'approver', null],
    ['billing-admin', 'tenant-admin', null],
    ['billing-viewer', 'tenant-viewer', null],
    ['channel-admin', 'tenant-admin', null],
    ['publisher1', 'publisher', null],
  ];
  for (const [name, role, tier] of users) {
    callers.push({ name, token: await t.login(name), permissions: permissionsFor(role, tier), relogin: () => t.login(name) });
  }
  const admin = callers[0]!.token!;
  const display = await t.request('POST', '/api/v1/display-credentials', {
    token: admin,
    body: { name: 'wall-1', scope: { tenants: null, topics: ['topology', 'metrics:*'], views: ['overview'] } },
  });
  expect(display.status).toBe(201);
  callers.push({ name: 'display', token: (display.body as { token: string }).token, permissions: DISPLAY_PERMISSIONS });
  const key = await t.request('POST', '/api/v1/api-keys', { token: admin, body: { name: 'pusher', scopes: ['ingest:write'] } });
  expect(key.status).toBe(201);
  callers.push({ name: 'apikey', token: (key.body as { token: string }).token, permissions: ['ingest:write'] });
  callers.push({ name: 'anonymous', token: null, permissions: [] });
});

afterAll(async () => {
  await t.close();
});

describe('every route for every role', () => {
  // About 80 routes × 12 callers, one request each: seconds alone, longer on a loaded CI box.
  it('answers 401, 403 or lets through exactly as the permission table says', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const route of t.server.routes) {
      const url = route.url.replace(/:([A-Za-z]+)/g, 'zz-missing');
      for (const caller of callers) {
        // Routes that end a session get a throw-away session so the walk can go on.
        const ends = /\/auth\/(logout|refresh)/.test(route.url);
        const token = ends && caller.relogin ? await caller.relogin() : caller.token;
        const r = await t.request(route.method, url, { token: token ?? undefined, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }) });
        // Signing out everywhere also ended the caller's main session: take a new one.
        if (ends && caller.relogin) caller.token = await caller.relogin();
        const where = `${route.method} ${route.url} as ${caller.name} → ${r.status}`;
        if (r.status >= 500) failures.push(`${where} (server error)`);
        if (route.auth === 'public') {
          if (r.status === 401 && route.url !== '/metrics') failures.push(`${where} (public route refused)`);
        } else if (!token) {
          if (r.status !== 401) failures.push(`${where} (expected 401)`);
        } else if (typeof route.auth === 'object') {
          const allowed = caller.permissions.includes(route.auth.permission);
          if (allowed && (r.status === 401 || r.status === 403)) failures.push(`${where} (expected to be let through)`);
          if (!allowed && r.status !== 403) failures.push(`${where} (expected 403)`);
        } else if (r.status === 401) {
          failures.push(`${where} (valid credential refused)`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('every topic for every role', () => {
  it('subscribes exactly where the role and tenancy allow', async () => {
    const admin = callers[0]!.token!;
    const topo = (await t.request('GET', '/api/v1/topology', { token: admin })).body as {
      nodes: { id: string; tenant: string | null; layer: string }[];
    };
    const billing = topo.nodes.find((n) => n.tenant === 'billing' && n.layer === 'business')!;
    const channel = topo.nodes.find((n) => n.tenant === 'channel' && n.layer === 'business')!;
    const billingView = (await t.request('GET', '/api/v1/topology', { token: callers.find((c) => c.name === 'billing-admin')!.token! })).body as typeof topo;
    const channelView = (await t.request('GET', '/api/v1/topology', { token: callers.find((c) => c.name === 'channel-admin')!.token! })).body as typeof topo;
    const shared = billingView.nodes.find((n) => n.tenant === null && channelView.nodes.some((m) => m.id === n.id))!;
    expect(billing && channel && shared).toBeTruthy();

    const topics = ['topology', `metrics:${shared.id}`, `metrics:${billing.id}`, `metrics:${channel.id}`, 'overview', 'nodes', 'alarms', 'incidents', 'health'];
    const all = [true, true, true, true, true, true, true, true, true];
    const none = all.map(() => false);
    const expected: Record<string, boolean[]> = {
      admin: all,
      op1: all,
      op3: all,
      duty: all,
      approver1: none,
      // Tenants see alarms, incidents and health too, filtered to their visible set.
      'billing-admin': [true, true, true, false, true, true, true, true, true],
      'billing-viewer': [true, true, true, false, true, true, true, true, true],
      'channel-admin': [true, true, false, true, true, true, true, true, true],
      publisher1: none,
      // The wall's scope names topology and metrics only: everything else is refused.
      display: [true, true, true, true, false, false, false, false, false],
      apikey: none,
    };
    for (const caller of callers) {
      if (!caller.token) continue;
      const socket = await t.socket(caller.token).catch((e: Error) => e);
      if (socket instanceof Error) {
        // A credential that may read nothing is refused at the handshake.
        expect(expected[caller.name]!.some(Boolean), `${caller.name}: ${socket.message}`).toBe(false);
        continue;
      }
      const ack = await socket.timeout(5000).emitWithAck('subscribe', { topics });
      const results = (ack as Ack<{ results: TopicResult[] }>);
      expect(results.ok, caller.name).toBe(true);
      if (!results.ok) continue;
      expect(results.results.map((r) => r.ok), caller.name).toEqual(expected[caller.name]);
      // Another tenant's node answers not_found, as if it did not exist.
      if (caller.name === 'billing-admin') expect(results.results[3]!.error?.code).toBe('not_found');
      socket.close();
    }
  });
});
