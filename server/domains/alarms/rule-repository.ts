import type { Kysely } from 'kysely';
import type { AlarmRule, RuleSpec } from '../../../shared/domain/alarm-rules.js';
import { errors } from '../../core/errors.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation } from '../../store/db-errors.js';

export interface RuleRepository {
  /** The newest version of every rule. */
  current(): Promise<AlarmRule[]>;
  /** Every version of one rule, newest first. */
  versions(id: string, limit: number, beforeVersion: number | null): Promise<AlarmRule[]>;
  /** Appends a version; 409 when that version exists (a concurrent edit won). */
  insert(rule: AlarmRule): Promise<void>;
}

export function createRuleRepository(db: Kysely<Database>): RuleRepository {
  const toRule = (r: { rule_id: string; version: number; spec: string; updated_by: string; updated_at: string }): AlarmRule => ({
    ...(JSON.parse(r.spec) as RuleSpec),
    id: r.rule_id,
    version: Number(r.version),
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  });
  return {
    async current() {
      const rows = await db
        .selectFrom('alarm_rule_versions as v')
        .selectAll('v')
        .where(({ eb, selectFrom }) =>
          eb('v.version', '=', selectFrom('alarm_rule_versions as w').select((e) => e.fn.max('w.version').as('m')).whereRef('w.rule_id', '=', 'v.rule_id')),
        )
        .orderBy('v.rule_id')
        .execute();
      return rows.map(toRule);
    },
    async versions(id, limit, beforeVersion) {
      let q = db.selectFrom('alarm_rule_versions').selectAll().where('rule_id', '=', id);
      if (beforeVersion !== null) q = q.where('version', '<', beforeVersion);
      return (await q.orderBy('version', 'desc').limit(limit).execute()).map(toRule);
    },
    async insert(rule) {
      const { id, version, updatedBy, updatedAt, ...spec } = rule;
      try {
        await db
          .insertInto('alarm_rule_versions')
          .values({ rule_id: id, version, spec: JSON.stringify(spec), updated_by: updatedBy, updated_at: updatedAt })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw errors.conflict(`rule ${id} version ${version} exists: someone else edited it`);
        throw err;
      }
    },
  };
}
