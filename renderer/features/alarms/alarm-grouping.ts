import { SEVERITY_RANK, emptySeverityCounts, type Alarm, type Severity } from '../../../shared/domain/alarms';
import type { Incident } from '../../../shared/domain/incidents';
import { compareAlarms, compareIncidents } from './alarm-model';
import type { NodeDirectory } from './node-directory';

/**
 * The board's rows, flat (for a virtualised list), built from the alarms and incidents held:
 *
 * - by incident: each incident is a row (its root cause), its members folded under it (root
 *   first, then symptoms worst first) until expanded; alarms not (yet) in an incident we hold
 *   stand alone; everything sorted worst first;
 * - by business system or by data center: a header per group with its counts per severity,
 *   expanded by default, root causes listed before their symptoms.
 *
 * `toggled` holds the keys the operator flipped from their default (incidents start folded,
 * groups start open), so the default needs no bookkeeping.
 */
export type GroupBy = 'incident' | 'system' | 'dc';
export const GROUP_BYS: readonly GroupBy[] = ['incident', 'system', 'dc'];

/** Group keys that are not a system or data center id. */
export const NO_SYSTEM = '__none';
export const UNKNOWN_DC = '__unknown';

export type AlarmRole = 'root' | 'symptom' | 'alone';

export type BoardRow =
  | { key: string; kind: 'incident'; incident: Incident; held: number; expanded: boolean }
  | { key: string; kind: 'group'; group: string; label: string; counts: Record<Severity, number>; total: number; expanded: boolean }
  | { key: string; kind: 'alarm'; alarm: Alarm; role: AlarmRole; depth: 0 | 1; parent: string | null }
  | { key: string; kind: 'more'; parent: string; hidden: number; incidentId: string | null };

export interface RowsInput {
  alarms: readonly Alarm[];
  incidents: readonly Incident[];
  groupBy: GroupBy;
  toggled: ReadonlySet<string>;
  directory: NodeDirectory;
  /** Label of a group key (system name, data center, or the two special keys). */
  groupLabel?: (key: string) => string;
}

export const incidentKey = (id: string) => `i:${id}`;
export const groupKey = (g: string) => `g:${g}`;

export function buildRows(input: RowsInput): BoardRow[] {
  return input.groupBy === 'incident' ? byIncident(input) : byGroup(input);
}

function roleOf(alarm: Alarm, roots: ReadonlySet<string>): AlarmRole {
  if (roots.has(alarm.id)) return 'root';
  return alarm.incidentId ? 'symptom' : 'alone';
}

/** Root first, then the rest worst first. */
function rootFirst(alarms: Alarm[], rootId: string | null): Alarm[] {
  return alarms.sort((a, b) => (a.id === rootId ? -1 : b.id === rootId ? 1 : compareAlarms(a, b)));
}

function byIncident({ alarms, incidents, toggled }: RowsInput): BoardRow[] {
  const known = new Map(incidents.map((i) => [i.id, i]));
  const members = new Map<string, Alarm[]>();
  const alone: Alarm[] = [];
  for (const a of alarms) {
    if (!a.incidentId || !known.has(a.incidentId)) {
      alone.push(a);
      continue;
    }
    const list = members.get(a.incidentId);
    if (list) list.push(a);
    else members.set(a.incidentId, [a]);
  }
  // Incidents and lone alarms interleave, worst first: a lone critical alarm never hides below a minor incident.
  type Top = { incident: Incident } | { alarm: Alarm };
  const tops: Top[] = [...incidents.map((incident) => ({ incident })), ...alone.map((alarm) => ({ alarm }))];
  tops.sort((x, y) => {
    const sx = 'incident' in x ? x.incident.severity : x.alarm.severity;
    const sy = 'incident' in y ? y.incident.severity : y.alarm.severity;
    if (sx !== sy) return SEVERITY_RANK[sy] - SEVERITY_RANK[sx];
    if ('incident' in x && 'incident' in y) return compareIncidents(x.incident, y.incident);
    if ('alarm' in x && 'alarm' in y) return compareAlarms(x.alarm, y.alarm);
    return 'incident' in x ? -1 : 1;
  });
  const rows: BoardRow[] = [];
  for (const top of tops) {
    if ('alarm' in top) {
      rows.push({ key: `a:${top.alarm.id}`, kind: 'alarm', alarm: top.alarm, role: 'alone', depth: 0, parent: null });
      continue;
    }
    const inc = top.incident;
    const key = incidentKey(inc.id);
    const held = rootFirst(members.get(inc.id) ?? [], inc.rootAlarmId);
    const expanded = toggled.has(key);
    rows.push({ key, kind: 'incident', incident: inc, held: held.length, expanded });
    if (!expanded) continue;
    for (const a of held) rows.push({ key: `${key}/a:${a.id}`, kind: 'alarm', alarm: a, role: a.id === inc.rootAlarmId ? 'root' : 'symptom', depth: 1, parent: key });
    const hidden = inc.openCount - held.length;
    if (hidden > 0) rows.push({ key: `${key}/more`, kind: 'more', parent: key, hidden, incidentId: inc.id });
  }
  return rows;
}

function byGroup({ alarms, incidents, groupBy, toggled, directory, groupLabel }: RowsInput): BoardRow[] {
  const roots = new Set(incidents.map((i) => i.rootAlarmId));
  const groups = new Map<string, Alarm[]>();
  const add = (g: string, a: Alarm) => {
    const list = groups.get(g);
    if (list) list.push(a);
    else groups.set(g, [a]);
  };
  for (const a of alarms) {
    if (groupBy === 'dc') add(directory.dc(a.resource) ?? UNKNOWN_DC, a);
    else {
      const systems = directory.systemsOf(a.resource);
      if (systems.length === 0) add(NO_SYSTEM, a);
      // An alarm under a shared component is listed under every system it hits.
      for (const s of systems) add(s, a);
    }
  }
  const label = groupLabel ?? ((g: string) => (groupBy === 'system' ? directory.name(g) : g));
  const summaries = [...groups.entries()].map(([g, list]) => {
    const counts = emptySeverityCounts();
    let worst = 0;
    for (const a of list) {
      counts[a.severity]++;
      worst = Math.max(worst, SEVERITY_RANK[a.severity]);
    }
    return { g, list, counts, worst, label: label(g) };
  });
  summaries.sort((x, y) => y.worst - x.worst || y.list.length - x.list.length || x.label.localeCompare(y.label));
  const rows: BoardRow[] = [];
  for (const s of summaries) {
    const key = groupKey(s.g);
    const expanded = !toggled.has(key);
    rows.push({ key, kind: 'group', group: s.g, label: s.label, counts: s.counts, total: s.list.length, expanded });
    if (!expanded) continue;
    const ordered = s.list.sort((a, b) => Number(roots.has(b.id)) - Number(roots.has(a.id)) || compareAlarms(a, b));
    for (const a of ordered) rows.push({ key: `${key}/a:${a.id}`, kind: 'alarm', alarm: a, role: roleOf(a, roots), depth: 1, parent: key });
  }
  return rows;
}
