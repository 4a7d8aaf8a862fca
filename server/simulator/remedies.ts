import type { CloudTimeline } from './cloud-timeline.js';
import type { Platform } from './platform-graph.js';
import { REMEDIES, remedySpec, remedyTarget, type RemedyAction, type RemedyEvent, type RemedyInfo, type SiteDc } from './remedy-registry.js';
import { SimulatorError } from './simulator-error.js';
import type { SlotFrame } from './slot-frame.js';

/** Most instances an app tier may run: a typo must not start a million containers. */
export const MAX_INSTANCES = 1000;

export type RemedyCommand =
  | { action: 'scale-out' | 'scale-in'; target: string; instances: number }
  | { action: 'kill-sessions' | 'restart-database'; target: string }
  | { action: 'switch-dns'; target: string; dc: SiteDc }
  | { action: 'dr-switchover'; target: string; dc?: SiteDc | undefined };

/** What was done, and by when it has fully taken effect (what a runbook waits for). */
export interface RemedyReceipt {
  seq: number;
  action: RemedyAction;
  target: string;
  at: number;
  effectiveBy: number;
  instances?: number;
  dc?: SiteDc;
  /** Further components it acts on (the databases a DR switchover promotes). */
  nodes: string[];
}

/**
 * The interface automated runbooks use to act on the simulated cloud (domain.md: DCOS scale
 * out/in, session kill, database restart, DNS and DR switchover). Each call takes effect at the
 * source time `at` it is given, and changes the samples of every slot after it. Throws
 * SimulatorError: not_found (no such component), invalid_target (wrong kind), conflict.
 */
export interface Remedies {
  list(): RemedyInfo[];
  apply(cmd: RemedyCommand, at: number): RemedyReceipt;
  scaleOut(nodeId: string, instances: number, at: number): RemedyReceipt;
  scaleIn(nodeId: string, instances: number, at: number): RemedyReceipt;
  killSessions(databaseId: string, at: number): RemedyReceipt;
  restartDatabase(databaseId: string, at: number): RemedyReceipt;
  switchDns(systemId: string, dc: SiteDc, at: number): RemedyReceipt;
  drSwitchover(systemId: string, at: number, dc?: SiteDc): RemedyReceipt;
  /** Instances an app tier runs once every scaling on record has taken effect. */
  instancesOf(nodeId: string): number;
  /** Remedies still on record, oldest first. */
  history(): RemedyReceipt[];
}

export function createRemedies(platform: Platform, timeline: CloudTimeline, frame: SlotFrame, saw: (at: number) => void): Remedies {
  const receipt = (ev: RemedyEvent): RemedyReceipt => ({
    seq: ev.seq,
    action: ev.action,
    target: platform.nodes[ev.target]!.decl.id,
    at: ev.at,
    effectiveBy: ev.at + REMEDIES.get(ev.action)!.settleMs,
    ...(ev.action === 'scale-out' || ev.action === 'scale-in' ? { instances: ev.instances } : {}),
    ...(ev.action === 'switch-dns' || ev.action === 'dr-switchover' ? { dc: ev.dc } : {}),
    nodes: ev.nodes.map((j) => platform.nodes[j]!.decl.id),
  });

  const instancesAt = (target: number, at: number): number => {
    let n = frame.baseInstances[target]!;
    for (const ev of timeline.remedies()) {
      if (ev.at > at) break;
      if (ev.target !== target) continue;
      if (ev.action === 'scale-out') n += ev.instances;
      else if (ev.action === 'scale-in') n = Math.max(1, n - ev.instances);
    }
    return n;
  };

  const apply = (cmd: RemedyCommand, at: number): RemedyReceipt => {
    if (!Number.isFinite(at)) throw new SimulatorError('invalid_target', 'a remedy needs a source time');
    const spec = remedySpec(cmd.action);
    const target = remedyTarget(platform, spec, cmd.target);
    let instances = 0;
    if (cmd.action === 'scale-out' || cmd.action === 'scale-in') {
      instances = cmd.instances;
      if (!Number.isInteger(instances) || instances < 1) throw new SimulatorError('invalid_target', 'instances must be a whole number of at least 1');
      const now = instancesAt(target, at);
      if (cmd.action === 'scale-out' && now + instances > MAX_INSTANCES) {
        throw new SimulatorError('conflict', `${cmd.target} would run ${now + instances} instances, more than ${MAX_INSTANCES}`);
      }
      if (cmd.action === 'scale-in' && now - instances < 1) {
        throw new SimulatorError('conflict', `${cmd.target} runs ${now} instances; it cannot give up ${instances}`);
      }
    }
    const dc: SiteDc = cmd.action === 'switch-dns' ? cmd.dc : cmd.action === 'dr-switchover' ? (cmd.dc ?? 'DC-B') : 'DC-B';
    const nodes = spec.resolve?.(platform, target, dc) ?? [];
    saw(at);
    return receipt(timeline.addRemedy(cmd.action, target, at, { instances, dc, nodes }));
  };

  return {
    list: () => [...REMEDIES.values()].map(({ action, title, targetKinds, settleMs }) => ({ action, title, targetKinds, settleMs })),
    apply,
    scaleOut: (target, instances, at) => apply({ action: 'scale-out', target, instances }, at),
    scaleIn: (target, instances, at) => apply({ action: 'scale-in', target, instances }, at),
    killSessions: (target, at) => apply({ action: 'kill-sessions', target }, at),
    restartDatabase: (target, at) => apply({ action: 'restart-database', target }, at),
    switchDns: (target, dc, at) => apply({ action: 'switch-dns', target, dc }, at),
    drSwitchover: (target, at, dc) => apply({ action: 'dr-switchover', target, dc }, at),
    instancesOf: (nodeId) => {
      const i = platform.find(nodeId);
      if (i < 0) throw new SimulatorError('not_found', `no simulated component ${nodeId}`);
      return instancesAt(i, Infinity);
    },
    history: () => timeline.remedies().map(receipt),
  };
}
