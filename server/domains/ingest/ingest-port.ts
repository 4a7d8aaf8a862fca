import { Counter, type Registry } from 'prom-client';
import { z } from 'zod';
import { EdgeSchema, NodeDeclarationSchema, edgeId, type Edge, type NodeDeclaration } from '../../../shared/domain/topology.js';
import type { Clock } from '../../core/clock.js';
import type { AlarmEvent } from '../../../shared/domain/alarms.js';
import { AppError } from '../../core/errors.js';
import { RAW_WINDOW_MS, type MetricStore } from '../metrics/metric-store.js';
import type { TopologyGraph } from '../topology/topology-graph.js';

/** Samples further ahead of source time than this are a broken source clock, not data. */
export const MAX_FUTURE_MS = 5 * 60_000;

/** A sample as sources hand it over; `t` defaults to source time now. */
export interface SampleInput {
  node: string;
  metric: string;
  t?: number | undefined;
  v: number;
}

export type RejectReason = 'invalid' | 'unknown_node' | 'future' | 'too_old' | 'series_limit';
const REASONS: readonly RejectReason[] = ['invalid', 'unknown_node', 'future', 'too_old', 'series_limit'];

export interface SamplesResult {
  accepted: number;
  rejected: number;
  /** The first few refusals, by position in the batch, so a source can fix itself. */
  errors: { index: number; reason: RejectReason }[];
}

/**
 * A write restricted to one tenant (an API key bound to a tenant): it may only declare and feed
 * that tenant's nodes, and link them to its own or shared nodes. Undefined = unrestricted.
 */
export interface IngestScope {
  tenant: string;
}

/** Where events go once a source hands them in (the alarms domain's bounded queue). */
export interface EventSink {
  offer(events: readonly AlarmEvent[]): { accepted: number };
}

export interface IngestPortOptions {
  graph: TopologyGraph;
  store: MetricStore;
  sourceClock: Clock;
  registry?: Registry;
  events?: EventSink;
}

const MAX_REPORTED_ERRORS = 20;
// Same rules as SampleSchema, checked by hand: the simulator pushes hundreds of thousands of
// samples a second at scale, and a zod parse per sample would cost more than the write.
const ID_RE = /^[A-Za-z0-9._:\-]{1,200}$/;
const METRIC_RE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * THE port every source writes through, simulator and REST alike (architecture.md: the simulator
 * writes only through the ingest ports a real source uses). Inventory is all-or-nothing: a
 * declaration with one bad item changes nothing. Samples are accepted one by one, and every
 * refusal is counted by reason in /metrics.
 */
export class IngestPort {
  private readonly samplesCounter: Counter<'result'> | null = null;
  private readonly rejectedCounter: Counter<'reason'> | null = null;
  private totals = { accepted: 0, rejected: 0 };

  constructor(private readonly opts: IngestPortOptions) {
    if (opts.registry) {
      this.samplesCounter = new Counter({
        name: 'skyfort_ingest_samples_total',
        help: 'Metric samples offered to the ingest port, by result',
        labelNames: ['result'],
        registers: [opts.registry],
      });
      this.rejectedCounter = new Counter({
        name: 'skyfort_ingest_rejected_samples_total',
        help: 'Metric samples refused by the ingest port, by reason',
        labelNames: ['reason'],
        registers: [opts.registry],
      });
      // Zero series exist from the start, so rates and alerts work before the first refusal.
      this.samplesCounter.inc({ result: 'accepted' }, 0);
      this.samplesCounter.inc({ result: 'rejected' }, 0);
      for (const reason of REASONS) this.rejectedCounter.inc({ reason }, 0);
    }
  }

  /** Declares (adds or re-declares) nodes and edges. Throws AppError 400/403 and changes nothing on bad input. */
  declare(inventory: { nodes?: readonly unknown[]; edges?: readonly unknown[] }, scope?: IngestScope): { nodes: number; edges: number } {
    const { graph } = this.opts;
    const nodes = parseAll(z.array(NodeDeclarationSchema), inventory.nodes ?? [], 'nodes');
    const edges = parseAll(z.array(EdgeSchema), inventory.edges ?? [], 'edges');
    const batch = new Map<string, NodeDeclaration>();
    const duplicates: string[] = [];
    for (const n of nodes) {
      if (batch.has(n.id)) duplicates.push(n.id);
      batch.set(n.id, n);
    }
    if (duplicates.length > 0) throw new AppError(400, 'duplicate_id', 'a node id appears twice in one declaration', { ids: duplicates.slice(0, 50) });
    const tenantOf = (id: string): string | null | undefined =>
      batch.has(id) ? batch.get(id)!.tenant : graph.node(id)?.tenant;
    const unknown = edges.filter((e) => tenantOf(e.source) === undefined || tenantOf(e.target) === undefined);
    if (unknown.length > 0) {
      throw new AppError(400, 'unknown_node', 'edges must join declared nodes', { edges: unknown.slice(0, 50).map(edgeId) });
    }
    const loops = edges.filter((e) => e.source === e.target);
    if (loops.length > 0) throw new AppError(400, 'invalid_edge', 'a node cannot depend on itself', { edges: loops.slice(0, 50).map(edgeId) });
    if (scope) {
      // A tenant's source may touch only its own nodes, and link them to its own or shared ones.
      const foreign = nodes.filter((n) => n.tenant !== scope.tenant || (graph.hasNode(n.id) && graph.node(n.id)!.tenant !== scope.tenant));
      const foreignEdges = edges.filter((e) => tenantOf(e.source) !== scope.tenant || ![null, scope.tenant].includes(tenantOf(e.target)!));
      if (foreign.length > 0 || foreignEdges.length > 0) {
        throw new AppError(403, 'forbidden', `this credential may only declare nodes of tenant ${scope.tenant}`);
      }
    }
    let nodeChanges = 0;
    let edgeChanges = 0;
    for (const n of nodes) if (graph.upsertNode(n)) nodeChanges++;
    for (const e of edges) if (graph.upsertEdge(e)) edgeChanges++;
    return { nodes: nodeChanges, edges: edgeChanges };
  }

  /** Removes nodes (with their edges and metric history) and edges. Unknown ids are ignored. */
  remove(what: { nodes?: readonly string[]; edges?: readonly Edge[] }, scope?: IngestScope): { nodes: number; edges: number } {
    const { graph, store } = this.opts;
    if (scope) {
      const foreign =
        (what.nodes ?? []).some((id) => graph.hasNode(id) && graph.node(id)!.tenant !== scope.tenant) ||
        (what.edges ?? []).some((e) => graph.hasNode(e.source) && graph.node(e.source)!.tenant !== scope.tenant);
      if (foreign) throw new AppError(403, 'forbidden', `this credential may only remove nodes of tenant ${scope.tenant}`);
    }
    let edges = 0;
    for (const e of what.edges ?? []) if (graph.removeEdge(edgeId(e))) edges++;
    let nodes = 0;
    for (const id of what.nodes ?? []) {
      if (graph.removeNode(id)) nodes++;
      store.dropNode(id);
    }
    return { nodes, edges };
  }

  /** Stores what it can; every refusal is counted. Source time `t` defaults to now. */
  samples(batch: readonly SampleInput[], scope?: IngestScope): SamplesResult {
    const { graph, store, sourceClock } = this.opts;
    const now = sourceClock.now();
    const oldest = now - RAW_WINDOW_MS;
    const newest = now + MAX_FUTURE_MS;
    const rejectedBy: Record<RejectReason, number> = { invalid: 0, unknown_node: 0, future: 0, too_old: 0, series_limit: 0 };
    const errors: SamplesResult['errors'] = [];
    let accepted = 0;
    const reject = (index: number, reason: RejectReason) => {
      rejectedBy[reason]++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push({ index, reason });
    };
    for (let i = 0; i < batch.length; i++) {
      const s = batch[i] as Partial<SampleInput> | null | undefined;
      if (!validSample(s)) {
        reject(i, 'invalid');
        continue;
      }
      const node = graph.node(s.node);
      // A tenant's credential writing to a node it does not own hears the same as for a missing one.
      if (!node || (scope && node.tenant !== scope.tenant)) {
        reject(i, 'unknown_node');
        continue;
      }
      const t = s.t ?? now;
      if (t > newest) {
        reject(i, 'future');
        continue;
      }
      if (t < oldest) {
        reject(i, 'too_old');
        continue;
      }
      const r = store.write(s.node, s.metric, t, s.v);
      if (r === 'stored') accepted++;
      else reject(i, r);
    }
    const rejected = batch.length - accepted;
    this.totals.accepted += accepted;
    this.totals.rejected += rejected;
    if (this.samplesCounter && this.rejectedCounter) {
      if (accepted > 0) this.samplesCounter.inc({ result: 'accepted' }, accepted);
      if (rejected > 0) {
        this.samplesCounter.inc({ result: 'rejected' }, rejected);
        for (const reason of REASONS) if (rejectedBy[reason] > 0) this.rejectedCounter.inc({ reason }, rejectedBy[reason]);
      }
    }
    return { accepted, rejected, errors };
  }

  /**
   * Events from sources that live in-process (the simulator). They are already well-formed; the
   * alarms domain dedups, correlates and counts them. REST events arrive at `POST /api/v1/events`.
   */
  events(batch: readonly AlarmEvent[]): { accepted: number } {
    return this.opts.events ? this.opts.events.offer(batch) : { accepted: 0 };
  }

  stats(): { accepted: number; rejected: number } {
    return { ...this.totals };
  }
}

function validSample(s: Partial<SampleInput> | null | undefined): s is SampleInput {
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.node === 'string' &&
    ID_RE.test(s.node) &&
    typeof s.metric === 'string' &&
    METRIC_RE.test(s.metric) &&
    typeof s.v === 'number' &&
    Number.isFinite(s.v) &&
    (s.t === undefined || (Number.isSafeInteger(s.t) && s.t >= 0))
  );
}

function parseAll<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new AppError(
      400,
      'validation_failed',
      `invalid ${where}`,
      r.error.issues.slice(0, 50).map((i) => ({ path: [where, ...i.path].join('.'), message: i.message, code: i.code })),
    );
  }
  return r.data;
}
