import type { Alarm } from '../../../shared/domain/alarms.js';

/** One change of one alarm, in the order it happened. `previous` is null for a new alarm. */
export interface AlarmChange {
  alarm: Alarm;
  previous: Alarm | null;
  /**
   * Only count and lastSeen moved (dedup): nothing else about the alarm changed, so listeners
   * that do not show counts can skip it. Most changes of a storm are repeats.
   */
  repeat?: boolean;
}

/**
 * The alarms domain as the incidents domain sees it: the live alarm set, its change feed, and
 * the commands an incident applies to its members. Listeners run synchronously, in order, inside
 * the alarms step of the engine tick, so correlation always sees a consistent set.
 */
export interface AlarmLedger {
  get(id: string): Alarm | undefined;
  /** Alarms not cleared. */
  open(): Iterable<Alarm>;
  onChange(listener: (change: AlarmChange) => void): () => void;
  /** Sets the incident an alarm belongs to (emits a change). Unknown ids are ignored. */
  setIncident(alarmIds: readonly string[], incidentId: string): void;
  /** Acknowledges open alarms among `ids` (emits changes); returns how many changed. */
  acknowledge(ids: readonly string[], by: string, comment: string | null): number;
  /** Assigns alarms to a person, or unassigns with null. */
  assign(ids: readonly string[], assignee: string | null, by: string, comment: string | null): number;
}
