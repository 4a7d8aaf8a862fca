import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { Role } from '../../../../shared/domain/roles.js';
import type { Edge, NodeDeclaration } from '../../../../shared/domain/topology.js';
import type { Principal } from '../../../core/auth/principal.js';
import { ManualClock, SourceClock } from '../../../core/clock.js';
import { installErrorHandling, registerRoutes } from '../../../core/http/register-routes.js';
import type { AnyRoute } from '../../../core/http/route.js';
import { createIngest } from '../../ingest/index.js';
import { createMetrics } from '../../metrics/index.js';
import { createTopology } from '../index.js';

/** Aligned to every ring step, so tests can reason in whole slots. */
export const T0 = Date.UTC(2026, 0, 1);

/** The real metrics + topology + ingest stack on a ManualClock-driven source clock. */
export function buildStack(opts: { silenceMs?: number } = {}) {
  const wall = new ManualClock(T0);
  const sourceClock = new SourceClock(wall, { start: T0 });
  const registry = new Registry();
  const metrics = createMetrics({ registry });
  const topology = createTopology({ sourceClock, metrics, registry, ...(opts.silenceMs ? { silenceMs: opts.silenceMs } : {}) });
  const ingest = createIngest({ sourceClock, topology, metrics, registry });
  return { wall, sourceClock, registry, metrics, topology, ingest };
}
export type Stack = ReturnType<typeof buildStack>;

export function node(id: string, layer: NodeDeclaration['layer'], tenant: string | null, extra: Partial<NodeDeclaration> = {}): NodeDeclaration {
  return { id, name: id, kind: layer === 'business' ? 'business-system' : 'AC', layer, domain: null, dc: 'DC-A', tenant, maintenance: false, labels: {}, ...extra };
}

export function edge(source: string, target: string, kind: Edge['kind'] = 'uses'): Edge {
  return { source, target, kind };
}

/**
 *   billing:  b-sys ─▶ b-app ─▶ shared-db ─▶ vm-shared ─▶ srv
 *                         └───▶ b-vm ─────────────────────▶ srv
 *   channel:  c-sys ─▶ c-app ─▶ shared-db
 *                         └───▶ c-vm ─▶ srv
 *   orphan (shared, nobody depends on it): lonely
 */
export function smallGraph(stack: Stack): void {
  stack.ingest.port.declare({
    nodes: [
      node('b-sys', 'business', 'billing', { domain: 'B' }),
      node('b-app', 'paas', 'billing'),
      node('b-vm', 'iaas', 'billing'),
      node('c-sys', 'business', 'channel', { domain: 'B' }),
      node('c-app', 'paas', 'channel'),
      node('c-vm', 'iaas', 'channel'),
      node('shared-db', 'paas', null, { kind: 'RD' }),
      node('vm-shared', 'iaas', null),
      node('srv', 'physical', null, { dc: 'DC-B' }),
      node('lonely', 'physical', null),
    ],
    edges: [
      edge('b-sys', 'b-app'),
      edge('b-app', 'shared-db'),
      edge('b-app', 'b-vm', 'runs-on'),
      edge('b-vm', 'srv', 'runs-on'),
      edge('shared-db', 'vm-shared', 'runs-on'),
      edge('vm-shared', 'srv', 'runs-on'),
      edge('c-sys', 'c-app'),
      edge('c-app', 'shared-db'),
      edge('c-app', 'c-vm', 'runs-on'),
      edge('c-vm', 'srv', 'runs-on'),
    ],
  });
}

function user(role: Role, tenantId: string | null = null): Principal {
  return { kind: 'user', userId: `u-${role}-${tenantId}`, username: `${role}-${tenantId ?? 'x'}`, role, tier: role === 'operator' ? 1 : null, tenantId, sessionId: 's', expiresAt: T0 + 3_600_000 };
}

/** Bearer token → principal, for a fake `authenticate`. */
export const PRINCIPALS: Record<string, Principal> = {
  admin: user('admin'),
  operator: user('operator'),
  approver: user('approver'),
  billing: user('tenant-admin', 'billing'),
  'billing-viewer': user('tenant-viewer', 'billing'),
  channel: user('tenant-viewer', 'channel'),
  apikey: { kind: 'apikey', keyId: 'k1', name: 'pusher', scopes: ['ingest:write'], tenantId: null },
  'apikey-billing': { kind: 'apikey', keyId: 'k2', name: 'billing-pusher', scopes: ['ingest:write'], tenantId: 'billing' },
  wall: { kind: 'display', credentialId: 'd1', name: 'wall', scope: { tenants: null, topics: ['*'], views: [] }, expiresAt: null },
};

export interface TestApp {
  app: FastifyInstance;
  audits: { action: string }[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies freely
  request(method: 'GET' | 'POST', url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function buildApp(routes: readonly AnyRoute[]): Promise<TestApp> {
  const app = Fastify();
  installErrorHandling(app);
  const audits: { action: string }[] = [];
  registerRoutes(app, routes, {
    authenticate: async (token) => PRINCIPALS[token] ?? null,
    recordAudit: async (_p, entry) => {
      audits.push(entry);
    },
  });
  await app.ready();
  return {
    app,
    audits,
    async request(method, url, token, body) {
      const r = await app.inject({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
    },
  };
}
