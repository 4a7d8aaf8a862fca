import type { Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Metrics } from '../metrics/index.js';
import type { Topology } from '../topology/index.js';
import { IngestPort } from './ingest-port.js';
import { ingestRoutes } from './ingest-routes.js';

export { IngestPort, MAX_FUTURE_MS } from './ingest-port.js';
export type { SampleInput, SamplesResult, RejectReason, IngestScope } from './ingest-port.js';

export interface IngestOptions {
  sourceClock: Clock;
  topology: Pick<Topology, 'graph'>;
  metrics: Pick<Metrics, 'store'>;
  registry?: Registry;
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
  });
  return { port, routes: ingestRoutes(port) };
}
