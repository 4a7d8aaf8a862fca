import type { Alarm, Severity } from '../../../../shared/domain/alarms.js';
import type { AlarmChange, AlarmLedger } from '../../alarms/index.js';

const T = '2026-01-01T00:00:00.000Z';

/** An in-memory AlarmLedger for health tests: raise, acknowledge, suppress and clear by hand. */
export class FakeLedger implements AlarmLedger {
  private readonly alarms = new Map<string, Alarm>();
  private readonly listeners = new Set<(c: AlarmChange) => void>();
  private next = 1;

  get(id: string): Alarm | undefined {
    return this.alarms.get(id);
  }
  *open(): Iterable<Alarm> {
    for (const a of this.alarms.values()) if (a.state !== 'cleared') yield a;
  }
  onChange(listener: (c: AlarmChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setIncident(): void {}
  assign(): number {
    return 0;
  }
  acknowledge(ids: readonly string[], by: string): number {
    let n = 0;
    for (const id of ids) {
      const a = this.alarms.get(id);
      if (a?.state !== 'active') continue;
      this.put({ ...a, state: 'acknowledged', ackedBy: by, ackedAt: T });
      n++;
    }
    return n;
  }

  raise(resource: string, severity: Severity, opts: { summary?: string; rule?: boolean; suppressedBy?: string } = {}): Alarm {
    const id = `al-${this.next++}`;
    const a: Alarm = {
      id,
      fingerprint: `test|${resource}|${id}`,
      resource,
      type: 'test',
      severity,
      summary: opts.summary ?? `${severity} on ${resource}`,
      source: 'test',
      labels: {},
      origin: opts.rule ? { kind: 'rule', ruleId: 'cpu-high', version: 1 } : { kind: 'event' },
      count: 1,
      firstSeen: T,
      lastSeen: T,
      incidentId: null,
      assignee: null,
      flapping: false,
      suppressedBy: opts.suppressedBy ?? null,
      clamped: false,
      state: 'active',
    };
    this.put(a);
    return a;
  }

  clear(id: string): void {
    const a = this.alarms.get(id);
    if (!a || a.state === 'cleared') return;
    this.put({ ...a, state: 'cleared', clearedBy: 'test', clearedAt: T, ackedBy: null, ackedAt: null });
  }

  private put(a: Alarm): void {
    const previous = this.alarms.get(a.id) ?? null;
    this.alarms.set(a.id, a);
    for (const l of this.listeners) l({ alarm: a, previous });
  }
}
