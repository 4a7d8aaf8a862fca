import type { Generated } from 'kysely';

/**
 * Tables of the incidents domain (incidents, membership, timeline, escalation policies, on-call,
 * notification channels). Filled in by migration 0004-incidents; see server/store/database.ts
 * for the column conventions (ISO text times, 0/1 flags, JSON as text).
 */
export interface IncidentTables {
  incidents: IncidentsTable;
  incident_members: IncidentMembersTable;
  incident_timeline: IncidentTimelineTable;
  escalation_policies: EscalationPoliciesTable;
  oncall_schedule: OnCallScheduleTable;
  notification_channels: NotificationChannelsTable;
}

export interface IncidentsTable {
  id: string;
  /** open | acknowledged | resolved | merged */
  state: string;
  root_alarm_id: string;
  root_resource: string;
  title: string;
  severity: string;
  alarm_count: number;
  open_count: number;
  opened_at: string;
  updated_at: string;
  tier: number;
  assignee: string | null;
  policy_id: string | null;
  /** Source time; persisted so escalation continues across a restart. */
  next_escalation_at: string | null;
  /** When the tier last changed (source time): the base of the next step's timer. */
  tier_changed_at: string;
  suppressed: number;
  acked_by: string | null;
  acked_at: string | null;
  resolved_at: string | null;
  merged_into: string | null;
  merged_at: string | null;
}

/** Which incident each alarm belongs to (every alarm exactly one: the alarm id is the key). */
export interface IncidentMembersTable {
  alarm_id: string;
  incident_id: string;
  resource: string;
  joined_at: string;
}

export interface IncidentTimelineTable {
  /** Insertion order. */
  seq: Generated<number>;
  id: string;
  incident_id: string;
  kind: string;
  by: string;
  at: string;
  comment: string | null;
  /** JSON object or null. */
  details: string | null;
}

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  tenant: string | null;
  service: string | null;
  /** JSON: [{tier, afterMinutes}]. */
  steps: string;
  /** JSON: channel ids. */
  channels: string;
  min_severity: string;
  updated_by: string;
  updated_at: string;
}

/** One row, id `default`: the whole schedule as JSON. */
export interface OnCallScheduleTable {
  id: string;
  schedule: string;
  updated_by: string;
  updated_at: string;
}

export interface NotificationChannelsTable {
  id: string;
  kind: string;
  name: string;
  /** JSON: the kind's spec. */
  spec: string;
  updated_by: string;
  updated_at: string;
}
