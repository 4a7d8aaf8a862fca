import { readGauge } from '../../core/process-metrics.js';
import { Gauge, type Registry } from 'prom-client';
import type { Correlator } from './correlator.js';
import type { DependencyIndex } from './dependency-index.js';
import type { Escalator } from './escalator.js';
import type { IncidentBook } from './incident-book.js';
import type { IncidentViews } from './incident-views.js';

/** Everything the incidents domain holds in memory, counted (architecture.md, memory budget). */
export function registerIncidentMetrics(
  registry: Registry,
  s: { book: IncidentBook; deps: DependencyIndex; correlator: Correlator; escalator: Escalator; views: IncidentViews },
): void {
  const gauge = (name: string, help: string, read: () => number) => readGauge(registry, name, help, read);
  gauge('skyfort_incidents_open', 'Open or acknowledged incidents', () => s.book.openCount);
  gauge('skyfort_incidents_in_memory', 'Incidents held in memory (open plus the most recent closed ones)', () => s.book.incidents.size);
  gauge('skyfort_incident_members', 'Alarm memberships held in memory', () => s.book.memberCount);
  gauge('skyfort_incident_pending_writes', 'Incidents, memberships and timeline entries not yet written to the store', () => s.book.dirty.size + s.book.pendingMembers.size + s.book.pendingTimeline.length);
  gauge('skyfort_incident_timeline_dropped', 'Timeline entries dropped because the store stayed unreachable', () => s.book.droppedTimeline);
  gauge('skyfort_incident_dependency_cache_ids', 'Node ids held by cached dependency closures', () => s.deps.size.ids);
  gauge('skyfort_incident_dependency_walks', 'Dependency closures computed (cache misses)', () => s.deps.computed);
  gauge('skyfort_incident_view_cache', 'Incidents with cached per-audience projections', () => s.views.cachedIncidents);
  gauge('skyfort_incident_escalations', 'Escalation steps taken (timer and by hand)', () => s.escalator.counters.escalations);
  gauge('skyfort_incident_deliveries_in_flight', 'Notifications waiting for an answer', () => s.escalator.deliveriesInFlight);
  const deliveries = new Gauge({ name: 'skyfort_incident_deliveries', help: 'Notification deliveries by result', labelNames: ['result'], registers: [registry], collect() {
    for (const [result, n] of Object.entries(s.escalator.counters.deliveries)) this.set({ result }, n);
  } });
  void deliveries;
  new Gauge({
    name: 'skyfort_incident_correlations',
    help: 'Alarms placed by correlation, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      for (const [outcome, n] of Object.entries(s.correlator.outcomes)) this.set({ outcome }, n);
    },
  });
}
