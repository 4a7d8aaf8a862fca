import { SEVERITIES, emptySeverityCounts, type Severity } from '../../../shared/domain/alarms.js';
import type { Incident } from '../../../shared/domain/incidents.js';
import { audienceKey, type Audience } from '../../core/auth/principal.js';
import type { VisibilityIndex } from '../topology/index.js';
import type { IncidentBook } from './incident-book.js';
import type { IncidentRecord } from './incident-record.js';

/** Per incident, how many audiences' projections are cached (tenants are few). */
const MAX_AUDIENCES_PER_INCIDENT = 16;

interface Cached {
  version: number;
  visibility: number;
  view: Incident | null;
}

/**
 * An incident as one audience sees it. Operations see it whole. A tenant sees an incident only
 * when at least one member alarm is on a node it may see, and then only those members: counts,
 * severity and suppression are over its members, and when the root itself is hidden (another
 * tenant's node) the first visible member stands in as root, so no other tenant's alarm, node
 * or summary shows. Projections are cached per incident version and audience, so the stream hub's
 * reference diff sees an unchanged incident as unchanged.
 */
export class IncidentViews {
  private readonly cache = new Map<string, Map<string, Cached>>();

  constructor(
    private readonly book: IncidentBook,
    private readonly visibility: VisibilityIndex,
  ) {
    book.onChange((id) => {
      if (!book.get(id)) this.cache.delete(id);
    });
  }

  view(rec: IncidentRecord, audience: Audience): Incident | null {
    if (audience.kind === 'operations') return rec.view();
    if (audience.kind === 'nobody') return null;
    const key = audienceKey(audience);
    const visibility = this.visibility.version(audience);
    let perAudience = this.cache.get(rec.id);
    const hit = perAudience?.get(key);
    if (hit && hit.version === rec.version && hit.visibility === visibility) return hit.view;
    const view = this.project(rec, audience);
    if (!perAudience) this.cache.set(rec.id, (perAudience = new Map()));
    perAudience.set(key, { version: rec.version, visibility, view });
    if (perAudience.size > MAX_AUDIENCES_PER_INCIDENT) perAudience.delete(perAudience.keys().next().value!);
    return view;
  }

  /** Which member alarm ids this audience may see (all for operations). */
  visibleMembers(rec: IncidentRecord, audience: Audience): string[] {
    const out: string[] = [];
    for (const id of rec.members) {
      const m = this.book.member(id);
      if (m && (audience.kind === 'operations' || this.visibility.isNodeVisible(m.resource, audience))) out.push(id);
    }
    return out;
  }

  /** Drops cached projections of incidents no longer in memory. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  get cachedIncidents(): number {
    return this.cache.size;
  }

  private project(rec: IncidentRecord, audience: Audience): Incident | null {
    let visibleNodes = 0;
    for (const node of rec.nodes.keys()) if (this.visibility.isNodeVisible(node, audience)) visibleNodes++;
    if (visibleNodes === 0) return null;
    if (visibleNodes === rec.nodes.size && this.visibility.isNodeVisible(rec.rootResource, audience)) return rec.view();
    const bySeverity = emptySeverityCounts();
    let alarmCount = 0;
    let openCount = 0;
    let suppressedOpen = 0;
    let stand: { alarmId: string; resource: string; severity: Severity } | null = null;
    for (const id of rec.members) {
      const m = this.book.member(id);
      if (!m || !this.visibility.isNodeVisible(m.resource, audience)) continue;
      alarmCount++;
      stand ??= { alarmId: m.alarmId, resource: m.resource, severity: m.severity };
      if (m.open) {
        openCount++;
        bySeverity[m.severity]++;
        if (m.suppressed) suppressedOpen++;
      }
    }
    const base = rec.view();
    const rootVisible = this.visibility.isNodeVisible(rec.rootResource, audience);
    const root = rootVisible || !stand ? null : stand;
    return Object.freeze({
      ...base,
      ...(root ? { rootAlarmId: root.alarmId, rootResource: root.resource, title: root.resource } : {}),
      severity: SEVERITIES.find((s) => bySeverity[s] > 0) ?? root?.severity ?? base.severity,
      alarmCount,
      openCount,
      suppressed: openCount > 0 && suppressedOpen === openCount,
    });
  }
}
