import type { Edge, NodeDeclaration } from '../../shared/domain/topology.js';
import type { AlarmEvent } from '../../shared/domain/alarms.js';
import type { IngestPort } from '../domains/ingest/ingest-port.js';
import { CloudTimeline, type ScenarioRun } from './cloud-timeline.js';
import { buildPlatform, DEFAULT_SCALE } from './platform-builder.js';
import type { Platform } from './platform-graph.js';
import { createRemedies, type Remedies } from './remedies.js';
import { SampleEmitter } from './sample-emitter.js';
import { SCENARIOS, type ScenarioEvent, type ScenarioName, type ScenarioPhase, type ScenarioSpec, type ScenarioTargets } from './scenario-registry.js';
import { SimulatorError } from './simulator-error.js';
import { SlotFrame } from './slot-frame.js';

export const DEFAULT_SAMPLE_INTERVAL_MS = 10_000;
/** After a jump of source time, at most this much is filled in (older gaps stay gaps)… */
export const MAX_CATCH_UP_MS = 10 * 60_000;
/** …and at most this many samples per pump, so one jump at 20,000 nodes cannot stall the engine. */
export const MAX_CATCH_UP_SAMPLES = 2_500_000;
/** Remedies and ended runs older than this (behind the newest slot) are folded away. */
const HISTORY_MS = 2 * 3_600_000;

export interface SimulatedCloudOptions {
  ingest: Pick<IngestPort, 'declare' | 'samples'> & Partial<Pick<IngestPort, 'events'>>;
  seed: number;
  /** Components to simulate (± 5 %); default 2,000. */
  scale?: number;
  /** Scenario to start at the first pump. */
  scenario?: string;
  sampleIntervalMs?: number;
  /**
   * Spread each slot's samples over the slot: node i reports at t + i/N of the interval, as
   * scrapers stagger their targets, so an engine step at 20,000 nodes hands the port a few
   * thousand samples instead of 100,000 at once. Values and timestamps are unchanged.
   */
  spreadSlots?: boolean;
  /** History produced by the first pump (capped at MAX_CATCH_UP_MS). Default 2 minutes. */
  backfillMs?: number;
}

export interface ScenarioInfo {
  name: ScenarioName;
  title: { zh: string; en: string };
  timeline: readonly { minute: number; en: string }[];
  untreatedEndMinute: number | null;
  treatments: readonly string[];
  targets: { node: string; systems: string[] };
}

export interface ActiveScenario {
  id: number;
  name: ScenarioName;
  startedAt: number;
  stoppedAt: number | null;
  /** Minutes since the start, at the time asked about. */
  minute: number;
  phase: ScenarioPhase;
}

export interface SimulatedCloud {
  readonly seed: number;
  readonly scale: number;
  readonly platform: Platform;
  /** Declares the inventory through the port; idempotent, and done by the first pump anyway. */
  declare(): void;
  /** Emits every slot due in (last pump, now]; returns the samples offered to the port. */
  pump(now: number): number;
  scenarios: {
    list(): ScenarioInfo[];
    /** Throws SimulatorError: not_found for an unknown name, conflict while one of that name runs. */
    start(name: string, at: number): ActiveScenario;
    /** Stops the running scenario of that name at `at` (default: the newest source time seen). */
    stop(name: string, at?: number): ActiveScenario;
    /** Runs not yet ended at `at` (default: the newest source time seen). */
    active(at?: number): ActiveScenario[];
  };
  remedies: Remedies;
  inventory(): { nodes: NodeDeclaration[]; edges: Edge[] };
  /** Metric names a node reports (`up` first); empty for an unknown node. */
  metricsOf(nodeId: string): string[];
  /** The value a series has at the slot holding t, or undefined when it reports nothing then. */
  valueAt(nodeId: string, metric: string, t: number): number | undefined;
}

/**
 * The simulated private cloud behind `--simulate`: generates the platform for (seed, scale),
 * declares it and pumps its samples through the IngestPort only, exactly like a real source.
 * Each sample is a pure function of (seed, node, metric, t, scenarios and remedies on record at
 * t), so the same inputs give the same samples however the pumps are spaced.
 */
export function createSimulatedCloud(opts: SimulatedCloudOptions): SimulatedCloud {
  return new Cloud(opts);
}

class Cloud implements SimulatedCloud {
  readonly seed: number;
  readonly scale: number;
  readonly platform: Platform;
  readonly remedies: Remedies;
  readonly scenarios: SimulatedCloud['scenarios'];
  private readonly interval: number;
  private readonly backfillMs: number;
  private readonly timeline = new CloudTimeline();
  private readonly frame: SlotFrame;
  private readonly emitter: SampleEmitter;
  private readonly targets = new Map<string, ScenarioTargets>();
  private readonly declaredB: Uint8Array;
  private pending: string | null;
  private declared = false;
  /** Source time of the last fully emitted slot. */
  private cursor: number | null = null;
  /** With spreadSlots: the slot under way and the first node not yet emitted. */
  private partial: { t: number; next: number } | null = null;
  /** The newest source time seen (pumps, starts, remedies): what "now" is without a clock. */
  private latest = 0;
  /** Per scenario run: which of its events were raised, and whether their resolution went out. */
  private readonly eventState = new Map<number, { raised: Set<number>; done: boolean }>();

  constructor(private readonly opts: SimulatedCloudOptions) {
    this.seed = opts.seed >>> 0;
    this.scale = opts.scale ?? DEFAULT_SCALE;
    this.interval = Math.max(1000, opts.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS);
    this.backfillMs = Math.min(Math.max(opts.backfillMs ?? 120_000, 0), MAX_CATCH_UP_MS);
    if (opts.scenario !== undefined && !SCENARIOS.has(opts.scenario)) {
      throw new SimulatorError('not_found', `unknown scenario ${opts.scenario} (known: ${[...SCENARIOS.keys()].join(', ')})`);
    }
    this.pending = opts.scenario ?? null;
    this.platform = buildPlatform(this.seed, this.scale);
    this.frame = new SlotFrame(this.platform);
    this.emitter = new SampleEmitter(this.platform, this.seed, (batch) => this.opts.ingest.samples(batch));
    this.declaredB = new Uint8Array(this.platform.nodes.length);
    this.remedies = createRemedies(this.platform, this.timeline, this.frame, (at) => this.saw(at));
    this.scenarios = {
      list: () => [...SCENARIOS.values()].map((s) => this.info(s)),
      start: (name, at) => this.start(name, at),
      stop: (name, at) => this.stop(name, at),
      active: (at) => {
        const when = at ?? this.latest;
        return this.timeline
          .runs()
          .map((r) => this.view(r, when))
          .filter((a) => a.phase.phase !== 'ended');
      },
    };
  }

  declare(): void {
    if (this.declared) return;
    this.opts.ingest.declare(this.inventory());
    this.declared = true;
  }

  pump(now: number): number {
    this.declare();
    this.saw(now);
    if (this.pending !== null) {
      this.start(this.pending, now);
      this.pending = null;
    }
    const step = this.interval;
    const end = Math.floor(now / step) * step;
    const slots = Math.max(1, Math.min(Math.floor(MAX_CATCH_UP_MS / step), Math.floor(MAX_CATCH_UP_SAMPLES / this.emitter.seriesCount)));
    const earliest = end - (slots - 1) * step;
    const start = Math.max(this.cursor === null ? end - Math.floor(this.backfillMs / step) * step : this.cursor + step, earliest);
    const nodes = this.platform.nodes.length;
    // How many nodes of a slot that began `elapsed` ms ago have reported (node i at i/N of it).
    const due = (elapsed: number) => (this.opts.spreadSlots ? Math.min(nodes, Math.ceil(((elapsed + 1) * nodes) / step)) : nodes);
    let emitted = 0;
    if (this.partial) {
      const p = this.partial;
      const to = p.t < end ? nodes : due(now - p.t);
      emitted += this.emitter.emit(this.frame, p.next, to);
      if (to < nodes) p.next = to;
      else {
        this.cursor = p.t;
        this.partial = null;
      }
    }
    const from = Math.max(this.cursor === null ? start : this.cursor + step, earliest);
    if (this.partial === null) {
      for (let t = from; t <= end; t += step) {
        this.compute(t);
        const to = t === end ? due(now - t) : nodes;
        emitted += this.emitter.emit(this.frame, 0, to);
        if (to < nodes) {
          this.partial = { t, next: to };
          break;
        }
        this.cursor = t;
      }
    }
    this.emitter.flush();
    this.emitEvents(now);
    if (emitted === 0 && start > end) return 0;
    this.redeclareSites();
    // Remedies a run still going may count as its treatment stay on record (phases read them).
    const live = this.timeline.runs().filter((r) => this.phaseOf(r, end).phase !== 'ended');
    const horizon = Math.min(end - HISTORY_MS, ...live.map((r) => r.startAt));
    this.timeline.compact(this.frame, horizon, (run) => {
      const p = this.phaseOf(run, end);
      return p.phase === 'ended' && p.at < end - HISTORY_MS;
    });
    return emitted;
  }

  inventory(): { nodes: NodeDeclaration[]; edges: Edge[] } {
    return { nodes: this.platform.nodes.map((n) => n.decl), edges: [...this.platform.edges] };
  }

  metricsOf(nodeId: string): string[] {
    const i = this.platform.find(nodeId);
    return i < 0 ? [] : this.emitter.metricsOf(i);
  }

  valueAt(nodeId: string, metric: string, t: number): number | undefined {
    const i = this.platform.find(nodeId);
    if (i < 0) return undefined;
    const slot = Math.floor(t / this.interval) * this.interval;
    if (this.frame.t !== slot) this.compute(slot);
    return this.emitter.valueOf(this.frame, i, metric);
  }

  /** Computes the frame of slot t: scenario effects, then remedies, then both passes. */
  private compute(t: number): void {
    const frame = this.frame;
    frame.reset(t);
    for (const run of this.timeline.runs()) {
      if (t <= run.startAt) continue;
      const spec = SCENARIOS.get(run.name)!;
      spec.apply(frame, run, this.targetsOf(spec), this.timeline);
    }
    this.timeline.applyRemedies(frame, t);
    frame.propagate();
  }

  private targetsOf(spec: ScenarioSpec): ScenarioTargets {
    let tg = this.targets.get(spec.name);
    if (!tg) {
      tg = spec.targets(this.platform);
      this.targets.set(spec.name, tg);
    }
    return tg;
  }

  private spec(name: string): ScenarioSpec {
    const spec = SCENARIOS.get(name);
    if (!spec) throw new SimulatorError('not_found', `unknown scenario ${name}`);
    return spec;
  }

  private start(name: string, at: number): ActiveScenario {
    const spec = this.spec(name);
    const running = this.timeline.runs().find((r) => r.name === name && this.phaseOf(r, Math.max(at, this.latest)).phase !== 'ended');
    if (running) throw new SimulatorError('conflict', `scenario ${name} is already running (started ${new Date(running.startAt).toISOString()})`);
    this.saw(at);
    return this.view(this.timeline.addRun(spec.name, at), at);
  }

  private stop(name: string, at?: number): ActiveScenario {
    this.spec(name);
    const when = at ?? this.latest;
    const run = this.timeline.runs().find((r) => r.name === name && this.phaseOf(r, when).phase !== 'ended');
    if (!run) throw new SimulatorError('conflict', `scenario ${name} is not running`);
    // A run stopped before it began simply never happens.
    run.stopAt = Math.max(when, run.startAt);
    this.saw(when);
    return this.view(run, when);
  }

  private phaseOf(run: ScenarioRun, t: number): ScenarioPhase {
    const spec = SCENARIOS.get(run.name)!;
    return spec.phase(run, this.targetsOf(spec), this.timeline, t);
  }

  private view(run: ScenarioRun, t: number): ActiveScenario {
    return {
      id: run.id,
      name: run.name as ScenarioName,
      startedAt: run.startAt,
      stoppedAt: run.stopAt,
      minute: Math.max(0, Math.floor((t - run.startAt) / 60_000)),
      phase: this.phaseOf(run, t),
    };
  }

  private info(spec: ScenarioSpec): ScenarioInfo {
    const tg = this.targetsOf(spec);
    const id = (i: number) => this.platform.nodes[i]!.decl.id;
    return {
      name: spec.name,
      title: spec.title,
      timeline: spec.timeline,
      untreatedEndMinute: spec.untreatedEndMinute,
      treatments: spec.treatments,
      targets: { node: id(tg.node), systems: tg.systems.map(id) },
    };
  }

  /**
   * Scenario events due by `now` go through the ingest port like a real source's (each once per
   * run, with its scenario time as occurredAt), and resolve once the run has ended.
   */
  private emitEvents(now: number): void {
    const sink = this.opts.ingest.events;
    if (!sink) return;
    const out: AlarmEvent[] = [];
    const live = new Set<number>();
    for (const run of this.timeline.runs()) {
      live.add(run.id);
      const spec = SCENARIOS.get(run.name)!;
      if (!spec.events || spec.events.length === 0) continue;
      let st = this.eventState.get(run.id);
      if (!st) this.eventState.set(run.id, (st = { raised: new Set(), done: false }));
      if (st.done) continue;
      const phase = this.phaseOf(run, now);
      const endAt = phase.phase === 'ended' ? phase.at : Infinity;
      const resource = this.platform.nodes[this.targetsOf(spec).node]!.decl.id;
      const event = (e: ScenarioEvent, at: number, status: AlarmEvent['status']): AlarmEvent => ({
        resource,
        type: e.type,
        severity: e.severity,
        summary: e.summary,
        source: 'simulator',
        labels: { scenario: run.name },
        occurredAt: new Date(at).toISOString(),
        status,
      });
      spec.events.forEach((e, i) => {
        const at = run.startAt + e.minute * 60_000;
        if (!st.raised.has(i) && at <= now && at < endAt) {
          st.raised.add(i);
          out.push(event(e, at, 'firing'));
        }
        if (endAt <= now && e.resolvesOnEnd && st.raised.has(i)) out.push(event(e, endAt, 'resolved'));
      });
      if (endAt <= now) st.done = true;
    }
    for (const id of this.eventState.keys()) if (!live.has(id)) this.eventState.delete(id);
    if (out.length > 0) sink.call(this.opts.ingest, out);
  }

  private saw(t: number): void {
    if (t > this.latest) this.latest = t;
  }

  /**
   * A business system whose users DNS now sends to DC-B is re-declared there, so the wall shows
   * where it runs. Declarations are not samples: determinism is unaffected.
   */
  private redeclareSites(): void {
    if (!this.declared) return;
    const changed: NodeDeclaration[] = [];
    for (const i of this.platform.businessIndexes) {
      const inB = this.frame.frontB[i]!;
      if (inB === this.declaredB[i]) continue;
      this.declaredB[i] = inB;
      const node = this.platform.nodes[i]!;
      node.decl = { ...node.decl, dc: inB ? 'DC-B' : 'DC-A' };
      changed.push(node.decl);
    }
    if (changed.length > 0) this.opts.ingest.declare({ nodes: changed });
  }
}
