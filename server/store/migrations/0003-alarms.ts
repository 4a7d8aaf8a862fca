import { sql } from 'kysely';
import type { StoreMigration } from './store-migration.js';

/** Alarms with their history, versioned alarm rules, silences and maintenance windows. */
export const alarmsMigration: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('alarms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('severity_rank', 'integer', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('incident_id', 'text')
      .addColumn('assignee', 'text')
      .addColumn('flapping', 'integer', (c) => c.notNull().defaultTo(0).check(sql`flapping in (0, 1)`))
      .addColumn('suppressed_by', 'text')
      .addColumn('clamped', 'integer', (c) => c.notNull().defaultTo(0).check(sql`clamped in (0, 1)`))
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'acknowledged', 'cleared')`))
      .addColumn('acked_by', 'text')
      .addColumn('acked_at', 'text')
      .addColumn('cleared_by', 'text')
      .addColumn('cleared_at', 'text')
      .execute();
    await db.schema.createIndex('alarms_state_idx').on('alarms').columns(['state', 'severity_rank', 'last_seen', 'id']).execute();
    await db.schema.createIndex('alarms_order_idx').on('alarms').columns(['severity_rank', 'last_seen', 'id']).execute();
    await db.schema.createIndex('alarms_resource_idx').on('alarms').columns(['resource', 'last_seen']).execute();
    await db.schema.createIndex('alarms_incident_idx').on('alarms').column('incident_id').execute();

    await db.schema
      .createTable('alarm_history')
      .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('alarm_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('details', 'text')
      .execute();
    await db.schema.createIndex('alarm_history_alarm_idx').on('alarm_history').columns(['alarm_id', 'seq']).execute();

    await db.schema
      .createTable('alarm_rule_versions')
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alarm_rule_versions_pk', ['rule_id', 'version'])
      .execute();

    await db.schema
      .createTable('silences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('silence', 'maintenance')`))
      .addColumn('labels', 'text')
      .addColumn('nodes', 'text')
      .addColumn('tenant', 'text')
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expired_at', 'text')
      .addColumn('expired_by', 'text')
      .execute();
    await db.schema.createIndex('silences_ends_idx').on('silences').columns(['ends_at', 'id']).execute();
    await db.schema.createIndex('silences_created_idx').on('silences').columns(['created_at', 'id']).execute();
  },
};
