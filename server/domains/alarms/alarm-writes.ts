import type { Alarm, AlarmStep } from '../../../shared/domain/alarms.js';

/** What one write-behind flush takes: the latest state of changed alarms and new history steps. */
export interface TakenWrites {
  /** Alarms to write whole. */
  alarms: Alarm[];
  /** Alarms whose only change since their row was written is count and lastSeen. */
  repeats: Alarm[];
  steps: AlarmStep[];
}

/**
 * How an alarm changed: 'write' goes out with the next flush; 'write-later' (a repeat event that
 * also moved the summary) and 'repeat' (count and lastSeen only) wait for the next flush that
 * takes repeats, and a row that only repeated is written as just those two columns.
 */
export type AlarmWriteKind = 'write' | 'write-later' | 'repeat';

/**
 * The alarm book's side of the write-behind: which alarms changed since the last flush (the
 * latest object of each wins), which of them only repeated (count and lastSeen: written less
 * often, see REPEAT_FLUSH_MS), and the history steps not written yet, bounded while the store
 * is unreachable (oldest dropped, counted).
 */
export class AlarmWrites {
  private dirty = new Map<string, Alarm>();
  /** Alarms held back for the next flush that takes repeats, written whole then. */
  private later = new Map<string, Alarm>();
  /** Alarms whose only change since their last write is a repeat (count, lastSeen). */
  private repeats = new Map<string, Alarm>();
  private steps: AlarmStep[] = [];
  /** History steps dropped because the store stayed unreachable, for /metrics. */
  stepsDropped = 0;

  constructor(private readonly maxPendingSteps: number) {}

  /** Remembers the latest state of an alarm, and how much of its row must be written. */
  changed(alarm: Alarm, kind: AlarmWriteKind): void {
    const id = alarm.id;
    if (kind === 'write' || this.dirty.has(id)) {
      this.dirty.set(id, alarm);
      this.later.delete(id);
      this.repeats.delete(id);
    } else if (kind === 'write-later' || this.later.has(id)) {
      this.later.set(id, alarm);
      this.repeats.delete(id);
    } else {
      this.repeats.set(id, alarm);
    }
  }

  step(step: AlarmStep): void {
    this.steps.push(step);
    if (this.steps.length > this.maxPendingSteps) this.capSteps();
  }

  /** What changed since the last call; alarms that only repeated come along with `withRepeats`. */
  take(withRepeats: boolean): TakenWrites {
    let repeats: Alarm[] = [];
    if (withRepeats) {
      for (const [id, a] of this.later) this.dirty.set(id, a);
      repeats = [...this.repeats.values()];
      this.later = new Map();
      this.repeats = new Map();
    }
    const alarms = [...this.dirty.values()];
    const steps = this.steps;
    this.dirty = new Map();
    this.steps = [];
    return { alarms, repeats, steps };
  }

  /** Puts back what a failed flush took, under anything that changed since. */
  putBack(taken: TakenWrites): void {
    for (const a of taken.alarms) {
      if (this.dirty.has(a.id)) continue;
      // A change since holds the latest whole alarm, the failed change included.
      const newer = this.later.get(a.id) ?? this.repeats.get(a.id);
      this.later.delete(a.id);
      this.repeats.delete(a.id);
      this.dirty.set(a.id, newer ?? a);
    }
    for (const a of taken.repeats) {
      // Anything held since is newer and carries the count and lastSeen too.
      if (!this.dirty.has(a.id) && !this.later.has(a.id) && !this.repeats.has(a.id)) this.repeats.set(a.id, a);
    }
    this.steps = [...taken.steps, ...this.steps];
    this.capSteps();
  }

  /** Steps of this alarm not yet written to the store. */
  pendingSteps(alarmId: string): AlarmStep[] {
    return this.steps.filter((s) => s.alarmId === alarmId);
  }

  /** Alarms and steps waiting for the next flush. */
  get pendingCount(): number {
    return this.dirty.size + this.later.size + this.repeats.size + this.steps.length;
  }

  private capSteps(): void {
    const over = this.steps.length - this.maxPendingSteps;
    if (over > 0) {
      this.steps.splice(0, over);
      this.stepsDropped += over;
    }
  }
}
