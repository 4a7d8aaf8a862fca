import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Database } from '../../store/database.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { Metrics } from '../metrics/index.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import type { AlarmEvent } from '../../../shared/domain/alarms.js';
import type { AlarmLedger } from './alarm-ledger.js';

export type { AlarmLedger, AlarmChange } from './alarm-ledger.js';

export interface AlarmsOptions {
  db: Kysely<Database>;
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  metrics: Metrics;
  sourceClock: Clock;
  wallClock: Clock;
  registry?: Registry;
  logger: Logger;
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
  /** Writes what changed since the last flush (write-behind). */
  flush(): Promise<void>;
}

/** Placeholder until the alarms domain lands (issue #6). */
export function createAlarms(_opts: AlarmsOptions): Alarms {
  const ledger: AlarmLedger = {
    get: () => undefined,
    open: () => [],
    onChange: () => () => {},
    setIncident: () => {},
    acknowledge: () => 0,
    assign: () => 0,
  };
  return {
    ledger,
    routes: [],
    topicKinds: [],
    events: { offer: (events) => ({ accepted: events.length }) },
    load: async () => {},
    tick: () => {},
    flush: async () => {},
  };
}
