import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Database } from '../../store/database.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import { Correlator } from './correlator.js';
import { DependencyIndex } from './dependency-index.js';
import { EscalationConfig } from './escalation-config.js';
import { escalationRoutes } from './escalation-routes.js';
import { Escalator } from './escalator.js';
import { IncidentBook } from './incident-book.js';
import { incidentsTopicKind } from './incident-feed.js';
import { createIncidentStore } from './incident-store.js';
import { registerIncidentMetrics } from './incident-metrics.js';
import { incidentRoutes } from './incident-routes.js';
import { IncidentService } from './incident-service.js';
import { IncidentViews } from './incident-views.js';
import { createKyselyIncidentRepository } from './kysely-incident-repository.js';

export { IncidentService } from './incident-service.js';
export type { EscalationConfig } from './escalation-config.js';

export interface IncidentsOptions {
  db: Kysely<Database>;
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  ledger: AlarmLedger;
  sourceClock: Clock;
  wallClock: Clock;
  registry?: Registry;
  logger: Logger;
  /** For the webhook channel; tests inject one. */
  fetch?: typeof fetch;
  /** Correlation window (default CORRELATION_WINDOW_MS). */
  windowMs?: number;
}

export interface Incidents {
  routes: AnyRoute[];
  /** `incidents`. */
  topicKinds: TopicKind[];
  service: IncidentService;
  /** Escalation policies, on-call schedule and notification channels. */
  escalation: EscalationConfig;
  /** Loads open incidents and escalation state from the store; call once after alarms.load(). */
  load(): Promise<void>;
  /** The engine's incidents step (source time): escalation timers, resolution. */
  tick(now: number): void;
  flush(): Promise<void>;
  /** Resolves once every notification started so far has been delivered or has failed. */
  settled(): Promise<void>;
}

/**
 * The incidents domain (issue #6): alarms folded into incidents along the topology's dependency
 * edges (correlator.ts), the people's actions on them with a timeline (incident-service.ts),
 * escalation over the four tiers on source time with policies, an on-call schedule and
 * notification channels (escalator.ts), the `incidents` topic, and write-behind to the store.
 *
 *   ledger change ──▶ Correlator ──▶ IncidentBook ──▶ IncidentsFeed (stream)
 *                                        │  ▲
 *              tick(now) ──▶ Escalator ──┘  └── IncidentService (REST)
 *                                        ▼
 *                              flush() ──▶ store
 */
export function createIncidents(opts: IncidentsOptions): Incidents {
  const repo = createKyselyIncidentRepository(opts.db);
  const book = new IncidentBook();
  const deps = new DependencyIndex(opts.graph);
  const config = new EscalationConfig(repo, opts.wallClock);
  const correlator = new Correlator(book, deps, opts.ledger, opts.sourceClock, opts.windowMs);
  const escalator = new Escalator(book, config, deps, opts.graph, opts.visibility, { fetch: opts.fetch ?? globalThis.fetch });
  const views = new IncidentViews(book, opts.visibility);
  const service = new IncidentService({ book, views, escalator, config, repo, ledger: opts.ledger, visibility: opts.visibility, sourceClock: opts.sourceClock });
  const store = createIncidentStore({ book, repo, ledger: opts.ledger, correlator, config, sourceClock: opts.sourceClock, logger: opts.logger });
  if (opts.registry) registerIncidentMetrics(opts.registry, { book, deps, correlator, escalator, views });

  return {
    routes: [...incidentRoutes(service), ...escalationRoutes(config)],
    topicKinds: [incidentsTopicKind({ book, views, visibility: opts.visibility, sourceClock: opts.sourceClock })],
    service,
    escalation: config,
    load: store.load,
    tick: (now) => escalator.tick(now),
    flush: store.flush,
    settled: () => escalator.settled(),
  };
}
