import Fastify from 'fastify';
import type { Role, Tier } from '../../../../shared/domain/roles.js';
import type { AlarmEventInput } from '../../../../shared/domain/alarms.js';
import { EventSchema } from '../../../../shared/domain/alarms.js';
import type { Principal } from '../../../core/auth/principal.js';
import { createLogger } from '../../../core/logger.js';
import { installErrorHandling, registerRoutes } from '../../../core/http/register-routes.js';
import { openStore, type Store } from '../../../store/open-store.js';
import { buildStack, smallGraph, T0 } from '../../topology/test-support/domain-stack.js';
import { createAlarms, type Alarms, type AlarmsOptions } from '../index.js';

export { T0 };

function user(name: string, role: Role, tier: Tier | null = null, tenantId: string | null = null): Principal {
  return { kind: 'user', userId: `u-${name}`, username: name, role, tier, tenantId, sessionId: `s-${name}`, expiresAt: T0 + 365 * 86_400_000 };
}

/** Bearer token → principal for the alarms routes. */
export const CALLERS: Record<string, Principal> = {
  admin: user('admin', 'admin'),
  op1: user('op1', 'operator', 1),
  op3: user('op3', 'operator', 3),
  duty: user('duty', 'duty-manager'),
  billing: user('billing-admin', 'tenant-admin', null, 'billing'),
  'billing-viewer': user('billing-viewer', 'tenant-viewer', null, 'billing'),
  channel: user('channel-admin', 'tenant-admin', null, 'channel'),
  wall: { kind: 'display', credentialId: 'd1', name: 'wall', scope: { tenants: null, topics: ['alarms'], views: [] }, expiresAt: null },
  pusher: { kind: 'apikey', keyId: 'k1', name: 'pusher', scopes: ['events:write'], tenantId: null },
  'billing-pusher': { kind: 'apikey', keyId: 'k2', name: 'billing-pusher', scopes: ['events:write'], tenantId: 'billing' },
};

/** The real metrics + topology stack (smallGraph) with the alarms domain on a fresh store. */
export async function buildAlarmsStack(opts: { limits?: AlarmsOptions['limits']; storeUrl?: string; graph?: boolean } = {}) {
  const s = buildStack();
  if (opts.graph !== false) smallGraph(s);
  const store: Store = await openStore({ url: opts.storeUrl ?? ':memory:' });
  const make = () =>
    createAlarms({
      db: store.db,
      graph: s.topology.graph,
      visibility: s.topology.visibility,
      metrics: s.metrics,
      sourceClock: s.sourceClock,
      wallClock: s.wall,
      registry: s.registry,
      logger: createLogger('silent'),
      maintenance: s.topology.statusDeriver,
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
  const alarms: Alarms = make();
  await alarms.load();
  const app = Fastify();
  installErrorHandling(app);
  const audits: { action: string; target?: string | null }[] = [];
  registerRoutes(app, alarms.routes, {
    authenticate: async (token) => CALLERS[token] ?? null,
    recordAudit: async (_p, entry) => {
      audits.push(entry);
    },
  });
  await app.ready();

  /** One engine step at the current source time: statuses, then alarms. */
  const tick = () => {
    const now = s.sourceClock.now();
    s.topology.statusDeriver.run(now);
    alarms.tick(now);
  };
  return {
    ...s,
    store,
    alarms,
    audits,
    tick,
    /** Advances source time and ticks. */
    advance(ms: number) {
      s.sourceClock.advance(ms);
      tick();
    },
    /** Events from an in-process source (already typed; defaults applied like the route's zod would). */
    offer(events: AlarmEventInput[]) {
      return alarms.events.offer(events.map((e) => EventSchema.parse(e)));
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies freely
    async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
      const r = await app.inject({
        method,
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
export type AlarmsStack = Awaited<ReturnType<typeof buildAlarmsStack>>;

export const event = (over: Partial<AlarmEventInput> = {}): AlarmEventInput => ({
  resource: 'shared-db',
  type: 'connection-timeout',
  severity: 'major',
  summary: 'connections time out',
  source: 'probe',
  ...over,
});
