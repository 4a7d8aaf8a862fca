import type { Alarm, Severity } from '../../../../shared/domain/alarms.js';
import type { Clock } from '../../../core/clock.js';
import type { AlarmChange, AlarmLedger } from '../../alarms/index.js';

/**
 * An in-memory AlarmLedger for the incidents domain's tests: the interface's semantics (changes
 * emitted synchronously and in order, `setIncident` and `acknowledge` emit too) without rules,
 * dedup or storage. `raise` / `clear` / `suppress` stand in for what the alarms domain does.
 */
export class FakeAlarmLedger implements AlarmLedger {
  private readonly alarms = new Map<string, Alarm>();
  private readonly listeners = new Set<(c: AlarmChange) => void>();
  private seq = 0;
  /** Every setIncident call, for assertions. */
  readonly moves: { ids: string[]; incidentId: string }[] = [];

  constructor(private readonly clock: Clock) {}

  get(id: string): Alarm | undefined {
    return this.alarms.get(id);
  }

  *open(): Iterable<Alarm> {
    for (const a of this.alarms.values()) if (a.state !== 'cleared') yield a;
  }

  all(): Alarm[] {
    return [...this.alarms.values()];
  }

  onChange(listener: (change: AlarmChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setIncident(alarmIds: readonly string[], incidentId: string): void {
    this.moves.push({ ids: [...alarmIds], incidentId });
    for (const id of alarmIds) {
      const a = this.alarms.get(id);
      if (a && a.incidentId !== incidentId) this.replace(a, { ...a, incidentId });
    }
  }

  acknowledge(ids: readonly string[], by: string): number {
    let n = 0;
    for (const id of ids) {
      const a = this.alarms.get(id);
      if (!a || a.state !== 'active') continue;
      this.replace(a, { ...a, state: 'acknowledged', ackedBy: by, ackedAt: this.iso() } as Alarm);
      n++;
    }
    return n;
  }

  assign(ids: readonly string[], assignee: string | null): number {
    let n = 0;
    for (const id of ids) {
      const a = this.alarms.get(id);
      if (!a || a.assignee === assignee) continue;
      this.replace(a, { ...a, assignee });
      n++;
    }
    return n;
  }

  /** A new alarm on a node (or, with an existing id, a repeat: count and lastSeen only). */
  raise(resource: string, opts: { id?: string; severity?: Severity; type?: string; summary?: string; incidentId?: string | null } = {}): Alarm {
    const id = opts.id ?? `al-${++this.seq}`;
    const prev = this.alarms.get(id);
    if (prev) {
      const next = { ...prev, count: prev.count + 1, lastSeen: this.iso() };
      this.replace(prev, next);
      return next;
    }
    const alarm: Alarm = {
      id,
      fingerprint: `test|${resource}|${opts.type ?? 'down'}`,
      resource,
      type: opts.type ?? 'down',
      severity: opts.severity ?? 'major',
      summary: opts.summary ?? `${resource} ${opts.type ?? 'down'}`,
      source: 'test',
      labels: {},
      origin: { kind: 'event' },
      count: 1,
      firstSeen: this.iso(),
      lastSeen: this.iso(),
      incidentId: opts.incidentId ?? null,
      assignee: null,
      flapping: false,
      suppressedBy: null,
      clamped: false,
      state: 'active',
    };
    this.alarms.set(id, alarm);
    this.emit({ alarm, previous: null });
    return alarm;
  }

  clear(id: string, by = 'system'): void {
    const a = this.alarms.get(id);
    if (!a || a.state === 'cleared') return;
    const acked = a.state === 'acknowledged' ? { ackedBy: a.ackedBy, ackedAt: a.ackedAt } : { ackedBy: null, ackedAt: null };
    this.replace(a, { ...a, state: 'cleared', clearedBy: by, clearedAt: this.iso(), ...acked } as Alarm);
  }

  setSeverity(id: string, severity: Severity): void {
    const a = this.alarms.get(id);
    if (a) this.replace(a, { ...a, severity });
  }

  suppress(id: string, silenceId: string | null): void {
    const a = this.alarms.get(id);
    if (a) this.replace(a, { ...a, suppressedBy: silenceId });
  }

  /** Puts alarms back without emitting (what the alarms domain's load() does before incidents load). */
  restore(alarms: readonly Alarm[]): void {
    for (const a of alarms) this.alarms.set(a.id, a);
  }

  private replace(prev: Alarm, next: Alarm): void {
    this.alarms.set(next.id, next);
    this.emit({ alarm: next, previous: prev });
  }

  private emit(change: AlarmChange): void {
    for (const l of this.listeners) l(change);
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
