/**
 * SLA outage history (issue #7). Filled in by migration 0007-sla-days; see
 * server/store/database.ts for the column conventions.
 */
export interface SlaTables {
  sla_days: SlaDaysTable;
}

export interface SlaDaysTable {
  /** The business system's node id. */
  system: string;
  /** UTC day number since the epoch. */
  day: number;
  /** base64 of 180 bytes: bit k (byte k >> 3, bit k & 7) = minute k of the day observed. */
  observed: string;
  /** base64 of 180 bytes: the observed minutes that were down. */
  down: string;
  /** Minutes since the epoch: how far the history had reached when the row was written. */
  through_minute: number;
}
