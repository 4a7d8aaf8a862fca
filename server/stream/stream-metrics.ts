import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type SnapshotReason = 'subscribe' | 'resume' | 'resync' | 'backlog' | 'refresh';

/**
 * The stream's Prometheus metrics, registered on the registry the caller gives (never the global
 * one: tests and several hubs in one process must not collide). `remove()` takes them off again
 * when the hub closes, so a new hub can register the same names.
 */
export interface StreamMetrics {
  clients: Gauge;
  views: Gauge;
  subscriptions: Gauge;
  deltas: Counter;
  replayedDeltas: Counter;
  snapshots: Counter<'reason'>;
  droppedBacklogs: Counter;
  tickSeconds: Histogram;
  remove(): void;
}

export function createStreamMetrics(registry: Registry): StreamMetrics {
  const registers = [registry];
  const metrics = {
    clients: new Gauge({ name: 'skyfort_stream_clients', help: 'Connected stream sockets', registers }),
    views: new Gauge({ name: 'skyfort_stream_views', help: 'Live (topic, audience) views', registers }),
    subscriptions: new Gauge({
      name: 'skyfort_stream_subscriptions',
      help: 'Topic subscriptions over all sockets',
      registers,
    }),
    deltas: new Counter({
      name: 'skyfort_stream_deltas_total',
      help: 'Deltas broadcast (one per view and tick with changes, however many sockets receive it)',
      registers,
    }),
    replayedDeltas: new Counter({
      name: 'skyfort_stream_replayed_deltas_total',
      help: 'Deltas replayed from history to resuming sockets',
      registers,
    }),
    snapshots: new Counter({
      name: 'skyfort_stream_snapshots_total',
      help: 'Snapshots sent to sockets, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    droppedBacklogs: new Counter({
      name: 'skyfort_stream_dropped_backlogs_total',
      help: 'Times a socket fell too far behind, had its deltas dropped and was put on a snapshot',
      registers,
    }),
    tickSeconds: new Histogram({
      name: 'skyfort_stream_tick_duration_seconds',
      help: 'Time to compute and broadcast one batch of deltas',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
  };
  return {
    ...metrics,
    remove() {
      for (const m of Object.values(metrics)) {
        const name = (m as unknown as { name: string }).name;
        registry.removeSingleMetric(name);
      }
    },
  };
}
