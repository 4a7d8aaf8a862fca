import type { StoreMigration } from './store-migration.js';
import { identityMigration } from './0001-identity.js';
import { auditLogMigration } from './0002-audit-log.js';
import { alarmsMigration } from './0003-alarms.js';
import { incidentsMigration } from './0004-incidents.js';
import { dashboardsMigration } from './0005-dashboards.js';
import { alarmIndexesMigration } from './0006-alarm-indexes.js';
import { slaDaysMigration } from './0007-sla-days.js';

export type { StoreMigration } from './store-migration.js';

/**
 * Every schema step, in order. To add one: write `migrations/000N-what.ts` exporting a
 * StoreMigration and append it here under a name that sorts after the last. Names are
 * recorded in the database; never rename or edit a step that has shipped, add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, StoreMigration>> = {
  '0001-identity': identityMigration,
  '0002-audit-log': auditLogMigration,
  '0003-alarms': alarmsMigration,
  '0004-incidents': incidentsMigration,
  '0005-dashboards': dashboardsMigration,
  '0006-alarm-indexes': alarmIndexesMigration,
  '0007-sla-days': slaDaysMigration,
};
