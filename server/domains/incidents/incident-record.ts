import type { Alarm, Severity } from '../../../shared/domain/alarms.js';
import { SEVERITIES, emptySeverityCounts } from '../../../shared/domain/alarms.js';
import type { Incident, IncidentLifecycle } from '../../../shared/domain/incidents.js';
import type { Tier } from '../../../shared/domain/roles.js';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** What one member alarm contributes to its incident, as last seen on the ledger. */
export interface MemberInfo {
  alarmId: string;
  incidentId: string;
  resource: string;
  open: boolean;
  severity: Severity;
  suppressed: boolean;
  /** Source ms it cleared, when it did (a root cleared within the window still gathers symptoms). */
  clearedAt: number | null;
  joinedAt: number;
}

export function memberOf(alarm: Alarm, incidentId: string, joinedAt: number): MemberInfo {
  return {
    alarmId: alarm.id,
    incidentId,
    resource: alarm.resource,
    open: alarm.state !== 'cleared',
    severity: alarm.severity,
    suppressed: alarm.suppressedBy !== null,
    clearedAt: alarm.state === 'cleared' ? Date.parse(alarm.clearedAt) : null,
    joinedAt,
  };
}

/**
 * One incident in memory: the contract's fields plus counters kept incrementally from its
 * members' contributions, so a member's change costs O(1) however large the incident is. The
 * immutable `Incident` the stream and routes hand out is built on demand and cached until the
 * record changes (the stream hub diffs by reference).
 */
export class IncidentRecord {
  lifecycle: IncidentLifecycle = { state: 'open' };
  readonly members = new Set<string>();
  /** Member count per node. */
  readonly nodes = new Map<string, number>();
  readonly openBySeverity = emptySeverityCounts();
  openCount = 0;
  suppressedOpen = 0;
  tier: Tier = 1;
  assignee: string | null = null;
  policyId: string | null = null;
  /** Source ms, or null when no automatic step is due. */
  nextEscalationAt: number | null = null;
  tierChangedAt: number;
  updatedAt: number;
  /** Moves on every change; caches key on it. */
  version = 0;
  /** Counts as stored, for a closed incident loaded without its members. */
  storedCounts: { alarmCount: number; openCount: number; severity: Severity } | null = null;
  private cached: Incident | null = null;

  constructor(
    readonly id: string,
    public rootAlarmId: string,
    public rootResource: string,
    public title: string,
    readonly openedAt: number,
    public rootSeverity: Severity,
  ) {
    this.tierChangedAt = openedAt;
    this.updatedAt = openedAt;
  }

  get state(): IncidentLifecycle['state'] {
    return this.lifecycle.state;
  }

  get isOpen(): boolean {
    return this.lifecycle.state === 'open' || this.lifecycle.state === 'acknowledged';
  }

  /** Worst severity among members not cleared; the root's when all are. */
  get severity(): Severity {
    if (this.storedCounts) return this.storedCounts.severity;
    for (const s of SEVERITIES) if (this.openBySeverity[s] > 0) return s;
    return this.rootSeverity;
  }

  get suppressed(): boolean {
    return this.openCount > 0 && this.suppressedOpen === this.openCount;
  }

  add(m: MemberInfo, sign: 1 | -1): void {
    if (sign === 1) {
      this.members.add(m.alarmId);
      this.nodes.set(m.resource, (this.nodes.get(m.resource) ?? 0) + 1);
    } else {
      this.members.delete(m.alarmId);
      const n = (this.nodes.get(m.resource) ?? 1) - 1;
      if (n <= 0) this.nodes.delete(m.resource);
      else this.nodes.set(m.resource, n);
    }
    this.contribute(m, sign);
  }

  contribute(m: MemberInfo, sign: 1 | -1): void {
    if (!m.open) return;
    this.openCount += sign;
    this.openBySeverity[m.severity] += sign;
    if (m.suppressed) this.suppressedOpen += sign;
  }

  changed(now: number): void {
    this.updatedAt = Math.max(this.updatedAt, now);
    this.version++;
    this.cached = null;
  }

  view(): Incident {
    if (this.cached) return this.cached;
    const counts = this.storedCounts;
    this.cached = Object.freeze({
      id: this.id,
      rootAlarmId: this.rootAlarmId,
      rootResource: this.rootResource,
      title: this.title,
      severity: this.severity,
      alarmCount: counts ? counts.alarmCount : this.members.size,
      openCount: counts ? counts.openCount : this.openCount,
      openedAt: iso(this.openedAt),
      updatedAt: iso(this.updatedAt),
      tier: this.tier,
      assignee: this.assignee,
      policyId: this.policyId,
      nextEscalationAt: this.nextEscalationAt === null ? null : iso(this.nextEscalationAt),
      suppressed: this.suppressed,
      ...this.lifecycle,
    }) as Incident;
    return this.cached;
  }
}
