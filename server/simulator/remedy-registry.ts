import type { Platform } from './platform-graph.js';
import { SimulatorError } from './simulator-error.js';
import type { SlotFrame } from './slot-frame.js';

export const REMEDY_ACTIONS = ['scale-out', 'scale-in', 'kill-sessions', 'restart-database', 'switch-dns', 'dr-switchover'] as const;
export type RemedyAction = (typeof REMEDY_ACTIONS)[number];
export type SiteDc = 'DC-A' | 'DC-B';

/** A remedy on record: applied at source time `at`, it shapes every slot after it. */
export interface RemedyEvent {
  seq: number;
  action: RemedyAction;
  target: number;
  at: number;
  /** scale-out / scale-in: how many instances. */
  instances: number;
  /** switch-dns / dr-switchover: where to. */
  dc: SiteDc;
  /** dr-switchover: the data tiers promoted (resolved when applied). */
  nodes: readonly number[];
}

export interface RemedyInfo {
  action: RemedyAction;
  title: { zh: string; en: string };
  /** Kinds the target may be. */
  targetKinds: readonly string[];
  /** How long after it is applied the action has fully taken effect (what a runbook waits). */
  settleMs: number;
}

/**
 * One remedy kind (architecture.md convention 6): what it may act on, and its effect on a slot
 * `dt` ms after it was applied. Effects are pure functions of dt, like everything in a frame.
 */
export interface RemedySpec extends RemedyInfo {
  /** Extra checks and resolution when applied; returns the nodes it acts on besides the target. */
  resolve?(platform: Platform, target: number, dc: SiteDc): number[];
  effect(frame: SlotFrame, ev: RemedyEvent, dt: number): void;
  /** Writes a long-past event into the frame's base state, so the record can be dropped. */
  fold?(frame: SlotFrame, ev: RemedyEvent): void;
}

/** New containers start and join the service over this time. */
export const SCALE_RAMP_MS = 90_000;
/** A restarted database is down this long, then warms its caches for WARMUP_MS. */
export const RESTART_DOWN_MS = 90_000;
export const RESTART_WARMUP_MS = 60_000;
/** Killed sessions reconnect over this time. */
export const RECONNECT_MS = 180_000;
/** Resolvers keep the old answer for the DNS TTL. */
export const DNS_TTL_MS = 60_000;
/** A DC-B standby takes this long to be promoted to primary. */
export const PROMOTION_MS = 120_000;

const APP_KINDS = ['CS', 'AC'] as const;
const DB_KINDS = ['RD', 'MD'] as const;
const SYSTEM_KINDS = ['business-system'] as const;

/** The data tiers of a system that have a DC-B copy: what a DR switchover promotes. */
function promotable(platform: Platform, system: number): number[] {
  return platform.targetsOf(system, 'uses').filter((j) => platform.nodes[j]!.spec.role === 'data' && platform.nodes[j]!.partner >= 0);
}

const SPECS: readonly RemedySpec[] = [
  {
    action: 'scale-out',
    title: { zh: 'DCOS 扩容', en: 'Scale out (DCOS)' },
    targetKinds: APP_KINDS,
    settleMs: SCALE_RAMP_MS,
    effect(frame, ev, dt) {
      frame.instances[ev.target]! += ev.instances * Math.min(1, dt / SCALE_RAMP_MS);
    },
    fold(frame, ev) {
      frame.baseInstances[ev.target]! += ev.instances;
    },
  },
  {
    action: 'scale-in',
    title: { zh: 'DCOS 缩容', en: 'Scale in (DCOS)' },
    targetKinds: APP_KINDS,
    settleMs: 10_000,
    effect(frame, ev) {
      frame.instances[ev.target] = Math.max(1, frame.instances[ev.target]! - ev.instances);
    },
    fold(frame, ev) {
      frame.baseInstances[ev.target] = Math.max(1, frame.baseInstances[ev.target]! - ev.instances);
    },
  },
  {
    action: 'kill-sessions',
    title: { zh: '数据库会话查杀', en: 'Kill database sessions' },
    targetKinds: DB_KINDS,
    // Lock holders are gone at once; the blocked queue drains within SESSION_CLEAR_MS (scenario).
    settleMs: 90_000,
    effect(frame, ev, dt) {
      if (dt >= RECONNECT_MS) return;
      frame.sessionsMul[ev.target]! *= 0.4 + (0.6 * dt) / RECONNECT_MS;
      // Killed transactions roll back: a brief blip of errors for the callers.
      if (dt < 30_000) frame.errOwn[ev.target]! += 1;
    },
  },
  {
    action: 'restart-database',
    title: { zh: '数据库重启', en: 'Restart database' },
    targetKinds: DB_KINDS,
    settleMs: RESTART_DOWN_MS + RESTART_WARMUP_MS,
    effect(frame, ev, dt) {
      const i = ev.target;
      if (dt < RESTART_DOWN_MS) {
        // Reachable but down: the platform agent reports up = 0 instead of falling silent.
        frame.silent[i] = 0;
        frame.ownAvail[i] = 0;
        frame.ownOnset[i] = Math.min(frame.ownOnset[i]!, ev.at);
      } else if (dt < RESTART_DOWN_MS + RESTART_WARMUP_MS) {
        frame.latOwn[i]! += 150 * (1 - (dt - RESTART_DOWN_MS) / RESTART_WARMUP_MS);
      }
    },
  },
  {
    action: 'switch-dns',
    title: { zh: '域名切换', en: 'DNS switchover' },
    targetKinds: SYSTEM_KINDS,
    settleMs: DNS_TTL_MS,
    effect(frame, ev, dt) {
      if (dt >= DNS_TTL_MS) frame.frontB[ev.target] = ev.dc === 'DC-B' ? 1 : 0;
    },
    fold(frame, ev) {
      frame.baseFrontB[ev.target] = ev.dc === 'DC-B' ? 1 : 0;
    },
  },
  {
    action: 'dr-switchover',
    title: { zh: '容灾切换', en: 'DR switchover' },
    targetKinds: SYSTEM_KINDS,
    settleMs: PROMOTION_MS,
    resolve(platform, target) {
      const nodes = promotable(platform, target);
      if (nodes.length === 0) throw new SimulatorError('conflict', `${platform.nodes[target]!.decl.id} has no database with a DC-B standby`);
      return nodes;
    },
    effect(frame, ev, dt) {
      if (dt < PROMOTION_MS) return;
      for (const j of ev.nodes) frame.redirect[j] = ev.dc === 'DC-B' ? frame.platform.nodes[j]!.partner : -1;
    },
    fold(frame, ev) {
      for (const j of ev.nodes) frame.baseRedirect[j] = ev.dc === 'DC-B' ? frame.platform.nodes[j]!.partner : -1;
    },
  },
];

export const REMEDIES: ReadonlyMap<RemedyAction, RemedySpec> = new Map(SPECS.map((s) => [s.action, s]));

export function remedySpec(action: RemedyAction): RemedySpec {
  const spec = REMEDIES.get(action);
  if (!spec) throw new SimulatorError('not_found', `unknown remedy ${action}`);
  return spec;
}

/** Finds the target of a remedy and checks its kind; throws SimulatorError. */
export function remedyTarget(platform: Platform, spec: RemedySpec, id: string): number {
  const i = platform.find(id);
  if (i < 0) throw new SimulatorError('not_found', `no simulated component ${id}`);
  const kind = platform.nodes[i]!.decl.kind;
  if (!spec.targetKinds.includes(kind)) {
    throw new SimulatorError('invalid_target', `${spec.action} acts on ${spec.targetKinds.join(' or ')}, not on ${kind} ${id}`);
  }
  return i;
}
