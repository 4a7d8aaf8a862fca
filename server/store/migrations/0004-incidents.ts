import type { StoreMigration } from './store-migration.js';

/**
 * Incidents (issue #6): the incident rows with their escalation timer, which incident each alarm
 * belongs to, the timeline, escalation policies, the on-call schedule and notification channels.
 */
export const incidentsMigration: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('root_alarm_id', 'text', (c) => c.notNull())
      .addColumn('root_resource', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('alarm_count', 'integer', (c) => c.notNull())
      .addColumn('open_count', 'integer', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('tier', 'integer', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('policy_id', 'text')
      .addColumn('next_escalation_at', 'text')
      .addColumn('tier_changed_at', 'text', (c) => c.notNull())
      .addColumn('suppressed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('acked_by', 'text')
      .addColumn('acked_at', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('merged_into', 'text')
      .addColumn('merged_at', 'text')
      .execute();
    await db.schema.createIndex('incidents_state_idx').on('incidents').columns(['state', 'opened_at', 'id']).execute();
    await db.schema.createIndex('incidents_updated_idx').on('incidents').columns(['updated_at', 'id']).execute();

    await db.schema
      .createTable('incident_members')
      .addColumn('alarm_id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incident_members_incident_idx').on('incident_members').columns(['incident_id', 'joined_at']).execute();

    await db.schema
      .createTable('incident_timeline')
      .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('incident_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('details', 'text')
      .execute();
    await db.schema.createIndex('incident_timeline_incident_idx').on('incident_timeline').columns(['incident_id', 'seq']).execute();

    await db.schema
      .createTable('escalation_policies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text')
      .addColumn('service', 'text')
      .addColumn('steps', 'text', (c) => c.notNull())
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('min_severity', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('oncall_schedule')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('schedule', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('notification_channels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
