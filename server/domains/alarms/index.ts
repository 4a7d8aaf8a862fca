import { readGauge } from '../../core/process-metrics.js';
import type { Kysely } from 'kysely';
import { Counter, type Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Database } from '../../store/database.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { Metrics } from '../metrics/index.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import type { AlarmEvent } from '../../../shared/domain/alarms.js';
import { DEFAULT_ALARM_RULES, type RuleSpec } from '../../../shared/domain/alarm-rules.js';
import type { AlarmLedger } from './alarm-ledger.js';
import { AlarmBook } from './alarm-book.js';
import { createAlarmRepository } from './alarm-repository.js';
import { alarmRoutes } from './alarm-routes.js';
import { alarmsTopicKind } from './alarms-feed.js';
import { EventIntake } from './event-intake.js';
import { RuleEngine } from './rule-engine.js';
import { createRuleRepository } from './rule-repository.js';
import { ruleRoutes } from './rule-routes.js';
import { RuleService } from './rule-service.js';
import { SilenceRegistry, MAX_LIVE_SILENCES, type MaintenanceSink } from './silence-registry.js';
import { createSilenceRepository } from './silence-repository.js';
import { silenceRoutes } from './silence-routes.js';

export type { AlarmLedger, AlarmChange } from './alarm-ledger.js';
export { AlarmBook } from './alarm-book.js';
export { AlarmSchema, AlarmStepSchema } from './alarm-schemas.js';
export { compareAlarms } from './alarm-query.js';
export { ruleFingerprint } from './rule-engine.js';
export type { MaintenanceSink } from './silence-registry.js';

export interface AlarmsOptions {
  db: Kysely<Database>;
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  metrics: Metrics;
  sourceClock: Clock;
  wallClock: Clock;
  registry?: Registry;
  logger: Logger;
  /** Where active maintenance windows put their nodes (the status deriver); optional in tests. */
  maintenance?: MaintenanceSink;
  /** Bounds, for tests and benches. */
  limits?: { eventQueue?: number; maxOpen?: number; recentCleared?: number };
}

export interface Alarms {
  ledger: AlarmLedger;
  routes: AnyRoute[];
  /** `alarms`. */
  topicKinds: TopicKind[];
  /** Where sources hand events (the ingest port forwards the simulator's here). */
  events: { offer(events: readonly AlarmEvent[]): { accepted: number } };
  /** Loads open alarms, rules and silences from the store; call once before the engine starts. */
  load(): Promise<void>;
  /** The engine's alarms step (source time): drain the event queue, evaluate rules, expire silences. */
  tick(now: number): void;
  /**
   * Writes what changed since the last flush (write-behind). Plain repeats (count, lastSeen)
   * are written at most every REPEAT_FLUSH_MS of wall time, or when `final` (shutdown, reads).
   */
  flush(opts?: { final?: boolean }): Promise<void>;
  /**
   * The rules in force (health scores read the same thresholds): a new array whenever a rule
   * changes, so a reader compares by identity; the defaults until the store has been loaded.
   */
  rules(): readonly RuleSpec[];
}

/** How stale a repeat's count and lastSeen may be in the store (memory is authoritative). */
export const REPEAT_FLUSH_MS = 5_000;

/** Raise times are pruned about once a source minute. */
const PRUNE_EVERY_MS = 60_000;

/**
 * The alarms domain (issue #6): events and rules raise alarms into one in-memory book (the
 * authoritative open set, bounded), silences suppress them, the store keeps everything behind
 * it. Per engine tick, in order: queued events, rule evaluation, silence starts and ends; every
 * alarm change reaches the ledger's listeners (incidents) synchronously as it happens.
 */
export function createAlarms(opts: AlarmsOptions): Alarms {
  const { db, graph, visibility, sourceClock, wallClock } = opts;
  const silences = new SilenceRegistry({ graph, visibility, maintenance: opts.maintenance });
  const book = new AlarmBook({
    clock: sourceClock,
    suppressor: (resource, labels) => silences.suppressor(resource, labels),
    ...(opts.limits?.maxOpen !== undefined ? { maxOpen: opts.limits.maxOpen } : {}),
    ...(opts.limits?.recentCleared !== undefined ? { recentCleared: opts.limits.recentCleared } : {}),
  });
  const intake = new EventIntake({
    graph,
    book,
    sourceClock,
    ...(opts.limits?.eventQueue !== undefined ? { capacity: opts.limits.eventQueue } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
  const engine = new RuleEngine({ graph, store: opts.metrics.store, changes: opts.metrics.changes, book });
  const repo = createAlarmRepository(db);
  const rules = new RuleService({ repo: createRuleRepository(db), engine, wallClock });
  const silenceRepo = createSilenceRepository(db);

  // Flushes run one after another, so an older snapshot never lands after a newer one.
  let chain: Promise<void> = Promise.resolve();
  let repeatsWrittenAt = wallClock.now();
  const flush = (flushOpts?: { final?: boolean }): Promise<void> => {
    const run = chain.then(async () => {
      const withRepeats = flushOpts?.final === true || wallClock.now() - repeatsWrittenAt >= REPEAT_FLUSH_MS;
      if (withRepeats) repeatsWrittenAt = wallClock.now();
      const taken = book.takeDirty(withRepeats);
      if (taken.alarms.length === 0 && taken.repeats.length === 0 && taken.steps.length === 0) return;
      try {
        await repo.save(taken.alarms, taken.steps, taken.repeats);
      } catch (err) {
        book.putBack(taken);
        throw err;
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };

  if (opts.registry) registerMetrics(opts.registry, book, silences, engine);

  let lastPrune = -Infinity;
  return {
    ledger: book,
    routes: [
      ...alarmRoutes({ book, repo, visibility, intake, sourceClock, flushNow: () => flush({ final: true }), settled: () => chain }),
      ...ruleRoutes(rules),
      ...silenceRoutes({ repo: silenceRepo, registry: silences, sourceClock }),
    ],
    topicKinds: [alarmsTopicKind({ book, visibility, sourceClock, graph })],
    events: {
      offer(events) {
        const r = intake.submit(events, { by: 'system' });
        return { accepted: r === 'full' ? 0 : r.accepted };
      },
    },
    async load() {
      await rules.load();
      for (const s of await silenceRepo.live(new Date(sourceClock.now()).toISOString(), MAX_LIVE_SILENCES)) silences.add(s);
      book.restore(await repo.loadOpen(book.maxOpen));
      opts.logger.info({ open: book.openCount, silences: silences.liveCount }, 'alarms loaded');
    },
    tick(now) {
      intake.drain();
      engine.tick(now);
      if (silences.tick(now)) book.resuppress();
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        book.pruneRaises(now);
      }
    },
    flush,
    rules() {
      const all = rules.all();
      return all.length > 0 ? all : DEFAULT_ALARM_RULES;
    },
  };
}

function registerMetrics(registry: Registry, book: AlarmBook, silences: SilenceRegistry, engine: RuleEngine): void {
  const gauge = (name: string, help: string, read: () => number) => readGauge(registry, name, help, read);
  gauge('skyfort_alarms_open', 'Open (not cleared) alarms in memory', () => book.openCount);
  gauge('skyfort_alarms_in_memory', 'Alarms in memory: open plus the recent cleared window', () => book.memoryCount);
  gauge('skyfort_alarm_writes_pending', 'Alarm changes and history steps waiting for the write-behind flush', () => book.pendingCount);
  gauge('skyfort_alarm_flapping_fingerprints', 'Fingerprints with raises inside the flapping window', () => book.raiseHistorySize);
  gauge('skyfort_silences_live', 'Silences and maintenance windows pending or active', () => silences.liveCount);
  const reported = { raised: 0, deduplicated: 0, cleared: 0, dropped: 0, stepsDropped: 0, evaluations: 0 };
  const counter = (name: string, help: string, key: keyof typeof reported, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const v = read();
        if (v > reported[key]) this.inc(v - reported[key]);
        reported[key] = v;
      },
    });
  counter('skyfort_alarms_raised_total', 'Alarms raised', 'raised', () => book.stats.raised);
  counter('skyfort_alarms_deduplicated_total', 'Events and rule steps folded into an open alarm', 'deduplicated', () => book.stats.deduplicated);
  counter('skyfort_alarms_cleared_total', 'Alarms cleared', 'cleared', () => book.stats.cleared);
  counter('skyfort_alarms_dropped_total', 'Alarms not raised because the open-alarm cap was reached', 'dropped', () => book.stats.dropped);
  counter('skyfort_alarm_steps_dropped_total', 'History steps dropped while the store was unreachable', 'stepsDropped', () => book.stepsDropped);
  counter('skyfort_rule_evaluations_total', 'Rule evaluations of one node', 'evaluations', () => engine.stats.evaluations);
}
