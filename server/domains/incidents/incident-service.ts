import { SEVERITY_RANK, type Alarm } from '../../../shared/domain/alarms.js';
import type { Incident, IncidentState, TimelineEntry } from '../../../shared/domain/incidents.js';
import type { Tier } from '../../../shared/domain/roles.js';
import type { IncidentDetail, IncidentListQuery } from '../../../shared/protocol/alarms.js';
import { INCIDENT_DETAIL_ALARMS, INCIDENT_DETAIL_TIMELINE } from '../../../shared/protocol/incidents.js';
import { actorOf, audienceOf, can, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../../store/cursor.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { VisibilityIndex } from '../topology/index.js';
import type { EscalationConfig } from './escalation-config.js';
import type { Escalator } from './escalator.js';
import type { IncidentBook } from './incident-book.js';
import { iso, type IncidentRecord } from './incident-record.js';
import type { IncidentRepository } from './incident-repository.js';
import type { IncidentViews } from './incident-views.js';

export interface IncidentServiceDeps {
  book: IncidentBook;
  views: IncidentViews;
  escalator: Escalator;
  config: EscalationConfig;
  repo: IncidentRepository;
  ledger: AlarmLedger;
  visibility: VisibilityIndex;
  sourceClock: Clock;
}

const DEFAULT_STATES: readonly IncidentState[] = ['open', 'acknowledged'];

/**
 * What people do with incidents (REST and CLI): list and read them as their audience sees them,
 * acknowledge (every member alarm too), assign, escalate and comment. Every step lands on the
 * timeline with who and when (source time). Another tenant's incident answers 404; a step the
 * lifecycle does not allow answers 409.
 */
export class IncidentService {
  constructor(private readonly d: IncidentServiceDeps) {}

  list(principal: Principal, q: IncidentListQuery): Page<Incident> {
    const audience = audienceOf(principal);
    const states = new Set<IncidentState>(q.state ?? DEFAULT_STATES);
    const severities = q.severity ? new Set(q.severity) : null;
    const from = q.from ? Date.parse(q.from) : null;
    const to = q.to ? Date.parse(q.to) : null;
    const after = q.cursor ? (decodeCursor(q.cursor, ['string', 'string']) as [string, string]) : null;
    const rows: Incident[] = [];
    for (const rec of this.d.book.incidents.values()) {
      if (!states.has(rec.state)) continue;
      if (from !== null && rec.openedAt < from) continue;
      if (to !== null && rec.openedAt > to) continue;
      if (q.resource && rec.rootResource !== q.resource && !rec.nodes.has(q.resource)) continue;
      const view = this.d.views.view(rec, audience);
      if (!view || (severities && !severities.has(view.severity))) continue;
      if (after && !isAfter(view, after)) continue;
      rows.push(view);
    }
    // Newest first; the cursor is the last item's (openedAt, id).
    rows.sort((a, b) => (a.openedAt !== b.openedAt ? (a.openedAt < b.openedAt ? 1 : -1) : a.id < b.id ? 1 : -1));
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.openedAt, last.id]) : null };
  }

  async detail(principal: Principal, id: string): Promise<IncidentDetail> {
    const audience = audienceOf(principal);
    const rec = this.d.book.get(id);
    let incident: Incident | null;
    let memberIds: string[];
    if (rec && rec.storedCounts === null) {
      incident = this.d.views.view(rec, audience);
      if (!incident) throw errors.notFound('incident');
      memberIds = this.sortMembers(rec, this.d.views.visibleMembers(rec, audience));
    } else {
      const stored = await this.d.repo.get(id);
      if (!stored) throw errors.notFound('incident');
      const members = await this.d.repo.members(id, INCIDENT_DETAIL_ALARMS * 5);
      const visible = members.filter((m) => audience.kind === 'operations' || this.d.visibility.isNodeVisible(m.resource, audience));
      if (visible.length === 0 && audience.kind !== 'operations') throw errors.notFound('incident');
      incident = rec ? (this.d.views.view(rec, audience) ?? stored.incident) : stored.incident;
      memberIds = visible.map((m) => m.alarmId);
      memberIds.sort((a, b) => (a === incident!.rootAlarmId ? -1 : b === incident!.rootAlarmId ? 1 : 0));
    }
    const alarms: Alarm[] = [];
    for (const alarmId of memberIds) {
      if (alarms.length >= INCIDENT_DETAIL_ALARMS) break;
      const a = this.d.ledger.get(alarmId);
      if (a) alarms.push(a);
    }
    return { incident, alarms, timeline: await this.timeline(id) };
  }

  acknowledge(principal: Principal, id: string, comment: string | null): Incident {
    const rec = this.actionable(principal, id);
    if (rec.state === 'acknowledged') throw errors.conflict(`incident ${id} is already acknowledged`);
    const by = actorOf(principal).actor;
    const now = this.d.sourceClock.now();
    const alarms = this.d.ledger.acknowledge(this.openMembers(rec), by, comment);
    rec.lifecycle = { state: 'acknowledged', ackedBy: by, ackedAt: iso(now) };
    rec.nextEscalationAt = null;
    this.d.book.timeline(rec, 'acknowledged', by, now, comment, { alarms });
    this.d.book.touch(rec, now);
    return rec.view();
  }

  assign(principal: Principal, id: string, assignee: string | null, comment: string | null): Incident {
    const rec = this.actionable(principal, id);
    const by = actorOf(principal).actor;
    const onTier = this.d.config.onCall().schedule.tiers[rec.tier];
    if (assignee !== null && assignee !== by && !onTier.includes(assignee) && !can(principal, 'incidents:dispatch')) {
      throw errors.forbidden(`${assignee} is not on call for tier ${rec.tier}: assigning across tiers needs incidents:dispatch`);
    }
    const now = this.d.sourceClock.now();
    const from = rec.assignee;
    rec.assignee = assignee;
    const alarms = this.d.ledger.assign(this.openMembers(rec), assignee, by, comment);
    this.d.book.timeline(rec, 'assigned', by, now, comment, { from, to: assignee, alarms });
    this.d.book.touch(rec, now);
    return rec.view();
  }

  escalate(principal: Principal, id: string, tier: Tier | undefined, comment: string | null): Incident {
    const rec = this.actionable(principal, id);
    const target = tier ?? rec.tier + 1;
    if (target > 4) throw errors.conflict(`incident ${id} is already at tier ${rec.tier}, the last`);
    if (target === rec.tier) throw errors.conflict(`incident ${id} is already at tier ${rec.tier}`);
    if (target < rec.tier && !can(principal, 'incidents:dispatch')) {
      throw errors.forbidden('moving an incident to a lower tier needs incidents:dispatch');
    }
    this.d.escalator.escalate(rec, target as Tier, actorOf(principal).actor, this.d.sourceClock.now(), null, comment);
    return rec.view();
  }

  async comment(principal: Principal, id: string, comment: string): Promise<Incident> {
    const now = this.d.sourceClock.now();
    const by = actorOf(principal).actor;
    const rec = this.d.book.get(id);
    if (rec && rec.storedCounts === null) {
      const view = this.d.views.view(rec, audienceOf(principal));
      if (!view) throw errors.notFound('incident');
      this.d.book.timeline(rec, 'commented', by, now, comment, null);
      this.d.book.touch(rec, now);
      return rec.view();
    }
    // An older, closed incident that only the store still holds: the comment is still kept.
    const { incident } = await this.detailHead(principal, id);
    this.d.book.timeline({ id }, 'commented', by, now, comment, null);
    return incident;
  }

  private async detailHead(principal: Principal, id: string): Promise<{ incident: Incident }> {
    const d = await this.detail(principal, id);
    return { incident: d.incident };
  }

  /** An incident in memory this principal sees and that is still open or acknowledged. */
  private actionable(principal: Principal, id: string): IncidentRecord {
    const rec = this.d.book.get(id);
    if (!rec || !this.d.views.view(rec, audienceOf(principal))) throw errors.notFound('incident');
    if (rec.lifecycle.state === 'merged') throw errors.conflict(`incident ${id} was merged into ${rec.lifecycle.mergedInto}`);
    if (rec.lifecycle.state === 'resolved') throw errors.conflict(`incident ${id} is resolved`);
    return rec;
  }

  private openMembers(rec: IncidentRecord): string[] {
    return [...rec.members].filter((id) => this.d.book.member(id)?.open);
  }

  /** Root first, then open before cleared, worst severity first, then the order they joined. */
  private sortMembers(rec: IncidentRecord, ids: string[]): string[] {
    const key = (id: string) => {
      const m = this.d.book.member(id)!;
      return { root: id === rec.rootAlarmId ? 0 : 1, open: m.open ? 0 : 1, sev: -SEVERITY_RANK[m.severity], joined: m.joinedAt };
    };
    return ids
      .map((id) => ({ id, k: key(id) }))
      .sort((a, b) => a.k.root - b.k.root || a.k.open - b.k.open || a.k.sev - b.k.sev || a.k.joined - b.k.joined)
      .map((x) => x.id);
  }

  /** The latest entries: what the store holds plus what is not written yet. */
  private async timeline(id: string): Promise<TimelineEntry[]> {
    const stored = await this.d.repo.timeline(id, INCIDENT_DETAIL_TIMELINE);
    const seen = new Set(stored.map((e) => e.id));
    const pending = this.d.book.pendingTimeline.filter((e) => e.incidentId === id && !seen.has(e.id));
    return [...stored, ...pending].slice(-INCIDENT_DETAIL_TIMELINE);
  }
}

function isAfter(i: Incident, [openedAt, id]: [string, string]): boolean {
  return i.openedAt < openedAt || (i.openedAt === openedAt && i.id < id);
}
