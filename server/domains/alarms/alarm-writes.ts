import type { Alarm, AlarmStep } from '../../../shared/domain/alarms.js';

/** What one write-behind flush takes: the latest state of changed alarms and new history steps. */
export interface TakenWrites {
  alarms: Alarm[];
  steps: AlarmStep[];
}

/**
 * The alarm book's side of the write-behind: which alarms changed since the last flush (the
 * latest object of each wins), which of them only repeated (count and lastSeen: written less
 * often, see REPEAT_FLUSH_MS), and the history steps not written yet, bounded while the store
 * is unreachable (oldest dropped, counted).
 */
export class AlarmWrites {
  private dirty = new Map<string, Alarm>();
  /** Alarms whose only change since their last write is a repeat (count, lastSeen). */
  private repeats = new Map<string, Alarm>();
  private steps: AlarmStep[] = [];
  /** History steps dropped because the store stayed unreachable, for /metrics. */
  stepsDropped = 0;

  constructor(private readonly maxPendingSteps: number) {}

  /** Remembers the latest state of an alarm; `repeatOnly` when only count and lastSeen moved. */
  changed(alarm: Alarm, repeatOnly: boolean): void {
    if (repeatOnly && !this.dirty.has(alarm.id)) {
      this.repeats.set(alarm.id, alarm);
    } else {
      this.dirty.set(alarm.id, alarm);
      this.repeats.delete(alarm.id);
    }
  }

  step(step: AlarmStep): void {
    this.steps.push(step);
    if (this.steps.length > this.maxPendingSteps) this.capSteps();
  }

  /** What changed since the last call; alarms that only repeated come along with `withRepeats`. */
  take(withRepeats: boolean): TakenWrites {
    if (withRepeats) {
      for (const [id, a] of this.repeats) if (!this.dirty.has(id)) this.dirty.set(id, a);
      this.repeats = new Map();
    }
    const alarms = [...this.dirty.values()];
    const steps = this.steps;
    this.dirty = new Map();
    this.steps = [];
    return { alarms, steps };
  }

  /** Puts back what a failed flush took, under anything that changed since. */
  putBack(taken: TakenWrites): void {
    for (const a of taken.alarms) {
      if (this.dirty.has(a.id)) continue;
      // A repeat since holds the latest whole alarm, the failed change included.
      const newer = this.repeats.get(a.id);
      this.repeats.delete(a.id);
      this.dirty.set(a.id, newer ?? a);
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
    return this.dirty.size + this.repeats.size + this.steps.length;
  }

  private capSteps(): void {
    const over = this.steps.length - this.maxPendingSteps;
    if (over > 0) {
      this.steps.splice(0, over);
      this.stepsDropped += over;
    }
  }
}
