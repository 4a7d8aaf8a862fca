import type { Severity } from '../../../shared/domain/alarms.js';
import type { Clock } from '../../core/clock.js';
import { oneAtATime } from '../../store/write-behind.js';
import type { Logger } from '../../core/logger.js';
import type { AlarmLedger } from '../alarms/index.js';
import type { Correlator } from './correlator.js';
import type { EscalationConfig } from './escalation-config.js';
import { RETAIN_CLOSED, type IncidentBook } from './incident-book.js';
import { IncidentRecord, iso, type MemberInfo } from './incident-record.js';
import type { IncidentRepository, StoredIncident } from './incident-repository.js';

export interface IncidentStoreDeps {
  book: IncidentBook;
  repo: IncidentRepository;
  ledger: AlarmLedger;
  correlator: Correlator;
  config: EscalationConfig;
  sourceClock: Clock;
  logger: Logger;
}

function recordOf(s: StoredIncident): IncidentRecord {
  const i = s.incident;
  const rec = new IncidentRecord(i.id, i.rootAlarmId, i.rootResource, i.title, Date.parse(i.openedAt), i.severity);
  const { id: _id, rootAlarmId: _r, rootResource: _rr, title: _t, severity: _s, alarmCount: _a, openCount: _o, openedAt: _oa, updatedAt: _u, tier: _ti, assignee: _as, policyId: _p, nextEscalationAt: _n, suppressed: _su, ...lifecycle } = i;
  rec.lifecycle = lifecycle;
  rec.tier = i.tier;
  rec.assignee = i.assignee;
  rec.policyId = i.policyId;
  rec.nextEscalationAt = i.nextEscalationAt === null ? null : Date.parse(i.nextEscalationAt);
  rec.tierChangedAt = Date.parse(s.tierChangedAt);
  rec.updatedAt = Date.parse(i.updatedAt);
  return rec;
}

/**
 * Write-behind and restart for the incident book. `flush` writes what changed since the last
 * flush in one transaction and keeps it for the next try when the store fails (timeline entries
 * stay readable meanwhile). `load` restores open incidents with their members as the ledger now
 * sees them, the most recent closed ones for lists, resolves incidents whose alarms all cleared
 * while the aggregator was down, and places open alarms that belong to no incident yet.
 */
export function createIncidentStore(d: IncidentStoreDeps) {
  const { book, repo } = d;

  async function flushOnce(): Promise<void> {
    const ids = [...book.dirty];
    book.dirty.clear();
    const incidents: StoredIncident[] = [];
    for (const id of ids) {
      const rec = book.get(id);
      if (rec) incidents.push({ incident: rec.view(), tierChangedAt: iso(rec.tierChangedAt) });
    }
    const memberInfos = [...book.pendingMembers.values()];
    book.pendingMembers.clear();
    const members = memberInfos.map((m) => ({ alarmId: m.alarmId, incidentId: m.incidentId, resource: m.resource, joinedAt: iso(m.joinedAt) }));
    const timeline = book.pendingTimeline.slice();
    try {
      await repo.saveBatch({ incidents, members, timeline });
    } catch (err) {
      for (const id of ids) book.dirty.add(id);
      for (const m of memberInfos) if (!book.pendingMembers.has(m.alarmId)) book.pendingMembers.set(m.alarmId, m);
      throw err;
    }
    const saved = new Set(timeline);
    book.pendingTimeline = book.pendingTimeline.filter((e) => !saved.has(e));
    book.evictClosed();
  }

  const flush = oneAtATime(flushOnce);

  async function load(): Promise<void> {
    await d.config.load();
    const now = d.sourceClock.now();
    const { incidents, members } = await repo.loadOpen();
    const byIncident = new Map<string, MemberInfo[]>();
    for (const row of members) {
      const alarm = d.ledger.get(row.alarmId);
      const info: MemberInfo = {
        alarmId: row.alarmId,
        incidentId: row.incidentId,
        resource: row.resource,
        open: alarm ? alarm.state !== 'cleared' : false,
        severity: (alarm?.severity ?? 'info') as Severity,
        suppressed: alarm ? alarm.suppressedBy !== null : false,
        clearedAt: alarm?.state === 'cleared' ? Date.parse(alarm.clearedAt) : alarm ? null : now,
        joinedAt: Date.parse(row.joinedAt),
      };
      let list = byIncident.get(row.incidentId);
      if (!list) byIncident.set(row.incidentId, (list = []));
      list.push(info);
    }
    const closed = await repo.loadRecentClosed(RETAIN_CLOSED);
    const closedNodes = await repo.memberNodes(closed.map((s) => s.incident.id));
    for (const s of closed.reverse()) {
      const rec = recordOf(s);
      rec.storedCounts = { alarmCount: s.incident.alarmCount, openCount: s.incident.openCount, severity: s.incident.severity };
      book.restore(rec, []);
    }
    for (const { incidentId, resource } of closedNodes) book.get(incidentId)?.nodes.set(resource, 1);
    for (const s of incidents) {
      const rec = recordOf(s);
      const root = d.ledger.get(rec.rootAlarmId);
      if (root) rec.rootSeverity = root.severity;
      book.restore(rec, byIncident.get(rec.id) ?? []);
    }
    d.ledger.onChange(d.correlator.onChange);
    // Reconcile with the ledger as it is now: what cleared while we were down, and what is new.
    for (const s of incidents) {
      const rec = book.get(s.incident.id)!;
      const wrong = [...rec.members].filter((id) => {
        const a = d.ledger.get(id);
        return a !== undefined && a.incidentId !== rec.id;
      });
      if (wrong.length > 0) d.ledger.setIncident(wrong, rec.id);
      if (rec.openCount === 0) book.resolve(rec, now);
    }
    for (const alarm of [...d.ledger.open()]) {
      if (!book.member(alarm.id)) d.correlator.place(alarm, now);
    }
  }

  return { flush, load };
}
