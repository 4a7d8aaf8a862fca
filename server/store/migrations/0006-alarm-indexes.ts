import type { StoreMigration } from './store-migration.js';

/**
 * Fewer, better alarm indexes (issue #6, bench:alarms part 1). Every alarm row is rewritten on
 * each write-behind flush that changes it (a storm rewrites tens of thousands a minute), and
 * each index it sits in costs a delete and an insert per rewrite. Store-backed lists always
 * filter on several states and order by (severity_rank, last_seen, id) with a LIMIT:
 *
 * - `alarms_state_idx` (state, severity_rank, last_seen, id) made SQLite pick it for the state
 *   filter and then sort every matching row in a temporary B-tree; without it, both engines
 *   walk `alarms_order_idx` in list order and stop at the page's LIMIT.
 * - `alarms_resource_idx` (resource, last_seen): the resource filter only ever used its first
 *   column, while the second made every repeat (a new last_seen) move the entry; now (resource).
 */
export const alarmIndexesMigration: StoreMigration = {
  async up(db) {
    await db.schema.dropIndex('alarms_state_idx').execute();
    await db.schema.dropIndex('alarms_resource_idx').execute();
    await db.schema.createIndex('alarms_resource_idx').on('alarms').column('resource').execute();
  },
};
