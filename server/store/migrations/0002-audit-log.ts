import { sql } from 'kysely';
import type { StoreMigration } from './store-migration.js';

const REFUSAL = 'audit_log is append-only';

/**
 * The audit log: a hash chain (each row's hash covers the previous row's hash), append-only by
 * database triggers on both engines, so even code with a bug or a stray SQL console cannot
 * rewrite history without first dropping the triggers. `prev_hash` is unique: two writers that
 * raced for the same tail cannot both succeed, so the chain never forks.
 */
export const auditLogMigration: StoreMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('actor_kind', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'seq']).execute();
    await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor', 'seq']).execute();

    if (dialect === 'postgres') {
      await sql
        .raw(
          `CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
           FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
        )
        .execute(db);
      // Row triggers do not see TRUNCATE; a statement trigger does.
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
           FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`,
        )
        .execute(db);
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log
             BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`,
          )
          .execute(db);
      }
    }
  },
};
