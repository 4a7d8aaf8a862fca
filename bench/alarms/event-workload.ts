import type { AlarmEventInput, Severity } from '../../shared/domain/alarms.js';
import type { TopologyGraph } from '../../server/domains/topology/index.js';
import { mulberry32, simulatedGraph } from '../../server/simulator/test-support/simulated-graph.js';

/**
 * The events of an alarm storm on the simulated platform, as request bodies a source would POST:
 * a few dozen failures low in the stack (arrays, hosts, switches, databases), each followed by
 * alarms on part of what depends on them, some roots arriving late; every fingerprint repeats
 * (dedup is most of a real storm's traffic); a share of the fingerprints resolve at the end.
 */
export interface EventWorkload {
  graph: TopologyGraph;
  /** JSON bodies of at most `batch` events each, in send order. */
  bodies: string[];
  events: number;
  fingerprints: number;
  roots: number;
}

const TYPES: readonly [string, Severity][] = [
  ['unreachable', 'critical'],
  ['latency', 'major'],
  ['errors', 'minor'],
  ['saturation', 'warning'],
];

/** Everything that depends on `root`, walking against the edges (bounded by the graph). */
function dependentsOf(graph: TopologyGraph, root: string): string[] {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const e of graph.dependents(id)) {
      if (!seen.has(e.source)) {
        seen.add(e.source);
        queue.push(e.source);
      }
    }
  }
  seen.delete(root);
  return [...seen];
}

export function buildEventWorkload(opts: { seed: number; scale: number; events: number; batch: number }): EventWorkload {
  const graph = simulatedGraph(opts.seed, opts.scale);
  const rand = mulberry32(opts.seed);
  const low = [...graph.nodes()].filter((n) => n.layer === 'physical' || n.layer === 'iaas').map((n) => n.id);
  // Fingerprints: (resource, type). Roots get 'unreachable'; dependents a random type.
  const fps: { resource: string; type: string; severity: Severity; late: boolean }[] = [];
  const taken = new Set<string>();
  let roots = 0;
  const distinct = Math.max(1, Math.floor(opts.events / 10));
  // Roots in a random order; a small platform may run out of them before `distinct`.
  const candidates = [...low].sort(() => rand() - 0.5);
  for (const root of candidates) {
    if (fps.length >= distinct) break;
    if (taken.has(root)) continue;
    taken.add(root);
    roots++;
    const late = rand() < 0.3;
    fps.push({ resource: root, type: 'unreachable', severity: 'critical', late });
    for (const d of dependentsOf(graph, root)) {
      // A dependent raises one to three kinds of alarm (latency, errors, saturation).
      for (const [type, severity] of TYPES.slice(1)) {
        if (fps.length >= distinct || rand() >= 0.6 || taken.has(`${d}|${type}`)) continue;
        taken.add(`${d}|${type}`);
        fps.push({ resource: d, type, severity, late: false });
      }
    }
  }
  // Order: every fingerprint fires once (late roots after their symptoms), then repeats at random.
  const order: number[] = [];
  for (let i = 0; i < fps.length; i++) if (!fps[i]!.late) order.push(i);
  for (let i = 0; i < fps.length; i++) if (fps[i]!.late) order.push(i);
  while (order.length < opts.events) order.push(Math.floor(rand() * fps.length));
  const events: AlarmEventInput[] = order.map((i, k) => {
    const f = fps[i]!;
    const resolve = k >= opts.events - Math.floor(opts.events / 20) && rand() < 0.5;
    return {
      resource: f.resource,
      type: f.type,
      severity: f.severity,
      summary: `${f.type} on ${f.resource}`,
      source: 'bench',
      labels: { dc: graph.node(f.resource)!.dc },
      ...(resolve ? { status: 'resolved' as const } : {}),
    };
  });
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += opts.batch) bodies.push(JSON.stringify(events.slice(i, i + opts.batch)));
  return { graph, bodies, events: events.length, fingerprints: fps.length, roots };
}
