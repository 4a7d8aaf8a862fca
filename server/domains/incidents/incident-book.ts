import { randomBytes, randomUUID } from 'node:crypto';
import type { Alarm } from '../../../shared/domain/alarms.js';
import type { TimelineEntry, TimelineKind } from '../../../shared/domain/incidents.js';
import { IncidentRecord, iso, memberOf, type MemberInfo } from './incident-record.js';

/** Resolved and merged incidents kept in memory for lists and the board; older ones live in the store only. */
export const RETAIN_CLOSED = 2000;
/** Unwritten timeline entries kept while the store is unreachable; past this the oldest are dropped (counted). */
export const MAX_PENDING_TIMELINE = 100_000;

export function newIncidentId(): string {
  return `inc-${randomBytes(6).toString('hex')}`;
}

/**
 * The incidents in memory: every open incident with its members, the most recent closed ones,
 * indexes by node for correlation, and what changed since the last write-behind flush. It holds
 * state and keeps it consistent; deciding where an alarm goes is the Correlator's job.
 */
export class IncidentBook {
  readonly incidents = new Map<string, IncidentRecord>();
  private readonly memberMap = new Map<string, MemberInfo>();
  /** Open incidents with a member on the node. */
  private readonly byNode = new Map<string, Set<string>>();
  /** Open incidents rooted at the node. */
  private readonly byRoot = new Map<string, Set<string>>();
  private readonly closedOrder: string[] = [];
  private readonly listeners = new Set<(id: string) => void>();
  private openTotal = 0;

  /** Write-behind: incidents to upsert, memberships to upsert, timeline entries to insert. */
  readonly dirty = new Set<string>();
  readonly pendingMembers = new Map<string, MemberInfo>();
  pendingTimeline: TimelineEntry[] = [];
  droppedTimeline = 0;
  /** Incidents whose escalation timer must be looked at again (opened, severity moved, re-rooted). */
  readonly toSchedule = new Set<string>();

  get openCount(): number {
    return this.openTotal;
  }
  get memberCount(): number {
    return this.memberMap.size;
  }

  get(id: string): IncidentRecord | undefined {
    return this.incidents.get(id);
  }
  member(alarmId: string): MemberInfo | undefined {
    return this.memberMap.get(alarmId);
  }
  *openIncidents(): Generator<IncidentRecord> {
    for (const r of this.incidents.values()) if (r.isOpen) yield r;
  }
  openOnNode(node: string): ReadonlySet<string> | undefined {
    return this.byNode.get(node);
  }
  /** Root node → open incidents rooted there. */
  get roots(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.byRoot;
  }

  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new incident rooted at this alarm. */
  open(alarm: Alarm, now: number, id = newIncidentId()): IncidentRecord {
    const rec = new IncidentRecord(id, alarm.id, alarm.resource, alarm.summary, now, alarm.severity);
    this.incidents.set(id, rec);
    this.openTotal++;
    index(this.byRoot, rec.rootResource, id);
    this.timeline(rec, 'opened', 'system', now, null, { rootAlarmId: alarm.id, resource: alarm.resource, severity: alarm.severity });
    this.attach(rec, memberOf(alarm, id, now));
    this.touch(rec, now);
    if (rec.openCount === 0) this.resolve(rec, now);
    return rec;
  }

  /** Adds an alarm to an incident (a symptom, or another alarm on a node it already holds). */
  join(rec: IncidentRecord, alarm: Alarm, now: number): void {
    this.attach(rec, memberOf(alarm, rec.id, now));
    this.timeline(rec, 'alarm-joined', 'system', now, null, { alarmId: alarm.id, resource: alarm.resource, severity: alarm.severity });
    this.touch(rec, now);
  }

  /** A deeper root arrived: it becomes this incident's root and a member. */
  reroot(rec: IncidentRecord, alarm: Alarm, now: number): void {
    const from = { alarmId: rec.rootAlarmId, resource: rec.rootResource };
    unindex(this.byRoot, rec.rootResource, rec.id);
    rec.rootAlarmId = alarm.id;
    rec.rootResource = alarm.resource;
    rec.title = alarm.summary;
    rec.rootSeverity = alarm.severity;
    index(this.byRoot, rec.rootResource, rec.id);
    this.attach(rec, memberOf(alarm, rec.id, now));
    this.timeline(rec, 're-rooted', 'system', now, null, { from, to: { alarmId: alarm.id, resource: alarm.resource } });
    this.touch(rec, now);
  }

  /** Moves every member of `from` into `into`; `from` ends merged. Returns the moved alarm ids. */
  merge(from: IncidentRecord, into: IncidentRecord, now: number): string[] {
    const moved = [...from.members];
    for (const alarmId of moved) {
      const m = this.memberMap.get(alarmId)!;
      from.add(m, -1);
      unindex(this.byNode, m.resource, from.id);
      m.incidentId = into.id;
      into.add(m, 1);
      index(this.byNode, m.resource, into.id);
      this.pendingMembers.set(alarmId, m);
    }
    // The merged incident keeps the highest tier reached, so nobody is paged backwards.
    if (from.tier > into.tier) {
      into.tier = from.tier;
      into.tierChangedAt = now;
    }
    this.close(from, { state: 'merged', mergedInto: into.id, mergedAt: iso(now) }, now);
    this.timeline(from, 'merged', 'system', now, null, { into: into.id, alarms: moved.length });
    this.timeline(into, 'merged', 'system', now, null, { from: from.id, alarms: moved.length });
    this.touch(into, now);
    return moved;
  }

  /** A member alarm changed on the ledger: fold its new contribution in; resolve when none is open. */
  update(alarm: Alarm, now: number): void {
    const m = this.memberMap.get(alarm.id);
    if (!m) return;
    // Repeats (dedup: count and lastSeen moved) are the common case: nothing here changes.
    const open = alarm.state !== 'cleared';
    if (open && m.open && alarm.severity === m.severity && (alarm.suppressedBy !== null) === m.suppressed) return;
    const rec = this.incidents.get(m.incidentId);
    const next = memberOf(alarm, m.incidentId, m.joinedAt);
    if (next.open === m.open && next.severity === m.severity && next.suppressed === m.suppressed && next.clearedAt === m.clearedAt) return;
    if (!rec) {
      Object.assign(m, next);
      return;
    }
    const before = rec.severity;
    rec.contribute(m, -1);
    Object.assign(m, { open: next.open, severity: next.severity, suppressed: next.suppressed, clearedAt: next.clearedAt });
    rec.contribute(m, 1);
    if (alarm.id === rec.rootAlarmId) rec.rootSeverity = alarm.severity;
    this.touch(rec, now);
    if (rec.severity !== before) this.toSchedule.add(rec.id);
    if (rec.isOpen && rec.openCount === 0) this.resolve(rec, now);
  }

  /** Restores a stored incident with its members (load after a restart). */
  restore(rec: IncidentRecord, members: readonly MemberInfo[]): void {
    this.incidents.set(rec.id, rec);
    for (const m of members) {
      this.memberMap.set(m.alarmId, m);
      rec.add(m, 1);
    }
    if (rec.isOpen) {
      this.openTotal++;
      index(this.byRoot, rec.rootResource, rec.id);
      for (const node of rec.nodes.keys()) index(this.byNode, node, rec.id);
    } else {
      this.closedOrder.push(rec.id);
    }
    rec.changed(rec.updatedAt);
  }

  resolve(rec: IncidentRecord, now: number): void {
    this.close(rec, { state: 'resolved', resolvedAt: iso(now) }, now);
    this.timeline(rec, 'resolved', 'system', now, null, { alarms: rec.members.size });
  }

  timeline(rec: Pick<IncidentRecord, 'id'>, kind: TimelineKind, by: string, now: number, comment: string | null, details: Record<string, unknown> | null): TimelineEntry {
    const entry: TimelineEntry = { id: randomUUID(), incidentId: rec.id, kind, by, at: iso(now), comment, details };
    this.pendingTimeline.push(entry);
    if (this.pendingTimeline.length > MAX_PENDING_TIMELINE) {
      const drop = this.pendingTimeline.length - MAX_PENDING_TIMELINE;
      this.pendingTimeline.splice(0, drop);
      this.droppedTimeline += drop;
    }
    return entry;
  }

  /** Marks an incident changed: written at the next flush, re-sent on the stream. */
  touch(rec: IncidentRecord, now: number): void {
    rec.changed(now);
    this.dirty.add(rec.id);
    for (const l of this.listeners) l(rec.id);
  }

  private attach(rec: IncidentRecord, m: MemberInfo): void {
    const prev = this.memberMap.get(m.alarmId);
    if (prev) {
      // Every alarm belongs to exactly one incident: leave the old one first.
      const old = this.incidents.get(prev.incidentId);
      if (old) {
        old.add(prev, -1);
        if (old.isOpen && !old.nodes.has(prev.resource)) unindex(this.byNode, prev.resource, old.id);
      }
    }
    this.memberMap.set(m.alarmId, m);
    rec.add(m, 1);
    if (rec.isOpen) index(this.byNode, m.resource, rec.id);
    this.pendingMembers.set(m.alarmId, m);
    this.toSchedule.add(rec.id);
  }

  private close(rec: IncidentRecord, lifecycle: IncidentRecord['lifecycle'], now: number): void {
    if (!rec.isOpen) return;
    rec.lifecycle = lifecycle;
    rec.nextEscalationAt = null;
    this.openTotal--;
    unindex(this.byRoot, rec.rootResource, rec.id);
    for (const node of rec.nodes.keys()) unindex(this.byNode, node, rec.id);
    this.touch(rec, now);
    this.closedOrder.push(rec.id);
    this.evictClosed();
  }

  /** Forgets the oldest closed incidents past RETAIN_CLOSED once they are written. */
  evictClosed(): void {
    while (this.closedOrder.length > RETAIN_CLOSED) {
      const id = this.closedOrder[0]!;
      if (this.dirty.has(id)) return;
      this.closedOrder.shift();
      const rec = this.incidents.get(id);
      if (!rec || rec.isOpen) continue;
      for (const alarmId of rec.members) {
        if (this.memberMap.get(alarmId)?.incidentId === id) this.memberMap.delete(alarmId);
      }
      this.incidents.delete(id);
      for (const l of this.listeners) l(id);
    }
  }
}

function index(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function unindex(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
