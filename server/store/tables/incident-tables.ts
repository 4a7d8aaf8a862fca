/**
 * Tables of the incidents domain (incidents, membership, timeline, escalation policies, on-call,
 * notification channels). Filled in by migration 0004-incidents; see server/store/database.ts.
 */
export interface IncidentTables {}
