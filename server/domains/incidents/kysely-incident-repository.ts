import type { Kysely, Selectable } from 'kysely';
import type { Severity } from '../../../shared/domain/alarms.js';
import type { EscalationPolicy, Incident, IncidentLifecycle, TimelineEntry, TimelineKind } from '../../../shared/domain/incidents.js';
import type { NotificationChannel } from '../../../shared/domain/notification-channels.js';
import type { Tier } from '../../../shared/domain/roles.js';
import type { Database } from '../../store/database.js';
import { rowStatement } from '../../store/row-statements.js';
import type { IncidentMembersTable, IncidentsTable, IncidentTimelineTable } from '../../store/tables/incident-tables.js';
import type { IncidentRepository, MemberRow, StoredIncident } from './incident-repository.js';

/** Ids per `in (…)` list when reading, under SQLite's bound-variable limit. */
const CHUNK = 400;

function toRow({ incident: i, tierChangedAt }: StoredIncident): IncidentsTable {
  return {
    id: i.id,
    state: i.state,
    root_alarm_id: i.rootAlarmId,
    root_resource: i.rootResource,
    title: i.title,
    severity: i.severity,
    alarm_count: i.alarmCount,
    open_count: i.openCount,
    opened_at: i.openedAt,
    updated_at: i.updatedAt,
    tier: i.tier,
    assignee: i.assignee,
    policy_id: i.policyId,
    next_escalation_at: i.nextEscalationAt,
    tier_changed_at: tierChangedAt,
    suppressed: i.suppressed ? 1 : 0,
    acked_by: i.state === 'acknowledged' ? i.ackedBy : null,
    acked_at: i.state === 'acknowledged' ? i.ackedAt : null,
    resolved_at: i.state === 'resolved' ? i.resolvedAt : null,
    merged_into: i.state === 'merged' ? i.mergedInto : null,
    merged_at: i.state === 'merged' ? i.mergedAt : null,
  };
}

function lifecycleOf(r: Selectable<IncidentsTable>): IncidentLifecycle {
  switch (r.state) {
    case 'acknowledged':
      return { state: 'acknowledged', ackedBy: r.acked_by ?? 'unknown', ackedAt: r.acked_at ?? r.updated_at };
    case 'resolved':
      return { state: 'resolved', resolvedAt: r.resolved_at ?? r.updated_at };
    case 'merged':
      return { state: 'merged', mergedInto: r.merged_into ?? '', mergedAt: r.merged_at ?? r.updated_at };
    default:
      return { state: 'open' };
  }
}

function fromRow(r: Selectable<IncidentsTable>): StoredIncident {
  const incident = {
    id: r.id,
    rootAlarmId: r.root_alarm_id,
    rootResource: r.root_resource,
    title: r.title,
    severity: r.severity as Severity,
    alarmCount: Number(r.alarm_count),
    openCount: Number(r.open_count),
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    tier: Number(r.tier) as Tier,
    assignee: r.assignee,
    policyId: r.policy_id,
    nextEscalationAt: r.next_escalation_at,
    suppressed: Number(r.suppressed) === 1,
    ...lifecycleOf(r),
  } as Incident;
  return { incident, tierChangedAt: r.tier_changed_at };
}

function toEntry(r: Selectable<IncidentTimelineTable>): TimelineEntry {
  return {
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind as TimelineKind,
    by: r.by,
    at: r.at,
    comment: r.comment,
    details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
  };
}

const toMember = (r: { alarm_id: string; incident_id: string; resource: string; joined_at: string }): MemberRow => ({
  alarmId: r.alarm_id,
  incidentId: r.incident_id,
  resource: r.resource,
  joinedAt: r.joined_at,
});

/** Every column of each written table, in the order the write statements bind them. */
const INCIDENT_COLUMNS = Object.keys({
  id: 1, state: 1, root_alarm_id: 1, root_resource: 1, title: 1, severity: 1, alarm_count: 1, open_count: 1, opened_at: 1,
  updated_at: 1, tier: 1, assignee: 1, policy_id: 1, next_escalation_at: 1, tier_changed_at: 1, suppressed: 1, acked_by: 1,
  acked_at: 1, resolved_at: 1, merged_into: 1, merged_at: 1,
} satisfies Record<keyof IncidentsTable, 1>) as (keyof IncidentsTable)[];
const MEMBER_COLUMNS = Object.keys({ alarm_id: 1, incident_id: 1, resource: 1, joined_at: 1 } satisfies Record<keyof IncidentMembersTable, 1>) as (keyof IncidentMembersTable)[];
type TimelineRow = Omit<IncidentTimelineTable, 'seq'>;
const TIMELINE_COLUMNS = Object.keys({ id: 1, incident_id: 1, kind: 1, by: 1, at: 1, comment: 1, details: 1 } satisfies Record<keyof TimelineRow, 1>) as (keyof TimelineRow)[];

export function createKyselyIncidentRepository(db: Kysely<Database>): IncidentRepository {
  const upsertIncidents = rowStatement<IncidentsTable>(db, INCIDENT_COLUMNS, (rows) =>
    db
      .insertInto('incidents')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          root_alarm_id: eb.ref('excluded.root_alarm_id'),
          root_resource: eb.ref('excluded.root_resource'),
          title: eb.ref('excluded.title'),
          severity: eb.ref('excluded.severity'),
          alarm_count: eb.ref('excluded.alarm_count'),
          open_count: eb.ref('excluded.open_count'),
          updated_at: eb.ref('excluded.updated_at'),
          tier: eb.ref('excluded.tier'),
          assignee: eb.ref('excluded.assignee'),
          policy_id: eb.ref('excluded.policy_id'),
          next_escalation_at: eb.ref('excluded.next_escalation_at'),
          tier_changed_at: eb.ref('excluded.tier_changed_at'),
          suppressed: eb.ref('excluded.suppressed'),
          acked_by: eb.ref('excluded.acked_by'),
          acked_at: eb.ref('excluded.acked_at'),
          resolved_at: eb.ref('excluded.resolved_at'),
          merged_into: eb.ref('excluded.merged_into'),
          merged_at: eb.ref('excluded.merged_at'),
        })),
      ),
  );
  const upsertMembers = rowStatement<IncidentMembersTable>(db, MEMBER_COLUMNS, (rows) =>
    db
      .insertInto('incident_members')
      .values(rows)
      .onConflict((oc) => oc.column('alarm_id').doUpdateSet((eb) => ({ incident_id: eb.ref('excluded.incident_id') }))),
  );
  const appendTimeline = rowStatement<TimelineRow>(db, TIMELINE_COLUMNS, (rows) =>
    // A retried flush may carry entries an earlier, failed-to-answer flush already wrote.
    db.insertInto('incident_timeline').values(rows).onConflict((oc) => oc.column('id').doNothing()),
  );

  return {
    async saveBatch({ incidents, members, timeline }) {
      if (incidents.length + members.length + timeline.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await upsertIncidents.run(trx, incidents.map(toRow));
        await upsertMembers.run(
          trx,
          members.map((m) => ({ alarm_id: m.alarmId, incident_id: m.incidentId, resource: m.resource, joined_at: m.joinedAt })),
        );
        await appendTimeline.run(
          trx,
          timeline.map((e) => ({
            id: e.id,
            incident_id: e.incidentId,
            kind: e.kind,
            by: e.by,
            at: e.at,
            comment: e.comment,
            details: e.details === null ? null : JSON.stringify(e.details),
          })),
        );
      });
    },

    async loadOpen() {
      const rows = await db.selectFrom('incidents').selectAll().where('state', 'in', ['open', 'acknowledged']).orderBy('opened_at').execute();
      const incidents = rows.map(fromRow);
      const members: MemberRow[] = [];
      const ids = rows.map((r) => r.id);
      for (let i = 0; i < ids.length; i += CHUNK) {
        const part = await db
          .selectFrom('incident_members')
          .selectAll()
          .where('incident_id', 'in', ids.slice(i, i + CHUNK))
          .orderBy('joined_at')
          .execute();
        members.push(...part.map(toMember));
      }
      return { incidents, members };
    },

    async loadRecentClosed(limit) {
      const rows = await db
        .selectFrom('incidents')
        .selectAll()
        .where('state', 'in', ['resolved', 'merged'])
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async get(id) {
      const r = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : null;
    },

    async members(incidentId, limit) {
      const rows = await db
        .selectFrom('incident_members')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('joined_at')
        .orderBy('alarm_id')
        .limit(limit)
        .execute();
      return rows.map(toMember);
    },

    async memberNodes(incidentIds) {
      const out: { incidentId: string; resource: string }[] = [];
      for (let i = 0; i < incidentIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('incident_members')
          .select(['incident_id', 'resource'])
          .distinct()
          .where('incident_id', 'in', incidentIds.slice(i, i + CHUNK))
          .execute();
        out.push(...rows.map((r) => ({ incidentId: r.incident_id, resource: r.resource })));
      }
      return out;
    },

    async timeline(incidentId, limit) {
      const rows = await db
        .selectFrom('incident_timeline')
        .selectAll()
        .where('incident_id', '=', incidentId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map(toEntry);
    },

    async listPolicies() {
      const rows = await db.selectFrom('escalation_policies').selectAll().orderBy('id').execute();
      return rows.map(
        (r): EscalationPolicy => ({
          id: r.id,
          name: r.name,
          tenant: r.tenant,
          service: r.service,
          steps: JSON.parse(r.steps) as EscalationPolicy['steps'],
          channels: JSON.parse(r.channels) as string[],
          minSeverity: r.min_severity as Severity,
          updatedBy: r.updated_by,
          updatedAt: r.updated_at,
        }),
      );
    },

    async putPolicy(p) {
      const row = {
        id: p.id,
        name: p.name,
        tenant: p.tenant,
        service: p.service,
        steps: JSON.stringify(p.steps),
        channels: JSON.stringify(p.channels),
        min_severity: p.minSeverity,
        updated_by: p.updatedBy,
        updated_at: p.updatedAt,
      };
      const { id: _id, ...set } = row;
      await db.insertInto('escalation_policies').values(row).onConflict((oc) => oc.column('id').doUpdateSet(set)).execute();
    },

    async deletePolicy(id) {
      const r = await db.deleteFrom('escalation_policies').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async getOnCall() {
      const r = await db.selectFrom('oncall_schedule').selectAll().where('id', '=', 'default').executeTakeFirst();
      return r ? { schedule: JSON.parse(r.schedule) as never, updatedBy: r.updated_by, updatedAt: r.updated_at } : null;
    },

    async putOnCall(o) {
      const set = { schedule: JSON.stringify(o.schedule), updated_by: o.updatedBy, updated_at: o.updatedAt };
      await db.insertInto('oncall_schedule').values({ id: 'default', ...set }).onConflict((oc) => oc.column('id').doUpdateSet(set)).execute();
    },

    async listChannels() {
      const rows = await db.selectFrom('notification_channels').selectAll().orderBy('id').execute();
      return rows.map((r) => ({ ...(JSON.parse(r.spec) as object), id: r.id, updatedBy: r.updated_by, updatedAt: r.updated_at }) as NotificationChannel);
    },

    async putChannel(c) {
      const { id, updatedBy, updatedAt, ...spec } = c;
      const set = { kind: c.kind, name: c.name, spec: JSON.stringify(spec), updated_by: updatedBy, updated_at: updatedAt };
      await db.insertInto('notification_channels').values({ id, ...set }).onConflict((oc) => oc.column('id').doUpdateSet(set)).execute();
    },

    async deleteChannel(id) {
      const r = await db.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
