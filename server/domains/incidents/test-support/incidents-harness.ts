import { ManualClock } from '../../../core/clock.js';
import { createLogger } from '../../../core/logger.js';
import { openStore, type Store } from '../../../store/open-store.js';
import { VisibilityIndex } from '../../topology/index.js';
import { createIncidents, type Incidents } from '../index.js';
import { FakeAlarmLedger } from './fake-alarm-ledger.js';
import { smallGraph } from './small-graph.js';

export const T0 = Date.UTC(2026, 0, 1, 8, 0);

export interface IncidentsHarness {
  clock: ManualClock;
  ledger: FakeAlarmLedger;
  incidents: Incidents;
  store: Store;
  graph: ReturnType<typeof smallGraph>;
  visibility: VisibilityIndex;
  close(): Promise<void>;
}

/** The incidents domain on the small hand-drawn graph, a fake ledger and an in-memory store. */
export async function buildIncidentsHarness(opts: { fetch?: typeof fetch; store?: Store } = {}): Promise<IncidentsHarness> {
  const clock = new ManualClock(T0);
  const graph = smallGraph();
  const visibility = new VisibilityIndex(graph);
  const ledger = new FakeAlarmLedger(clock);
  const store = opts.store ?? (await openStore({ url: ':memory:' }));
  const incidents = createIncidents({
    db: store.db,
    graph,
    visibility,
    ledger,
    sourceClock: clock,
    wallClock: clock,
    logger: createLogger('silent'),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  await incidents.load();
  return { clock, ledger, incidents, store, graph, visibility, close: () => store.close() };
}
