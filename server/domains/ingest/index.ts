import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Metrics } from '../metrics/index.js';
import type { Topology } from '../topology/index.js';
import { IngestPort, type EventSink } from './ingest-port.js';
import { ingestRoutes } from './ingest-routes.js';

export { IngestPort, MAX_FUTURE_MS } from './ingest-port.js';
export type { SampleInput, SamplesResult, RejectReason, IngestScope, EventSink } from './ingest-port.js';

export interface IngestOptions {
  sourceClock: Clock;
  topology: Pick<Topology, 'graph'>;
  metrics: Pick<Metrics, 'store'>;
  registry?: Registry;
  /** Where the port hands events (the alarms domain's queue); without it events are refused. */
  events?: EventSink;
}

export interface Ingest {
  /** The one port every source (simulator, REST, future adapters) writes through. */
  port: IngestPort;
  routes: AnyRoute[];
}

export function createIngest(opts: IngestOptions): Ingest {
  const port = new IngestPort({
    graph: opts.topology.graph,
    store: opts.metrics.store,
    sourceClock: opts.sourceClock,
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.events ? { events: opts.events } : {}),
  });
  return { port, routes: ingestRoutes(port) };
}
