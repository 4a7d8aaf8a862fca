import type { NodeStatus } from '../../../shared/domain/topology.js';
import { buildStack, T0 } from '../../domains/topology/test-support/domain-stack.js';
import { createSimulatedCloud, type SimulatedCloud } from '../index.js';

export { T0 };
export const MIN = 60_000;

/**
 * The simulator on the real metrics + topology + ingest stack, driven by a ManualClock: `goTo`
 * moves source time forward in 30 s steps, pumping and deriving statuses at each, exactly as
 * the engine would, with no real-time waits.
 */
export function simRig(opts: { seed?: number; scale?: number; scenario?: string } = {}) {
  const s = buildStack();
  const cloud: SimulatedCloud = createSimulatedCloud({ ingest: s.ingest.port, seed: opts.seed ?? 7, scale: opts.scale ?? 2000, backfillMs: 0, ...(opts.scenario ? { scenario: opts.scenario } : {}) });
  const step = (now: number) => {
    s.wall.set(now);
    cloud.pump(s.sourceClock.now());
    s.topology.tick(s.sourceClock.now());
  };
  step(T0);
  return {
    s,
    cloud,
    /** Source time `minutes` after T0. */
    at: (minutes: number) => T0 + Math.round(minutes * MIN),
    now: () => s.sourceClock.now(),
    goTo(minutes: number): void {
      const target = T0 + Math.round(minutes * MIN);
      let t = s.sourceClock.now();
      while (t < target) {
        t = Math.min(target, t + 30_000);
        step(t);
      }
    },
    /** One jump of source time (the pump catches up its last 10 minutes), as a demo clock advance. */
    jumpTo(minutes: number): void {
      step(T0 + Math.round(minutes * MIN));
    },
    status: (id: string): NodeStatus => s.topology.graph.node(id)!.status,
    latest: (id: string, metric: string): number => {
      const l = s.metrics.store.latest(id, metric);
      if (!l) throw new Error(`${id} has no ${metric}`);
      return l.v;
    },
    /** Mean of a metric over the raw samples in (from, to] minutes. */
    mean(id: string, metric: string, from: number, to: number): number {
      const r = s.metrics.store.query(id, metric, T0 + from * MIN + 1, T0 + to * MIN + 1, 360)!;
      const vals = r.points.flatMap((p) => (p.avg === null ? [] : [p.avg]));
      return vals.reduce((a, b) => a + b, 0) / vals.length;
    },
    nodes: () => [...s.topology.graph.nodes()],
  };
}
export type SimRig = ReturnType<typeof simRig>;
