import { randomBytes } from 'node:crypto';
import { FLAPPING, SEVERITY_RANK, type Alarm, type AlarmOrigin, type AlarmStep, type AlarmStepKind, type Severity } from '../../../shared/domain/alarms.js';
import type { Clock } from '../../core/clock.js';
import type { AlarmChange, AlarmLedger } from './alarm-ledger.js';
import { AlarmTally } from './alarm-tally.js';
import { AlarmWrites, type AlarmWriteKind, type TakenWrites } from './alarm-writes.js';
import { RaiseHistory } from './raise-history.js';

/** What raises or refreshes an alarm: a pushed event or a rule, after validation. */
export interface RaiseInput {
  fingerprint: string;
  resource: string;
  type: string;
  severity: Severity;
  summary: string;
  source: string;
  labels: Readonly<Record<string, string>>;
  origin: AlarmOrigin;
  clamped: boolean;
}

export interface AlarmBookOptions {
  /** Source time, for the ledger's commands (acknowledge, assign) that carry no time. */
  clock: Clock;
  /** Open alarms held at most; raising past it drops the alarm and counts it. */
  maxOpen?: number;
  /** Cleared alarms kept in memory (most recent); older ones live only in the store. */
  recentCleared?: number;
  /** Unflushed history steps held at most while the store is unreachable (oldest dropped). */
  maxPendingSteps?: number;
  /** The silence or maintenance window suppressing an alarm on this resource, or null. */
  suppressor?: (resource: string, labels: Readonly<Record<string, string>>) => string | null;
}

export const DEFAULT_MAX_OPEN = 200_000;
export const DEFAULT_RECENT_CLEARED = 10_000;
const DEFAULT_MAX_PENDING_STEPS = 500_000;

/**
 * An alarm as the book holds it: the current (immutable) alarm object, and the repeats counted
 * since the last settle. One map lookup per event finds both, a storm of repeats allocates
 * nothing until the tick folds them in, and a change writes neither map.
 */
interface AlarmSlot {
  /** The current object; replaced in place, so neither map is written on a change. */
  alarm: Alarm;
  repeats: number;
  repeatAt: number;
}

/** Thrown for a transition the lifecycle does not have (the route answers 409). */
export class IllegalTransition extends Error {}

/**
 * The authoritative alarm set in memory (issue #6, alarm lifecycle):
 *
 *   event/rule ──▶ active ──ack──▶ acknowledged
 *                    │                 │
 *                    └──clear──▶ cleared ◀──clear
 *
 * Events with the same fingerprint fold into the open alarm (count, lastSeen, severity); a
 * cleared alarm is final and the fingerprint raises a new one. Alarm objects are immutable and
 * replaced on change, so listeners get `previous` and the stream hub diffs by reference. Every
 * change goes to the listeners synchronously, in order, and is remembered for the next flush.
 */
export class AlarmBook implements AlarmLedger {
  readonly tally = new AlarmTally();
  /** Alarm id → its slot (open alarms and the recent cleared ones). */
  private readonly all = new Map<string, AlarmSlot>();
  /** Fingerprint → its open alarm (kept in step with `all` on every replace). */
  private readonly byFingerprint = new Map<string, AlarmSlot>();
  /** Cleared alarms still in memory, oldest first. */
  private readonly cleared = new Set<string>();
  private readonly raises: RaiseHistory;
  private readonly listeners: ((c: AlarmChange) => void)[] = [];
  private readonly writes: AlarmWrites;
  /** Slots with repeats counted in this drain, folded in by settleRepeats. */
  private pendingRepeats: AlarmSlot[] = [];
  private readonly idPrefix = `al-${randomBytes(4).toString('hex')}-`;
  private nextId = 0;
  private isoCache = { t: Number.NaN, iso: '' };
  readonly maxOpen: number;
  private readonly recentCleared: number;
  /** Counters for /metrics. */
  readonly stats = { raised: 0, deduplicated: 0, cleared: 0, dropped: 0 };

  constructor(private readonly opts: AlarmBookOptions) {
    this.maxOpen = opts.maxOpen ?? DEFAULT_MAX_OPEN;
    this.recentCleared = opts.recentCleared ?? DEFAULT_RECENT_CLEARED;
    this.writes = new AlarmWrites(opts.maxPendingSteps ?? DEFAULT_MAX_PENDING_STEPS);
    // Never more fingerprints than open alarms allow twice over (pruned by age first).
    this.raises = new RaiseHistory(this.maxOpen * 2);
  }

  // ── AlarmLedger ─────────────────────────────────────────────────────────────────────────
  get(id: string): Alarm | undefined {
    return this.all.get(id)?.alarm;
  }

  *open(): Generator<Alarm> {
    for (const slot of this.byFingerprint.values()) yield slot.alarm;
  }

  onChange(listener: (change: AlarmChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  setIncident(alarmIds: readonly string[], incidentId: string): void {
    this.settleRepeats();
    for (const id of alarmIds) {
      const slot = this.all.get(id);
      if (slot && slot.alarm.incidentId !== incidentId) this.replace(slot, { ...slot.alarm, incidentId });
    }
  }

  acknowledge(ids: readonly string[], by: string, comment: string | null): number {
    this.settleRepeats();
    const at = this.opts.clock.now();
    let n = 0;
    for (const id of ids) {
      const slot = this.all.get(id);
      if (!slot || slot.alarm.state !== 'active') continue;
      this.ack(slot, by, comment, at);
      n++;
    }
    return n;
  }

  assign(ids: readonly string[], assignee: string | null, by: string, comment: string | null): number {
    this.settleRepeats();
    const at = this.opts.clock.now();
    let n = 0;
    for (const id of ids) {
      const slot = this.all.get(id);
      if (!slot || slot.alarm.state === 'cleared' || slot.alarm.assignee === assignee) continue;
      const a = slot.alarm;
      this.replace(slot, { ...a, assignee });
      this.step(a.id, 'assigned', by, at, comment, { assignee });
      n++;
    }
    return n;
  }

  // ── raising and clearing ────────────────────────────────────────────────────────────────
  /** The open alarm with this fingerprint. */
  openByFingerprint(fingerprint: string): Alarm | undefined {
    return this.byFingerprint.get(fingerprint)?.alarm;
  }

  get openCount(): number {
    return this.byFingerprint.size;
  }

  get memoryCount(): number {
    return this.all.size;
  }

  /**
   * Counts an event that only repeats the open alarm with this fingerprint (same severity and
   * summary, not newly clamped); false when it is anything else, for `raise`. The new alarm is
   * built once per tick (settleRepeats), so a storm of repeats allocates per alarm and tick,
   * not per event; the event intake asks this first so a repeat allocates nothing at all.
   */
  countRepeat(fingerprint: string, severity: Severity, summary: string, clamped: boolean, at: number): boolean {
    const slot = this.byFingerprint.get(fingerprint);
    if (!slot) return false;
    const prev = slot.alarm;
    if (prev.severity !== severity || prev.summary !== summary || (clamped && !prev.clamped)) return false;
    this.stats.deduplicated++;
    if (slot.repeats === 0) {
      this.pendingRepeats.push(slot);
      slot.repeatAt = at;
    } else if (at > slot.repeatAt) {
      slot.repeatAt = at;
    }
    slot.repeats++;
    return true;
  }

  /** Raises a new alarm or folds into the open one with the same fingerprint. */
  raise(input: RaiseInput, at: number, by: string): Alarm | null {
    if (input.origin.kind === 'event' && this.countRepeat(input.fingerprint, input.severity, input.summary, input.clamped, at)) {
      return this.byFingerprint.get(input.fingerprint)!.alarm;
    }
    if (this.pendingRepeats.length > 0 && this.byFingerprint.has(input.fingerprint)) this.settleRepeats();
    const prevSlot = this.byFingerprint.get(input.fingerprint);
    if (prevSlot) {
      const prev = prevSlot.alarm;
      this.stats.deduplicated++;
      const lastSeen = this.iso(at);
      const next: Alarm = {
        ...prev,
        count: prev.count + 1,
        lastSeen: lastSeen > prev.lastSeen ? lastSeen : prev.lastSeen,
        severity: input.severity,
        summary: input.summary,
        clamped: prev.clamped || input.clamped,
      };
      if (input.origin.kind === 'rule') next.origin = input.origin;
      // A plain repeat (same severity) only moves count and lastSeen: its row is written with
      // the next full flush, not every tick, so a storm of repeats does not rewrite the store.
      this.replace(prevSlot, next, prev.severity === input.severity ? 'write-later' : 'write');
      if (prev.severity !== input.severity) this.step(prev.id, 'severity', by, at, null, { from: prev.severity, to: input.severity });
      return next;
    }
    if (this.byFingerprint.size >= this.maxOpen) {
      this.stats.dropped++;
      return null;
    }
    const seen = this.iso(at);
    const flapping = this.raises.note(input.fingerprint, at);
    const alarm: Alarm = {
      id: `${this.idPrefix}${(this.nextId++).toString(36)}`,
      fingerprint: input.fingerprint,
      resource: input.resource,
      type: input.type,
      severity: input.severity,
      summary: input.summary,
      source: input.source,
      labels: input.labels as Record<string, string>,
      origin: input.origin,
      count: 1,
      firstSeen: seen,
      lastSeen: seen,
      incidentId: null,
      assignee: null,
      flapping,
      suppressedBy: this.opts.suppressor ? this.opts.suppressor(input.resource, input.labels) : null,
      clamped: input.clamped,
      state: 'active',
    };
    this.stats.raised++;
    const slot: AlarmSlot = { alarm, repeats: 0, repeatAt: 0 };
    this.all.set(alarm.id, slot);
    this.byFingerprint.set(alarm.fingerprint, slot);
    this.step(alarm.id, 'raised', by, at, null, { severity: alarm.severity, summary: alarm.summary });
    if (flapping) this.step(alarm.id, 'flapping', 'system', at, null, { raises: FLAPPING.raises, windowMs: FLAPPING.windowMs });
    this.emit(alarm, null);
    return alarm;
  }

  /**
   * Folds the repeats counted since the last call into their alarms: one new alarm object and
   * one change per alarm. Called at the end of every event drain and before any other change.
   */
  settleRepeats(): void {
    if (this.pendingRepeats.length === 0) return;
    // Swapped out first: a listener may call back into the book while we emit.
    const pending = this.pendingRepeats;
    this.pendingRepeats = [];
    for (const slot of pending) {
      const count = slot.repeats;
      slot.repeats = 0;
      const prev = slot.alarm;
      if (count === 0 || prev.state === 'cleared') continue;
      const lastSeen = this.iso(slot.repeatAt);
      this.replace(slot, { ...prev, count: prev.count + count, lastSeen: lastSeen > prev.lastSeen ? lastSeen : prev.lastSeen }, 'repeat');
    }
  }

  /** Clears the open alarm with this fingerprint (a resolved event, a rule back under its line). */
  clearFingerprint(fingerprint: string, at: number, by: string, comment: string | null = null): Alarm | null {
    this.settleRepeats();
    const a = this.openByFingerprint(fingerprint);
    return a ? this.clear(a.id, by, comment, at) : null;
  }

  /** Acknowledges one alarm; throws IllegalTransition unless it is active. */
  acknowledgeOne(id: string, by: string, comment: string | null, at: number): Alarm {
    this.settleRepeats();
    const slot = this.all.get(id);
    if (!slot || slot.alarm.state !== 'active') throw new IllegalTransition(`alarm is ${slot?.alarm.state ?? 'unknown'}, only an active alarm can be acknowledged`);
    return this.ack(slot, by, comment, at);
  }

  /** Clears one alarm; throws IllegalTransition when it is already cleared. */
  clear(id: string, by: string, comment: string | null, at: number): Alarm {
    this.settleRepeats();
    const slot = this.all.get(id);
    if (!slot || slot.alarm.state === 'cleared') throw new IllegalTransition('alarm is already cleared');
    const a = slot.alarm;
    const clearedAt = this.iso(at);
    const next: Alarm = {
      ...a,
      state: 'cleared',
      clearedBy: by,
      clearedAt,
      ackedBy: a.state === 'acknowledged' ? a.ackedBy : null,
      ackedAt: a.state === 'acknowledged' ? a.ackedAt : null,
    };
    this.byFingerprint.delete(a.fingerprint);
    this.stats.cleared++;
    this.replace(slot, next);
    this.step(a.id, 'cleared', by, at, comment, null);
    this.cleared.add(a.id);
    if (this.cleared.size > this.recentCleared) {
      const oldest = this.cleared.values().next().value!;
      this.cleared.delete(oldest);
      this.all.delete(oldest); // still in `dirty` until flushed, then only in the store
    }
    return next;
  }

  assignOne(id: string, assignee: string | null, by: string, comment: string | null, at: number): Alarm {
    this.settleRepeats();
    const slot = this.all.get(id);
    if (!slot || slot.alarm.state === 'cleared') throw new IllegalTransition('a cleared alarm cannot be assigned');
    const a = slot.alarm;
    if (a.assignee !== assignee) this.replace(slot, { ...a, assignee });
    this.step(id, 'assigned', by, at, comment, { assignee });
    return slot.alarm;
  }

  /** A comment on any alarm, in memory or only in the store (its row does not change). */
  comment(id: string, by: string, comment: string, at: number): void {
    this.step(id, 'commented', by, at, comment, null);
  }

  /** Re-asks the suppressor for every open alarm (a silence started or ended). */
  resuppress(): number {
    this.settleRepeats();
    const suppressor = this.opts.suppressor;
    if (!suppressor) return 0;
    let n = 0;
    for (const slot of [...this.byFingerprint.values()]) {
      const a = slot.alarm;
      const s = suppressor(a.resource, a.labels);
      if (s !== a.suppressedBy) {
        this.replace(slot, { ...a, suppressedBy: s });
        n++;
      }
    }
    return n;
  }

  // ── persistence ─────────────────────────────────────────────────────────────────────────
  /** Open alarms read back from the store after a restart; no changes are emitted. */
  restore(alarms: readonly Alarm[]): void {
    for (const a of alarms) {
      if (a.state === 'cleared' || this.byFingerprint.has(a.fingerprint) || this.byFingerprint.size >= this.maxOpen) continue;
      const slot: AlarmSlot = { alarm: a, repeats: 0, repeatAt: 0 };
      this.all.set(a.id, slot);
      this.byFingerprint.set(a.fingerprint, slot);
      this.tally.apply(null, a);
    }
  }

  /**
   * What changed since the last call: the latest state of each alarm, and new history steps.
   * Alarms that only repeated (count, lastSeen) come along when `withRepeats` is set.
   */
  takeDirty(withRepeats = true): TakenWrites {
    this.settleRepeats();
    return this.writes.take(withRepeats);
  }

  /** Puts back what a failed flush took, under anything that changed since. */
  putBack(taken: TakenWrites): void {
    this.writes.putBack(taken);
  }

  /** Steps of this alarm not yet written to the store. */
  pendingSteps(alarmId: string): AlarmStep[] {
    return this.writes.pendingSteps(alarmId);
  }

  /** Alarms and steps waiting for the next flush. */
  get pendingCount(): number {
    return this.writes.pendingCount;
  }

  /** History steps dropped while the store was unreachable. */
  get stepsDropped(): number {
    return this.writes.stepsDropped;
  }

  /** Forgets raise times that left the flapping window (called from the tick now and then). */
  pruneRaises(now: number): void {
    this.raises.prune(now);
  }

  get raiseHistorySize(): number {
    return this.raises.size;
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────
  private ack(slot: AlarmSlot, by: string, comment: string | null, at: number): Alarm {
    const a = slot.alarm;
    const next: Alarm = { ...a, state: 'acknowledged', ackedBy: by, ackedAt: this.iso(at) };
    this.replace(slot, next);
    this.step(a.id, 'acknowledged', by, at, comment, null);
    return next;
  }

  /** Puts `next` in its slot; `kind` says how much of its row must be written (AlarmWriteKind). */
  private replace(slot: AlarmSlot, next: Alarm, kind: AlarmWriteKind = 'write'): void {
    const prev = slot.alarm;
    slot.alarm = next;
    this.emit(next, prev, kind);
  }

  private emit(next: Alarm, prev: Alarm | null, kind: AlarmWriteKind = 'write'): void {
    this.tally.apply(prev, next);
    this.writes.changed(next, kind);
    const change: AlarmChange = { alarm: next, previous: prev, repeat: kind === 'repeat' };
    for (const l of this.listeners) l(change);
  }

  private step(alarmId: string, kind: AlarmStepKind, by: string, at: number, comment: string | null, details: Record<string, unknown> | null): void {
    this.writes.step({ alarmId, kind, by, at: this.iso(at), comment, details });
  }

  /** ISO text of a source time; events of one tick share a time, so the string is reused. */
  private iso(t: number): string {
    if (t !== this.isoCache.t) this.isoCache = { t, iso: new Date(t).toISOString() };
    return this.isoCache.iso;
  }
}

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}
