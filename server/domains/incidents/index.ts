import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Database } from '../../store/database.js';
import type { TopicKind } from '../../stream/topic-feed.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';

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
}

export interface Incidents {
  routes: AnyRoute[];
  /** `incidents`. */
  topicKinds: TopicKind[];
  /** Loads open incidents and escalation state from the store; call once after alarms.load(). */
  load(): Promise<void>;
  /** The engine's incidents step (source time): escalation timers, resolution. */
  tick(now: number): void;
  flush(): Promise<void>;
}

/** Placeholder until the incidents domain lands (issue #6). */
export function createIncidents(_opts: IncidentsOptions): Incidents {
  return { routes: [], topicKinds: [], load: async () => {}, tick: () => {}, flush: async () => {} };
}
