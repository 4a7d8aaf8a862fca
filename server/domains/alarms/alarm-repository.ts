import type { Kysely, Selectable } from 'kysely';
import { SEVERITY_RANK, type Alarm, type AlarmStep, type AlarmStepKind, type Severity } from '../../../shared/domain/alarms.js';
import type { Database } from '../../store/database.js';
import { rowStatement } from '../../store/row-statements.js';
import { sqliteOf } from '../../store/sqlite-statement-cache.js';
import type { AlarmHistoryTable, AlarmsTable } from '../../store/tables/alarm-tables.js';

/** A filter the store can answer (the REST list's, after visibility is resolved). */
export interface AlarmStoreFilter {
  states: readonly string[];
  severities?: readonly Severity[] | undefined;
  resource?: string | undefined;
  incident?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  suppressed: 'include' | 'exclude' | 'only';
}

/** The position after which a page starts: worst first, then newest lastSeen, then id (all descending). */
export type AlarmCursor = [rank: number, lastSeen: string, id: string];

export interface AlarmRepository {
  /**
   * Writes the latest state of these alarms and appends these steps, in one transaction.
   * `repeats` are alarms whose row is already stored and whose only change since is count and
   * lastSeen (dedup): only those two columns need to move.
   */
  save(alarms: readonly Alarm[], steps: readonly AlarmStep[], repeats?: readonly Alarm[]): Promise<void>;
  loadOpen(limit: number): Promise<Alarm[]>;
  get(id: string): Promise<Alarm | null>;
  history(alarmId: string, limit: number): Promise<AlarmStep[]>;
  /** One ordered batch of rows after `after` (callers filter visibility and page). */
  scan(filter: AlarmStoreFilter, after: AlarmCursor | null, limit: number): Promise<Alarm[]>;
}

/** Every column of an alarm row, in the order the write statements bind them. */
const ALARM_COLUMNS = Object.keys({
  id: 1, fingerprint: 1, resource: 1, type: 1, severity: 1, severity_rank: 1, summary: 1, source: 1, labels: 1, origin: 1, count: 1,
  first_seen: 1, last_seen: 1, incident_id: 1, assignee: 1, flapping: 1, suppressed_by: 1, clamped: 1, state: 1, acked_by: 1,
  acked_at: 1, cleared_by: 1, cleared_at: 1,
} satisfies Record<keyof AlarmsTable, 1>) as (keyof AlarmsTable)[];

type HistoryRow = Omit<AlarmHistoryTable, 'seq'>;
type RepeatRow = Pick<AlarmsTable, 'count' | 'last_seen' | 'id'>;
const HISTORY_COLUMNS = Object.keys({ alarm_id: 1, kind: 1, by: 1, at: 1, comment: 1, details: 1 } satisfies Record<keyof HistoryRow, 1>) as (keyof HistoryRow)[];

export function createAlarmRepository(db: Kysely<Database>): AlarmRepository {
  // The latest state of an alarm wins; what never changes (id, fingerprint, resource, type,
  // source, first_seen) is not rewritten.
  const upsertAlarms = rowStatement<AlarmsTable>(db, ALARM_COLUMNS, (rows) =>
    db
      .insertInto('alarms')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          severity: eb.ref('excluded.severity'),
          severity_rank: eb.ref('excluded.severity_rank'),
          summary: eb.ref('excluded.summary'),
          labels: eb.ref('excluded.labels'),
          origin: eb.ref('excluded.origin'),
          count: eb.ref('excluded.count'),
          last_seen: eb.ref('excluded.last_seen'),
          incident_id: eb.ref('excluded.incident_id'),
          assignee: eb.ref('excluded.assignee'),
          flapping: eb.ref('excluded.flapping'),
          suppressed_by: eb.ref('excluded.suppressed_by'),
          clamped: eb.ref('excluded.clamped'),
          state: eb.ref('excluded.state'),
          acked_by: eb.ref('excluded.acked_by'),
          acked_at: eb.ref('excluded.acked_at'),
          cleared_by: eb.ref('excluded.cleared_by'),
          cleared_at: eb.ref('excluded.cleared_at'),
        })),
      ),
  );
  const appendSteps = rowStatement<HistoryRow>(db, HISTORY_COLUMNS, (rows) => db.insertInto('alarm_history').values(rows));
  // On SQLite a repeat's row moves by key, two columns and one index (a third of a storm's rows);
  // PostgreSQL has no multi-row UPDATE by key in Kysely's portable subset, and a statement per
  // row is a round trip each, so repeats go out there with the batched upserts instead.
  const touchRepeats = sqliteOf(db)
    ? rowStatement<RepeatRow>(db, ['count', 'last_seen', 'id'], ([r]) => db.updateTable('alarms').set({ count: r!.count, last_seen: r!.last_seen }).where('id', '=', r!.id), { oneRow: true })
    : null;

  return {
    async save(alarms, steps, repeats = []) {
      if (alarms.length === 0 && steps.length === 0 && repeats.length === 0) return;
      await db.transaction().execute(async (tx) => {
        if (touchRepeats) {
          await upsertAlarms.run(tx, alarms.map(toRow));
          await touchRepeats.run(tx, repeats.map((a) => ({ count: a.count, last_seen: a.lastSeen, id: a.id })));
        } else {
          await upsertAlarms.run(tx, [...alarms, ...repeats].map(toRow));
        }
        await appendSteps.run(
          tx,
          steps.map((s) => ({
            alarm_id: s.alarmId,
            kind: s.kind,
            by: s.by,
            at: s.at,
            comment: s.comment,
            details: s.details === null ? null : JSON.stringify(s.details),
          })),
        );
      });
    },

    async loadOpen(limit) {
      const rows = await db.selectFrom('alarms').selectAll().where('state', '!=', 'cleared').orderBy('last_seen', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    },

    async get(id) {
      const r = await db.selectFrom('alarms').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : null;
    },

    async history(alarmId, limit) {
      const rows = await db.selectFrom('alarm_history').selectAll().where('alarm_id', '=', alarmId).orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({
        alarmId: r.alarm_id,
        kind: r.kind as AlarmStepKind,
        by: r.by,
        at: r.at,
        comment: r.comment,
        details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
      }));
    },

    async scan(f, after, limit) {
      let q = db.selectFrom('alarms').selectAll().where('state', 'in', [...f.states]);
      if (f.severities) q = q.where('severity', 'in', [...f.severities]);
      if (f.resource) q = q.where('resource', '=', f.resource);
      if (f.incident) q = q.where('incident_id', '=', f.incident);
      if (f.from) q = q.where('last_seen', '>=', f.from);
      if (f.to) q = q.where('last_seen', '<=', f.to);
      if (f.suppressed === 'exclude') q = q.where('suppressed_by', 'is', null);
      if (f.suppressed === 'only') q = q.where('suppressed_by', 'is not', null);
      if (after) {
        const [rank, seen, id] = after;
        q = q.where((eb) =>
          eb.or([
            eb('severity_rank', '<', rank),
            eb.and([eb('severity_rank', '=', rank), eb('last_seen', '<', seen)]),
            eb.and([eb('severity_rank', '=', rank), eb('last_seen', '=', seen), eb('id', '<', id)]),
          ]),
        );
      }
      const rows = await q.orderBy('severity_rank', 'desc').orderBy('last_seen', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    },
  };
}

function toRow(a: Alarm): AlarmsTable {
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    resource: a.resource,
    type: a.type,
    severity: a.severity,
    severity_rank: SEVERITY_RANK[a.severity],
    summary: a.summary,
    source: a.source,
    labels: JSON.stringify(a.labels),
    origin: JSON.stringify(a.origin),
    count: a.count,
    first_seen: a.firstSeen,
    last_seen: a.lastSeen,
    incident_id: a.incidentId,
    assignee: a.assignee,
    flapping: a.flapping ? 1 : 0,
    suppressed_by: a.suppressedBy,
    clamped: a.clamped ? 1 : 0,
    state: a.state,
    acked_by: a.state === 'active' ? null : a.ackedBy,
    acked_at: a.state === 'active' ? null : a.ackedAt,
    cleared_by: a.state === 'cleared' ? a.clearedBy : null,
    cleared_at: a.state === 'cleared' ? a.clearedAt : null,
  };
}

function fromRow(r: Selectable<AlarmsTable>): Alarm {
  const base = {
    id: r.id,
    fingerprint: r.fingerprint,
    resource: r.resource,
    type: r.type,
    severity: r.severity as Severity,
    summary: r.summary,
    source: r.source,
    labels: JSON.parse(r.labels) as Record<string, string>,
    origin: JSON.parse(r.origin) as Alarm['origin'],
    count: Number(r.count),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    incidentId: r.incident_id,
    assignee: r.assignee,
    flapping: Number(r.flapping) === 1,
    suppressedBy: r.suppressed_by,
    clamped: Number(r.clamped) === 1,
  };
  if (r.state === 'cleared') {
    return { ...base, state: 'cleared', clearedBy: r.cleared_by ?? 'system', clearedAt: r.cleared_at ?? r.last_seen, ackedBy: r.acked_by, ackedAt: r.acked_at };
  }
  if (r.state === 'acknowledged') return { ...base, state: 'acknowledged', ackedBy: r.acked_by ?? 'system', ackedAt: r.acked_at ?? r.last_seen };
  return { ...base, state: 'active' };
}
