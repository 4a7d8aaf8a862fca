import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * One registry per server (tests run several in one process). Adds the event-loop lag p99 that
 * the ingest and stream targets are stated against.
 */
export function createMetricsRegistry(): { registry: Registry; stop(): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  new Gauge({
    name: 'skyfort_event_loop_lag_p99_seconds',
    help: 'Event-loop delay p99 since the last scrape',
    registers: [registry],
    collect() {
      this.set(histogram.percentile(99) / 1e9);
      histogram.reset();
    },
  });
  return { registry, stop: () => histogram.disable() };
}

/** A gauge read at scrape time: the one way domains expose an in-memory size or counter. */
export function readGauge(registry: Registry, name: string, help: string, read: () => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
