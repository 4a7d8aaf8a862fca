import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { Server as SocketServer } from 'socket.io';
import { mkdirSync } from 'node:fs';
import type { Logger } from './core/logger.js';
import { createLogger } from './core/logger.js';
import { ConfigSchema, storeUrlOf, type Config, type ConfigInput } from './core/config.js';
import { SourceClock, systemClock, type Clock } from './core/clock.js';
import { actorOf, type Principal } from './core/auth/principal.js';
import { installErrorHandling, registerRoutes } from './core/http/register-routes.js';
import { buildOpenApi } from './core/http/openapi.js';
import type { AnyRoute } from './core/http/route.js';
import { createMetricsRegistry } from './core/process-metrics.js';
import { openStore, type Store } from './store/open-store.js';
import { createAuditLog } from './domains/audit/audit-log.js';
import { auditRoutes } from './domains/audit/audit-routes.js';
import { createIdentity } from './domains/identity/index.js';
import { overviewTopicKind } from './domains/overview/overview-feed.js';
import { createMetrics } from './domains/metrics/index.js';
import { createTopology } from './domains/topology/index.js';
import { createIngest } from './domains/ingest/index.js';
import { createAlarms } from './domains/alarms/index.js';
import { createIncidents } from './domains/incidents/index.js';
import { createHealth } from './domains/health/index.js';
import { createDashboards } from './domains/dashboards/index.js';
import { createWriteBehind } from './store/write-behind.js';
import { systemRoutes } from './domains/system/system-routes.js';
import { demoRoutes } from './domains/demo/demo-routes.js';
import { createSimulatedCloud } from './simulator/index.js';
import { createStreamHub } from './stream/stream-hub.js';
import { streamIoOptions } from './stream/stream-io-options.js';
import { createEngine } from './engine.js';

export interface ServerDeps {
  config: ConfigInput;
  /** Wall time: credentials, heartbeats, rate limits. */
  wallClock?: Clock;
  /** Source time: samples, silence, alarms. Defaults to one following the wall clock. */
  sourceClock?: SourceClock;
  logger?: Logger;
}

export interface SkyfortServer {
  config: Config;
  app: FastifyInstance;
  io: SocketServer;
  logger: Logger;
  store: Store;
  sourceClock: SourceClock;
  routes: readonly AnyRoute[];
  /** `METHOD url` of every route Fastify holds, whoever added it. */
  registeredRoutes(): readonly string[];
  /** One engine step: sources pump, statuses derive, the stream flushes (tests call it directly). */
  tick(): void;
  listen(): Promise<{ url: string; port: number }>;
  /** Stop accepting, end sockets, flush and close the store. */
  close(): Promise<void>;
}

export const VERSION = '0.1.0';

/** Builds the whole aggregator without listening (architecture.md, convention 3). */
export async function createServer(deps: ServerDeps): Promise<SkyfortServer> {
  const config = ConfigSchema.parse(deps.config);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const wallClock = deps.wallClock ?? systemClock;
  const sourceClock = deps.sourceClock ?? new SourceClock(wallClock, { speed: config.speed });
  const { registry, stop: stopProcessMetrics } = createMetricsRegistry();

  const storeUrl = storeUrlOf(config);
  if (!storeUrl.startsWith('postgres') && storeUrl !== ':memory:') mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore({ url: storeUrl });
  const audit = createAuditLog(store.db, wallClock);
  const identity = createIdentity({ db: store.db, wallClock, audit, sessionTtlMs: config.sessionTtlMs, launchToken: config.launchToken });
  await identity.bootstrap({ adminPassword: config.adminPassword, demo: config.simulate });

  const metrics = createMetrics({ registry });
  const topology = createTopology({ sourceClock, metrics, registry });
  const alarms = createAlarms({ db: store.db, graph: topology.graph, visibility: topology.visibility, metrics, sourceClock, wallClock, registry, logger, maintenance: topology.statusDeriver });
  const incidents = createIncidents({ db: store.db, graph: topology.graph, visibility: topology.visibility, ledger: alarms.ledger, sourceClock, wallClock, registry, logger });
  await alarms.load();
  await incidents.load();
  const health = createHealth({ graph: topology.graph, visibility: topology.visibility, store: metrics.store, changes: metrics.changes, ledger: alarms.ledger, sourceClock, registry, rules: () => alarms.rules(), db: store.db, logger });
  await health.load();
  const dashboards = createDashboards({ db: store.db, visibility: topology.visibility, store: metrics.store, wallClock });
  const writeBehind = createWriteBehind([alarms.flush, incidents.flush, health.flush], logger);
  const ingest = createIngest({ sourceClock, topology, metrics, registry, events: alarms.events });
  const source = config.simulate
    ? createSimulatedCloud({ ingest: ingest.port, seed: config.seed, scale: config.scale, scenario: config.scenario, spreadSlots: true })
    : null;

  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: config.bodyLimit });
  installErrorHandling(app);
  // Everything Fastify registers, so a test can prove no route escaped the documented registry.
  const registered: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) registered.push(`${m} ${r.url}`);
  });
  const io = new SocketServer(app.server, { ...streamIoOptions, serveClient: false });
  const hub = createStreamHub({
    io,
    kinds: [
      topology.wallTopicKind,
      topology.topicKind,
      metrics.topicKind,
      overviewTopicKind({ graph: topology.graph, visibility: topology.visibility, store: metrics.store, changes: metrics.changes, sourceClock }),
      ...alarms.topicKinds,
      ...incidents.topicKinds,
      health.topicKind,
    ],
    authenticate: identity.authenticate,
    wallClock,
    sourceClock,
    registry,
    logger,
  });
  identity.onSessionEnded((e) => {
    if (e.kind === 'sessions') {
      const ids = new Set(e.sessionIds);
      hub.endSessions((p: Principal) => p.kind === 'user' && ids.has(p.sessionId), e.reason);
    } else {
      hub.endSessions((p: Principal) => p.kind === 'display' && p.credentialId === e.credentialId, e.reason);
    }
  });
  identity.onSessionRefreshed((e) => hub.refreshSession(e.sessionId, e.expiresAt));

  let ready = false;
  let document: unknown = null;
  const routes: AnyRoute[] = [
    ...systemRoutes({ registry, isReady: () => ready, metricsToken: config.metricsToken, openApi: () => document }),
    ...identity.routes,
    ...auditRoutes(audit),
    ...topology.routes,
    ...metrics.routes,
    ...ingest.routes,
    ...alarms.routes,
    ...incidents.routes,
    ...health.routes,
    ...dashboards.routes,
    ...(source ? demoRoutes(sourceClock, source) : []),
  ];
  document = buildOpenApi(routes, { version: VERSION });
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  registerRoutes(app, routes, {
    authenticate: identity.authenticate,
    recordAudit: (principal, entry, req) =>
      audit.record({ ...actorOf(principal), ...entry, ip: req.ip }),
  });
  if (config.consoleDir) await app.register(fastifyStatic, { root: path.resolve(config.consoleDir), wildcard: false });

  const engine = createEngine({
    tickMs: config.tickMs,
    wallClock,
    sourceClock,
    steps: [
      ...(source ? [(now: number) => source.pump(now)] : []),
      (now: number) => topology.statusDeriver.run(now),
      (now: number) => alarms.tick(now),
      (now: number) => incidents.tick(now),
      (now: number) => health.tick(now),
      () => hub.tick(),
      () => writeBehind.kick(),
    ],
    logger,
  });

  let closed = false;
  return {
    config,
    app,
    io,
    logger,
    store,
    sourceClock,
    routes,
    registeredRoutes: () => registered,
    tick: () => engine.step(),
    async listen() {
      await app.listen({ host: config.host, port: config.port });
      engine.start();
      ready = true;
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return { url: `http://${host}:${port}`, port };
    },
    async close() {
      if (closed) return;
      closed = true;
      ready = false;
      engine.stop();
      await hub.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
      await writeBehind.drain();
      await store.close();
      stopProcessMetrics();
    },
  };
}
