import { REMEDIES, type RemedyAction, type RemedyEvent, type SiteDc } from './remedy-registry.js';
import type { SlotFrame } from './slot-frame.js';

/** A scenario started at `startAt` (source time), stopped by hand at `stopAt` if ever. */
export interface ScenarioRun {
  id: number;
  name: string;
  startAt: number;
  stopAt: number | null;
}

/** Remedy records kept at most; older ones are folded into the base state. */
const MAX_EVENTS = 2000;

/**
 * Everything that was done to the simulated cloud, with the source time it was done at: the
 * scenario runs and the remedies. A slot at time t sees exactly the records with `at` < t, so
 * its samples are the same whenever and however often the cloud is pumped.
 */
export class CloudTimeline {
  private runList: ScenarioRun[] = [];
  /** Sorted by `at`, then by arrival. */
  private events: RemedyEvent[] = [];
  private seq = 0;
  private runId = 0;

  addRun(name: string, startAt: number): ScenarioRun {
    const run: ScenarioRun = { id: ++this.runId, name, startAt, stopAt: null };
    this.runList.push(run);
    return run;
  }

  runs(): readonly ScenarioRun[] {
    return this.runList;
  }

  addRemedy(action: RemedyAction, target: number, at: number, extra: { instances?: number; dc?: SiteDc; nodes?: readonly number[] } = {}): RemedyEvent {
    const ev: RemedyEvent = { seq: ++this.seq, action, target, at, instances: extra.instances ?? 0, dc: extra.dc ?? 'DC-B', nodes: extra.nodes ?? [] };
    let k = this.events.length;
    while (k > 0 && this.events[k - 1]!.at > at) k--;
    this.events.splice(k, 0, ev);
    return ev;
  }

  /** Remedies on record, oldest first. */
  remedies(): readonly RemedyEvent[] {
    return this.events;
  }

  /** The first remedy of one of `actions` on `target` applied in [from, to). */
  remedyBetween(actions: readonly RemedyAction[], target: number, from: number, to: number): RemedyEvent | null {
    for (const ev of this.events) {
      if (ev.at >= to) break;
      if (ev.at >= from && ev.target === target && actions.includes(ev.action)) return ev;
    }
    return null;
  }

  /** Writes the effect of every remedy applied before t into the frame, in order. */
  applyRemedies(frame: SlotFrame, t: number): void {
    for (const ev of this.events) {
      if (ev.at >= t) break;
      REMEDIES.get(ev.action)!.effect(frame, ev, t - ev.at);
    }
  }

  /**
   * Keeps memory bounded on a wall that runs for weeks: remedies older than `horizon` (far past
   * any slot still to be computed) are folded into the frame's base state, and ended runs are
   * forgotten.
   */
  compact(frame: SlotFrame, horizon: number, ended: (run: ScenarioRun) => boolean): void {
    let drop = 0;
    while (drop < this.events.length && (this.events[drop]!.at < horizon || this.events.length - drop > MAX_EVENTS)) {
      const ev = this.events[drop]!;
      REMEDIES.get(ev.action)!.fold?.(frame, ev);
      drop++;
    }
    if (drop > 0) this.events = this.events.slice(drop);
    if (this.runList.some(ended)) this.runList = this.runList.filter((r) => !ended(r));
  }
}
