import type { Incident, TimelineEntry, EscalationPolicy, OnCallSchedule } from '../../../shared/domain/incidents.js';
import type { NotificationChannel } from '../../../shared/domain/notification-channels.js';

/** An incident as stored: the contract's fields plus the base of its escalation timer. */
export interface StoredIncident {
  incident: Incident;
  /** Source time the tier last changed, UTC ISO. */
  tierChangedAt: string;
}

export interface MemberRow {
  alarmId: string;
  incidentId: string;
  resource: string;
  joinedAt: string;
}

export interface StoredOnCall {
  schedule: OnCallSchedule;
  updatedBy: string;
  updatedAt: string;
}

/**
 * What the incidents domain needs from storage, and nothing about SQL. One Kysely
 * implementation runs on SQLite and PostgreSQL; the same tests run against both.
 */
export interface IncidentRepository {
  /** One write-behind flush, in one transaction: incidents and memberships upserted, timeline appended. */
  saveBatch(batch: { incidents: readonly StoredIncident[]; members: readonly MemberRow[]; timeline: readonly TimelineEntry[] }): Promise<void>;
  /** Open and acknowledged incidents with their members (load after a restart). */
  loadOpen(): Promise<{ incidents: StoredIncident[]; members: MemberRow[] }>;
  /** The most recently updated resolved or merged incidents, newest first. */
  loadRecentClosed(limit: number): Promise<StoredIncident[]>;
  get(id: string): Promise<StoredIncident | null>;
  /** Members in the order they joined, at most `limit`. */
  members(incidentId: string, limit: number): Promise<MemberRow[]>;
  /** The distinct nodes of these incidents' members (lists and visibility of closed incidents). */
  memberNodes(incidentIds: readonly string[]): Promise<{ incidentId: string; resource: string }[]>;
  /** The latest `limit` entries, oldest first. */
  timeline(incidentId: string, limit: number): Promise<TimelineEntry[]>;

  listPolicies(): Promise<EscalationPolicy[]>;
  /** Inserts or replaces by id. */
  putPolicy(policy: EscalationPolicy): Promise<void>;
  deletePolicy(id: string): Promise<boolean>;

  getOnCall(): Promise<StoredOnCall | null>;
  putOnCall(onCall: StoredOnCall): Promise<void>;

  listChannels(): Promise<NotificationChannel[]>;
  putChannel(channel: NotificationChannel): Promise<void>;
  deleteChannel(id: string): Promise<boolean>;
}
