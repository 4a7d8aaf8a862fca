import type { Generated } from 'kysely';

/**
 * Tables of the alarms domain (alarms, their history, rules and their versions, silences).
 * Filled in by migration 0003-alarms; see server/store/database.ts for the column conventions
 * (UTC ISO text times, 0/1 flags, JSON as text).
 */
export interface AlarmTables {
  alarms: AlarmsTable;
  alarm_history: AlarmHistoryTable;
  alarm_rule_versions: AlarmRuleVersionsTable;
  silences: SilencesTable;
}

/** One row per alarm, written behind the in-memory book (latest state wins). */
export interface AlarmsTable {
  id: string;
  fingerprint: string;
  resource: string;
  type: string;
  severity: string;
  /** SEVERITY_RANK of severity: lists sort worst first in SQL. */
  severity_rank: number;
  summary: string;
  source: string;
  /** JSON object. */
  labels: string;
  /** JSON AlarmOrigin. */
  origin: string;
  count: number;
  first_seen: string;
  last_seen: string;
  incident_id: string | null;
  assignee: string | null;
  flapping: number;
  suppressed_by: string | null;
  clamped: number;
  state: string;
  acked_by: string | null;
  acked_at: string | null;
  cleared_by: string | null;
  cleared_at: string | null;
}

/** Append-only steps of each alarm (AlarmStep). */
export interface AlarmHistoryTable {
  seq: Generated<number>;
  alarm_id: string;
  kind: string;
  by: string;
  at: string;
  comment: string | null;
  /** JSON or null. */
  details: string | null;
}

/** Every version of every rule; the current rule is the highest version. */
export interface AlarmRuleVersionsTable {
  rule_id: string;
  version: number;
  /** JSON RuleSpec (kind, name, nodeKinds, enabled, …). */
  spec: string;
  updated_by: string;
  updated_at: string;
}

export interface SilencesTable {
  id: string;
  kind: string;
  labels: string | null;
  nodes: string | null;
  tenant: string | null;
  starts_at: string;
  ends_at: string;
  reason: string;
  created_by: string;
  created_at: string;
  /** Source time it was expired by hand, null otherwise. */
  expired_at: string | null;
  expired_by: string | null;
}
