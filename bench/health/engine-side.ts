/**
 * bench:health, server side: the simulated platform at ~20,000 components on the real metrics +
 * topology + ingest stack, with the health domain built on it. Source time is pumped so that
 * every 250 ms engine tick carries about 50,000 samples (200,000 samples/s); each tick runs the
 * engine's own order (status deriver flushes the change feed, then health). A full recompute of
 * every node is timed in the same run, before and after the stream.
 */
import { createHealth } from '../../server/domains/health/index.js';
import type { RehearsalResult } from '../../server/domains/health/rehearsal.js';
import { FakeLedger } from '../../server/domains/health/test-support/fake-ledger.js';
import { buildStack } from '../../server/domains/topology/test-support/domain-stack.js';
import { createSimulatedCloud } from '../../server/simulator/index.js';

export interface EngineRunOptions {
  scale: number;
  seed: number;
  ticks: number;
  warmupTicks: number;
  tickMs: number;
  samplesPerTick: number;
  fullRepeats: number;
  /** Run back to back instead of pacing ticks at tickMs of wall time. */
  unpaced: boolean;
  /** The health domain's start-up rehearsal of its failure path (the product's default: on). */
  rehearse: boolean;
  /** A demo story started at the first pump, so scores actually move (dc-failure: an array fails at minute 3). */
  scenario?: string;
  log: (s: string) => void;
}

export interface TickRow {
  samples: number;
  /** Health's crossing-feed listener (marks dirty nodes), ms. */
  listenMs: number;
  /** health.tick(now): the recompute pass and the SLA minute, ms. */
  tickMs: number;
  /** Writes through the ingest port (the simulator's pump), ms. */
  ingestMs: number;
  /** The status deriver's step (change-feed fan-out to every listener + status), ms. */
  statusMs: number;
  /** CPU time of health.tick (this thread, user + system), ms: what the box's load does not inflate as much. */
  tickCpuMs: number;
  /** Samples the store flagged at write time as possibly moving a score (the rest cannot). */
  crossingSamples: number;
  recomputed: number;
  changed: number;
}

export interface EngineRunResult {
  nodes: number;
  edges: number;
  series: number;
  fullMs: number[];
  fullRecomputed: number;
  rows: TickRow[];
  degraded: number;
  /** Per sample: from its write to its score published (wall), ms; sampled. */
  writeToScoreMs: number[];
  sourceSecondsPerTick: number;
  rehearsal: RehearsalResult | null;
}

export async function runEngineBench(o: EngineRunOptions): Promise<EngineRunResult> {
  const s = buildStack();
  const ledger = new FakeLedger();
  const cloud = createSimulatedCloud({ ingest: s.ingest.port, seed: o.seed, scale: o.scale, spreadSlots: true, backfillMs: 60_000, ...(o.scenario ? { scenario: o.scenario } : {}) });
  let listenStart = 0;
  let listenMs = 0;
  // Listeners run in subscription order: these two bracket health's own listener (the store's
  // crossing feed: nodes whose newest value may have moved a score, judged at write time).
  s.metrics.changes.onCrossing(() => {
    listenStart = performance.now();
  });
  const health = createHealth({
    graph: s.topology.graph,
    visibility: s.topology.visibility,
    store: s.metrics.store,
    changes: s.metrics.changes,
    ledger,
    sourceClock: s.sourceClock,
    rehearse: o.rehearse,
  });
  s.metrics.changes.onCrossing(() => {
    listenMs = performance.now() - listenStart;
  });
  const engine = health.engine;
  let changedLast = 0;
  engine.onChange((c) => {
    changedLast = c.size;
  });

  let now = s.sourceClock.now();
  o.log(`  declaring the simulated platform (scale ${o.scale}) …`);
  cloud.declare();
  const nodes = s.topology.graph.nodeCount;
  const edges = s.topology.graph.edgeCount;
  // History first (one pump backfills a minute), then settle the derived status and scores.
  cloud.pump(now);
  s.topology.statusDeriver.run(now);
  health.tick(now);
  const series = s.metrics.store.stats().series;
  const sourceMsPerTick = Math.round((o.samplesPerTick / series) * 10_000);
  o.log(`  ${nodes} nodes, ${edges} edges, ${series} series; ${(sourceMsPerTick / 1000).toFixed(2)} s of source time per tick`);

  const full = (): number => {
    engine.invalidateAll();
    const t0 = performance.now();
    engine.tick();
    return performance.now() - t0;
  };
  const fullMs: number[] = [];
  for (let i = 0; i < o.fullRepeats; i++) fullMs.push(full());
  const fullRecomputed = engine.stats.lastRecomputed;
  o.log(`  full recompute: ${fullMs.map((x) => x.toFixed(1)).join(', ')} ms (${fullRecomputed} nodes)`);

  const rows: TickRow[] = [];
  const writeToScoreMs: number[] = [];
  changedLast = 0; // not the full recomputes' count
  let next = performance.now();
  for (let k = 0; k < o.warmupTicks + o.ticks; k++) {
    if (!o.unpaced) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next = Math.max(next + o.tickMs, performance.now());
    } else if (k % 8 === 0) await new Promise((r) => setImmediate(r));
    now += sourceMsPerTick;
    s.wall.advance(sourceMsPerTick);
    const crossings0 = s.metrics.store.stats().crossings;
    const t0 = performance.now();
    const samples = cloud.pump(now);
    const crossingSamples = s.metrics.store.stats().crossings - crossings0;
    const t1 = performance.now();
    listenMs = 0;
    changedLast = 0;
    s.topology.statusDeriver.run(now);
    const c2 = process.cpuUsage();
    const t2 = performance.now();
    health.tick(now);
    const t3 = performance.now();
    const cpu = process.cpuUsage(c2);
    if (k < o.warmupTicks) continue;
    rows.push({
      samples,
      listenMs,
      tickMs: t3 - t2,
      ingestMs: t1 - t0,
      statusMs: t2 - t1,
      tickCpuMs: (cpu.user + cpu.system) / 1000,
      crossingSamples,
      recomputed: engine.stats.lastRecomputed,
      changed: changedLast,
    });
    changedLast = 0;
    // The pump writes its samples evenly over [t0, t1]: sample i of n at t0 + (i + 0.5)/n of it.
    const keep = 50;
    for (let i = 0; i < keep; i++) writeToScoreMs.push(t3 - (t0 + ((i + 0.5) / keep) * (t1 - t0)));
  }
  for (let i = 0; i < o.fullRepeats; i++) fullMs.push(full());
  o.log(`  full recompute after the stream: ${fullMs.slice(o.fullRepeats).map((x) => x.toFixed(1)).join(', ')} ms`);
  const degraded = engine.degraded().size;
  health.dispose();
  return { nodes, edges, series, fullMs, fullRecomputed, rows, degraded, writeToScoreMs, sourceSecondsPerTick: sourceMsPerTick / 1000, rehearsal: health.rehearsal };
}
