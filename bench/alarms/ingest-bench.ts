import { EventsRequestSchema } from '../../shared/protocol/alarms.js';
import { parsePlainEvents } from '../../shared/protocol/plain-events.js';
import { ManualClock, SourceClock } from '../../server/core/clock.js';
import { createLogger } from '../../server/core/logger.js';
import { openStore } from '../../server/store/open-store.js';
import { createMetrics } from '../../server/domains/metrics/index.js';
import { VisibilityIndex } from '../../server/domains/topology/index.js';
import { createAlarms } from '../../server/domains/alarms/index.js';
import { createIncidents } from '../../server/domains/incidents/index.js';
import type { EventWorkload } from './event-workload.js';

/**
 * One pass of a storm through the aggregator's event path, in-process and timed by CPU:
 * every body is JSON-parsed and validated as the route does (plain-events.ts, else its zod schema), queued, processed on
 * engine ticks (every `tickEvery` bodies) and written behind to a fresh SQLite store.
 *
 *   correlation off: parse → validate → alarm book (dedup, lifecycle) → store
 *   correlation on:  the same, plus the incidents domain folding each new alarm into an incident
 */
export interface IngestRun {
  correlation: boolean;
  events: number;
  cpuSec: number;
  wallSec: number;
  perCpuSec: number;
  openAlarms: number;
  incidents: number | null;
}

export async function runIngest(w: EventWorkload, opts: { correlation: boolean; tickEvery: number; start: number; dataFile: string }): Promise<IngestRun> {
  const logger = createLogger('error');
  const wallClock = new ManualClock(opts.start);
  const sourceClock = new SourceClock(wallClock, { start: opts.start, paused: true });
  const store = await openStore({ url: opts.dataFile });
  const metrics = createMetrics({ sourceClock });
  const visibility = new VisibilityIndex(w.graph);
  const alarms = createAlarms({
    db: store.db,
    graph: w.graph,
    visibility,
    metrics,
    sourceClock,
    wallClock,
    logger,
    limits: { eventQueue: 1_000_000, maxOpen: 1_000_000 },
  });
  await alarms.load();
  const incidents = opts.correlation
    ? createIncidents({ db: store.db, graph: w.graph, visibility, ledger: alarms.ledger, sourceClock, wallClock, logger, fetch: (async () => new Response(null, { status: 204 })) as typeof fetch })
    : null;
  await incidents?.load();

  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let now = opts.start;
  for (let i = 0; i < w.bodies.length; i++) {
    // The route's validation: the plainly valid fast path, else the schema (register-routes.ts).
    const body: unknown = JSON.parse(w.bodies[i]!);
    const events = parsePlainEvents(body) ?? EventsRequestSchema.parse(body);
    alarms.events.offer(Array.isArray(events) ? events : [events]);
    if ((i + 1) % opts.tickEvery === 0 || i === w.bodies.length - 1) {
      // One engine tick per 250 ms of both clocks, then the write-behind flush as in the aggregator.
      now += 250;
      wallClock.advance(250);
      sourceClock.advance(250);
      alarms.tick(now);
      incidents?.tick(now);
      await alarms.flush();
      await incidents?.flush();
    }
  }
  // Shutdown: whatever was held back (plain repeats) is written too, inside the measured time.
  await alarms.flush({ final: true });
  await incidents?.flush();
  const cpu = process.cpuUsage(cpu0);
  const wallSec = (performance.now() - wall0) / 1000;
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  let open = 0;
  for (const _ of alarms.ledger.open()) open++;
  const incidentCount = incidents ? await countIncidents(store) : null;
  await store.close();
  return { correlation: opts.correlation, events: w.events, cpuSec, wallSec, perCpuSec: w.events / cpuSec, openAlarms: open, incidents: incidentCount };
}

async function countIncidents(store: Awaited<ReturnType<typeof openStore>>): Promise<number> {
  const row = await store.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
