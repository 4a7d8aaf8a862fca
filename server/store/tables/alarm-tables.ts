/**
 * Tables of the alarms domain (alarms, their history, rules and their versions, silences).
 * Filled in by migration 0003-alarms; see server/store/database.ts for the column conventions.
 */
export interface AlarmTables {}
