import type { StoreMigration } from './store-migration.js';

/**
 * SLA outage history (issue #7): per business system and UTC day, which minutes were observed and
 * which of those were down, as two 1,440-bit maps (base64 text, the same on both engines), and
 * the newest minute the history had reached when written (integer minutes since the epoch).
 */
export const slaDaysMigration: StoreMigration = {
  async up(db) {
    await db.schema
      .createTable('sla_days')
      .addColumn('system', 'text', (c) => c.notNull())
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('observed', 'text', (c) => c.notNull())
      .addColumn('down', 'text', (c) => c.notNull())
      .addColumn('through_minute', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sla_days_pk', ['system', 'day'])
      .execute();
    await db.schema.createIndex('sla_days_day_idx').on('sla_days').column('day').execute();
  },
};
