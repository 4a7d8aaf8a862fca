import { readGauge } from '../../core/process-metrics.js';
import type { Registry } from 'prom-client';
import type { RuleSpec } from '../../../shared/domain/alarm-rules.js';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../store/database.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { MetricChanges, MetricStore } from '../metrics/index.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import { HealthEngine } from './health-engine.js';
import { healthTopicKind } from './health-feed.js';
import { healthRoutes } from './health-routes.js';
import { BusinessIndex, HealthViews } from './health-views.js';
import { OutageHistory } from './outage-history.js';
import { processRehearsal, type Rehearsal, type RehearsalResult } from './rehearsal.js';
import { minuteStateOf } from './sla.js';
import { createKyselySlaRepository } from './sla-repository.js';
import { createSlaStore } from './sla-store.js';

export { HealthEngine, type HealthRecord } from './health-engine.js';
export { HealthViews } from './health-views.js';
export { OutageHistory } from './outage-history.js';

export interface HealthOptions {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  store: MetricStore;
  changes: MetricChanges;
  ledger: AlarmLedger;
  sourceClock: Clock;
  registry?: Registry;
  /** The alarm rules in force (the health score reads the same thresholds); defaults apply. */
  rules?: () => readonly RuleSpec[];
  maxPerTick?: number;
  /** Where the SLA outage history is kept across restarts; in memory only without it. */
  db?: Kysely<Database>;
  /** Rehearse the engine's failure path first and keep it warm (rehearsal.ts; one per process). Default true. */
  rehearse?: boolean;
  logger?: Logger;
}

export interface Health {
  engine: HealthEngine;
  /** The start-up rehearsal of the failure path (null when turned off); its keep-warm rounds run from `tick`. */
  rehearsal: RehearsalResult | null;
  views: HealthViews;
  outages: OutageHistory;
  routes: AnyRoute[];
  /** `health`. */
  topicKind: TopicKind;
  /**
   * The engine's health step (source time), after status derivation, alarms and incidents:
   * recompute what moved, then record each business system's minute for its SLA.
   */
  tick(now: number): void;
  /** Restores the SLA outage history from the store (once, before the first tick). */
  load(): Promise<void>;
  /** Write-behind of the SLA outage history (no-op without a store). */
  flush(): Promise<void>;
  dispose(): void;
}

/** Builds the health domain (issue #7): engine, views, SLA history, routes and the `health` topic. */
export function createHealth(opts: HealthOptions): Health {
  const rehearsed = opts.rehearse === false ? null : startRehearsal(opts.logger);
  // Logged once: a rehearsal that failed at start was logged there.
  let failureLogged = rehearsed !== null && !rehearsed.first.ok;
  const engine = new HealthEngine({
    graph: opts.graph,
    store: opts.store,
    changes: opts.changes,
    ledger: opts.ledger,
    ...(opts.rules ? { rules: opts.rules } : {}),
    ...(opts.maxPerTick !== undefined ? { maxPerTick: opts.maxPerTick } : {}),
  });
  const business = new BusinessIndex(opts.graph);
  const views = new HealthViews(opts.graph, opts.visibility, engine, business);
  const outages = new OutageHistory();
  const slaStore = opts.db ? createSlaStore({ history: outages, repo: createKyselySlaRepository(opts.db), sourceClock: opts.sourceClock }) : null;
  let businessSeen: readonly string[] = [];
  if (opts.registry) registerGauges(opts.registry, engine, outages);

  return {
    engine,
    rehearsal: rehearsed?.first ?? null,
    views,
    outages,
    routes: healthRoutes({ graph: opts.graph, visibility: opts.visibility, views, outages, sourceClock: opts.sourceClock }),
    topicKind: healthTopicKind({ graph: opts.graph, visibility: opts.visibility, engine, views, sourceClock: opts.sourceClock }),
    tick(now) {
      engine.tick();
      const systems = business.list();
      if (systems !== businessSeen) {
        // Forget the history of systems that are gone, so it stays bounded by the graph. Only
        // systems seen here before: one restored from the store may not be declared yet.
        const keep = new Set(systems);
        for (const id of businessSeen) if (!keep.has(id)) outages.remove(id);
        businessSeen = systems;
      }
      for (const id of systems) outages.record(id, now, minuteStateOf(engine.get(id)?.score.status));
      if (rehearsed) {
        const r = rehearsed.rehearsal;
        r.tick();
        if (!r.ok && !failureLogged) {
          failureLogged = true;
          opts.logger?.error({ keptWarm: r.keptWarm, err: r.error }, REHEARSAL_FAILED);
        }
      }
    },
    load: async () => slaStore?.load(),
    flush: async () => slaStore?.flush(),
    dispose() {
      engine.dispose();
      business.dispose();
    },
  };
}

function registerGauges(registry: Registry, engine: HealthEngine, outages: OutageHistory): void {
  const gauge = (name: string, help: string, read: () => number) => readGauge(registry, name, help, read);
  gauge('skyfort_health_scored_nodes', 'Nodes holding a health score', () => engine.size);
  gauge('skyfort_health_pending_nodes', 'Nodes waiting for a health recompute (carried over the per-tick budget)', () => engine.pending);
  gauge('skyfort_health_last_tick_ms', 'Time the last health recompute pass took', () => engine.stats.lastTickMs);
  gauge('skyfort_health_last_recomputed', 'Nodes recomputed by the last health pass', () => engine.stats.lastRecomputed);
  gauge('skyfort_health_recomputed', 'Node recomputations since start (a counter read as a gauge)', () => engine.stats.recomputedTotal);
  gauge('skyfort_health_open_alarms_indexed', 'Open alarms indexed by node for the health score', () => engine.openAlarmsIndexed());
  gauge('skyfort_health_sla_systems', 'Business systems with an SLA outage history', () => outages.size);
  gauge('skyfort_health_sla_bytes', 'Bytes held by SLA outage bitmaps', () => outages.bytes);
}

const REHEARSAL_FAILED = 'health engine rehearsal failed its own checks: scores may be wrong';

/** The process's rehearsal, run on first use; if it throws, the domain starts without one. */
function startRehearsal(logger: Logger | undefined): { rehearsal: Rehearsal; first: RehearsalResult } | null {
  try {
    const r = processRehearsal();
    if (r.first.ok) logger?.info({ rehearsal: r.first }, 'health engine rehearsed its failure path');
    else logger?.error({ rehearsal: r.first }, REHEARSAL_FAILED);
    return r;
  } catch (err) {
    logger?.error({ err }, 'health engine rehearsal threw; starting without it');
    return null;
  }
}
