import type { Severity } from '../../shared/domain/alarms.js';
import type { CloudTimeline, ScenarioRun } from './cloud-timeline.js';
import type { Platform } from './platform-graph.js';
import { RESTART_WARMUP_MS, RESTART_DOWN_MS, type RemedyAction } from './remedy-registry.js';
import type { SlotFrame } from './slot-frame.js';

export const SCENARIO_NAMES = ['flash-sale', 'db-lock-storm', 'dc-failure', 'db-hang'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const MIN = 60_000;

/**
 * A scenario run's lifecycle, as of a source time:
 *
 *   scheduled ──start time──▶ active ──treating remedy──▶ remedied ──recovered──▶ ended
 *                               │                            │                      ▲
 *                               └──── untreated end ─────────┴────── stopped ───────┘
 */
export type ScenarioPhase =
  | { phase: 'scheduled'; startsAt: number }
  | { phase: 'active'; since: number }
  | { phase: 'remedied'; remedy: RemedyAction; at: number; recoversBy: number }
  | { phase: 'ended'; at: number; how: 'untreated' | 'stopped' | 'remedied' };

/** What a scenario acts on, resolved once per platform. */
export interface ScenarioTargets {
  /** The component the story happens to (app tier, database, disk array). */
  node: number;
  /** The business systems whose users feel it. */
  systems: readonly number[];
}

/**
 * An event the story's target raises through the ingest port, the way a real device or probe
 * would (an array's controller, a database's connection pool): at `minute` after the start, and
 * resolved when the run ends if `resolvesOnEnd`.
 */
export interface ScenarioEvent {
  minute: number;
  type: string;
  severity: Severity;
  summary: string;
  resolvesOnEnd: boolean;
}

export interface ScenarioSpec {
  name: ScenarioName;
  /** Events the target node raises (none for stories that only move metrics). */
  events?: readonly ScenarioEvent[];
  title: { zh: string; en: string };
  /** What happens when, in minutes after the start (domain.md). */
  timeline: readonly { minute: number; en: string }[];
  /** Minute it ends by itself untreated; null = until stopped. */
  untreatedEndMinute: number | null;
  /** Remedies that treat it. */
  treatments: readonly RemedyAction[];
  targets(platform: Platform): ScenarioTargets;
  /** Writes its effect at slot t (t > run.startAt) into the frame. */
  apply(frame: SlotFrame, run: ScenarioRun, tg: ScenarioTargets, timeline: CloudTimeline): void;
  phase(run: ScenarioRun, tg: ScenarioTargets, timeline: CloudTimeline, t: number): ScenarioPhase;
}

/** The first treating remedy applied in [from, t). Phases pass t + 1: a remedy applied now counts now. */
function treatment(spec: Pick<ScenarioSpec, 'treatments'>, tg: ScenarioTargets, timeline: CloudTimeline, targets: readonly number[], from: number, t: number) {
  let first: ReturnType<CloudTimeline['remedyBetween']> = null;
  for (const target of targets) {
    const ev = timeline.remedyBetween(spec.treatments, target, from, t);
    if (ev && (!first || ev.at < first.at)) first = ev;
  }
  return first;
}

/**
 * The common phase rule: scheduled before the start; ended at the first of the untreated end,
 * a stop, and (for stories a remedy ends) `endsAfterMs` after the remedy; remedied in between,
 * expected to recover within `recoversWithinMs` of the remedy.
 */
function lifecycle(
  run: ScenarioRun,
  t: number,
  naturalEnd: number,
  remedy: { action: RemedyAction; at: number } | null,
  rule: { endsAfterMs: number | null; recoversWithinMs: number },
): ScenarioPhase {
  if (t < run.startAt) return { phase: 'scheduled', startsAt: run.startAt };
  const stop = run.stopAt ?? Infinity;
  const cured = remedy && rule.endsAfterMs !== null ? remedy.at + rule.endsAfterMs : Infinity;
  const end = Math.min(naturalEnd, stop, cured);
  if (t >= end) return { phase: 'ended', at: end, how: end === stop ? 'stopped' : remedy ? 'remedied' : 'untreated' };
  if (remedy) return { phase: 'remedied', remedy: remedy.action, at: remedy.at, recoversBy: remedy.at + rule.recoversWithinMs };
  return { phase: 'active', since: run.startAt };
}

/** Business systems that depend on node i, directly or through other nodes. */
function systemsAbove(platform: Platform, i: number): number[] {
  const seen = new Set([i]);
  const stack = [i];
  const out: number[] = [];
  while (stack.length > 0) {
    for (const d of platform.dependentsOf(stack.pop()!)) {
      if (seen.has(d)) continue;
      seen.add(d);
      stack.push(d);
      if (platform.nodes[d]!.decl.layer === 'business') out.push(d);
    }
  }
  return out.sort((a, b) => a - b);
}

/** A system by key, falling back to the first that matches. */
function system(platform: Platform, key: string, fallback: (i: number) => boolean): number {
  const named = platform.find(`biz-${key}`);
  if (named >= 0) return named;
  return platform.businessIndexes.find(fallback) ?? platform.businessIndexes[0]!;
}

function appOf(platform: Platform, sys: number): number {
  return platform.targetsOf(sys, 'uses').find((j) => platform.nodes[j]!.spec.role === 'front')!;
}

function ownDb(platform: Platform, sys: number): number {
  return platform.targetsOf(sys, 'uses').find((j) => platform.nodes[j]!.decl.kind === 'RD') ?? -1;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/** Lock contention on the billing database, by minute after the start (1 = ×20 blocked). */
function lockIntensity(m: number): number {
  if (m < 2 || m >= 47) return 0;
  if (m < 8) return (m - 2) / 6;
  if (m < 46) return 1 + (0.2 * (m - 8)) / 38;
  return 1.2 * (47 - m);
}
/** Once the blockers are killed (or the database restarted), the blocked queue drains in this. */
export const LOCK_DRAIN_MS = 90_000;

const SPECS: readonly ScenarioSpec[] = [
  {
    name: 'flash-sale',
    events: [{ minute: 10, type: 'traffic-surge', severity: 'warning', summary: 'Traffic ×8 on the mobile business hall front end', resolvesOnEnd: true }],
    title: { zh: '双11手机营业厅一折充值秒杀', en: 'Double 11 recharge flash sale on the mobile business hall' },
    timeline: [
      { minute: 5, en: 'traffic starts to surge' },
      { minute: 10, en: 'traffic at ×8: DCOS app CPU and latency saturate, health drops, alarms fire' },
      { minute: 60, en: 'the sale ends and traffic returns to normal (untreated)' },
    ],
    untreatedEndMinute: 60,
    treatments: ['scale-out'],
    targets(platform) {
      const sys = system(platform, 'mbh', (i) => platform.nodes[appOf(platform, i)]!.decl.kind === 'CS');
      return { node: appOf(platform, sys), systems: [sys] };
    },
    apply(frame, run, tg) {
      const m = (frame.t - run.startAt) / MIN;
      if (m < 5 || m >= 60 || frame.t >= (run.stopAt ?? Infinity)) return;
      for (const s of tg.systems) frame.bizFactor[s]! *= m < 10 ? 1 + (7 * (m - 5)) / 5 : 8;
    },
    phase(run, tg, timeline, t) {
      // Scaling out does not end the sale: the surge goes on, now served, until minute 60.
      const remedy = treatment(this, tg, timeline, [tg.node], run.startAt, t + 1);
      return lifecycle(run, t, run.startAt + 60 * MIN, remedy, { endsAfterMs: null, recoversWithinMs: 5 * MIN });
    },
  },
  {
    name: 'db-lock-storm',
    events: [{ minute: 8, type: 'lock-wait', severity: 'major', summary: 'Sessions blocked on row locks held by long transactions', resolvesOnEnd: true }],
    title: { zh: '融合计费数据库锁风暴', en: 'Lock storm on the converged-billing database' },
    timeline: [
      { minute: 2, en: 'long transactions hold locks; blocked sessions start to pile up' },
      { minute: 8, en: 'blocked sessions at ×20; billing and real-time accounting latency critical' },
      { minute: 47, en: 'the blockers finish and the storm clears (untreated, 45 minutes)' },
    ],
    untreatedEndMinute: 47,
    treatments: ['kill-sessions', 'restart-database'],
    targets(platform) {
      const db = ownDb(platform, system(platform, 'cbs', (i) => ownDb(platform, i) >= 0));
      return { node: db, systems: platform.dependentsOf(db).filter((d) => platform.nodes[d]!.decl.layer === 'business') };
    },
    apply(frame, run, tg, timeline) {
      const t = frame.t;
      if (t >= (run.stopAt ?? Infinity)) return;
      let level = lockIntensity((t - run.startAt) / MIN);
      if (level === 0) return;
      const cure = treatment(this, tg, timeline, [tg.node], run.startAt + 2 * MIN, t);
      if (cure) level *= clamp01(1 - (t - cure.at) / LOCK_DRAIN_MS);
      frame.lock[tg.node]! += level;
      frame.latOwn[tg.node]! += 2500 * level;
    },
    phase(run, tg, timeline, t) {
      const remedy = treatment(this, tg, timeline, [tg.node], run.startAt + 2 * MIN, t + 1);
      return lifecycle(run, t, run.startAt + 47 * MIN, remedy, { endsAfterMs: LOCK_DRAIN_MS, recoversWithinMs: 2 * MIN });
    },
  },
  {
    name: 'dc-failure',
    events: [{ minute: 3, type: 'array-failure', severity: 'critical', summary: 'Disk array failed: both controllers offline', resolvesOnEnd: true }],
    title: { zh: '生产中心磁盘阵列故障', en: 'Disk array failure in DC-A' },
    timeline: [
      { minute: 3, en: 'a DC-A disk array fails and falls silent' },
      { minute: 5, en: 'volumes, hosts, VMs, databases and business systems on it are down or degraded' },
    ],
    untreatedEndMinute: null,
    treatments: ['dr-switchover', 'switch-dns'],
    targets(platform) {
      // The array under converged billing's database volume: the story's worst case.
      const db = ownDb(platform, system(platform, 'cbs', (i) => ownDb(platform, i) >= 0));
      const volume = platform.targetsOf(db, 'stores-on')[0]!;
      const array = platform.targetsOf(volume, 'stores-on')[0]!;
      return { node: array, systems: systemsAbove(platform, array) };
    },
    apply(frame, run, tg) {
      const failAt = run.startAt + 3 * MIN;
      if (frame.t < failAt || frame.t >= (run.stopAt ?? Infinity)) return;
      frame.silent[tg.node] = 1;
      frame.ownAvail[tg.node] = 0;
      frame.ownOnset[tg.node] = Math.min(frame.ownOnset[tg.node]!, failAt);
    },
    phase(run, tg, timeline, t) {
      const remedy = treatment(this, tg, timeline, tg.systems, run.startAt + 3 * MIN, t + 1);
      // The array stays broken until stopped; "recovers by" is the systems' return in DC-B.
      return lifecycle(run, t, Infinity, remedy, { endsAfterMs: null, recoversWithinMs: 10 * MIN });
    },
  },
  {
    name: 'db-hang',
    events: [{ minute: 2, type: 'connection-timeout', severity: 'critical', summary: 'Database stopped answering: connections time out', resolvesOnEnd: true }],
    title: { zh: '关系型数据库实例挂起', en: 'A relational database instance hangs' },
    timeline: [
      { minute: 2, en: 'the database stops answering: connections time out, its metrics go silent' },
      { minute: 32, en: 'it comes back by itself (untreated, 30 minutes)' },
    ],
    untreatedEndMinute: 32,
    treatments: ['restart-database'],
    targets(platform) {
      const lockDb = ownDb(platform, system(platform, 'cbs', (i) => ownDb(platform, i) >= 0));
      const sys = system(platform, 'crm', (i) => ownDb(platform, i) >= 0 && ownDb(platform, i) !== lockDb);
      const db = ownDb(platform, sys) >= 0 ? ownDb(platform, sys) : lockDb;
      return { node: db, systems: platform.dependentsOf(db).filter((d) => platform.nodes[d]!.decl.layer === 'business') };
    },
    apply(frame, run, tg, timeline) {
      const t = frame.t;
      const hangAt = run.startAt + 2 * MIN;
      if (t < hangAt || t >= run.startAt + 32 * MIN || t >= (run.stopAt ?? Infinity)) return;
      if (treatment(this, tg, timeline, [tg.node], hangAt, t)) return; // the restart's own effect takes over
      frame.silent[tg.node] = 1;
      frame.ownAvail[tg.node] = 0;
      frame.ownOnset[tg.node] = Math.min(frame.ownOnset[tg.node]!, hangAt);
    },
    phase(run, tg, timeline, t) {
      const remedy = treatment(this, tg, timeline, [tg.node], run.startAt + 2 * MIN, t + 1);
      return lifecycle(run, t, run.startAt + 32 * MIN, remedy, { endsAfterMs: RESTART_DOWN_MS + RESTART_WARMUP_MS, recoversWithinMs: 3 * MIN });
    },
  },
];

export const SCENARIOS: ReadonlyMap<string, ScenarioSpec> = new Map(SPECS.map((s) => [s.name, s]));
